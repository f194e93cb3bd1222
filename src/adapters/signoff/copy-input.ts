import { readFile, stat } from 'node:fs/promises';
import { validationError } from '../../domain/errors.ts';

/** The largest copy signed off at once, over the API (413) and by `kept signoff`: 256 KB, a long web page. */
export const MAX_COPY_BYTES = 256 * 1024;

const amount = (bytes: number): string => (bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`);

const tooLarge = (source: string, size: string, maxBytes: number) =>
  validationError(
    'signoff.too-large',
    `${source} is larger than ${amount(maxBytes)} (${size}); sign off one page at a time`,
  );

/** Reads copy from a file, or standard input for `-`, refusing more than `maxBytes` before reading it whole. */
export async function readCopyWithin(
  file: string,
  maxBytes = MAX_COPY_BYTES,
  stdin: AsyncIterable<unknown> = process.stdin,
): Promise<string> {
  if (file !== '-') {
    const { size } = await stat(file);
    if (size > maxBytes) throw tooLarge(file, `${Math.ceil(size / 1024)} KB`, maxBytes);
    return readFile(file, 'utf8');
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    bytes += buffer.length;
    if (bytes > maxBytes) throw tooLarge('standard input', 'more than that was sent', maxBytes);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
