import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COPY_BYTES, readCopyWithin } from '../../../src/adapters/signoff/copy-input.ts';

async function* chunks(...parts: string[]): AsyncIterable<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

describe('readCopyWithin: the copy kept signoff reads, at most 256 KB', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kept-copy-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a file of exactly 256 KB', async () => {
    const file = join(dir, 'page.html');
    await writeFile(file, 'a'.repeat(MAX_COPY_BYTES));
    expect((await readCopyWithin(file)).length).toBe(MAX_COPY_BYTES);
  });

  it('refuses a larger file with a sentence, before reading it', async () => {
    const file = join(dir, 'big.html');
    await writeFile(file, 'a'.repeat(MAX_COPY_BYTES + 1));
    await expect(readCopyWithin(file)).rejects.toMatchObject({
      kind: 'validation',
      code: 'signoff.too-large',
      message: `${file} is larger than 256 KB (257 KB); sign off one page at a time`,
    });
  });

  it('reads standard input, and stops reading it past the limit', async () => {
    expect(await readCopyWithin('-', 10, chunks('Live ', 'chat'))).toBe('Live chat');
    await expect(readCopyWithin('-', 10, chunks('Live chat ', '24/7'))).rejects.toThrow(
      'standard input is larger than 10 bytes (more than that was sent); sign off one page at a time',
    );
  });
});
