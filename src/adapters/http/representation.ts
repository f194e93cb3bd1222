import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Request, Response } from 'express';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type ContentCoding = 'br' | 'gzip';

/** Bodies smaller than this are sent as they are: compressing them saves less than the headers it costs. */
const MIN_COMPRESS_BYTES = 1_024;

/**
 * A response body rendered once and served many times: its bytes, a strong ETag, and its gzip and Brotli encodings,
 * each made on first demand off the event loop (zlib runs on libuv's thread pool) and kept. Brotli runs at quality 5:
 * at the default (11) a 650 kB claims list takes about a second, at 5 about 15 ms for nearly the same size.
 */
export class Representation {
  readonly body: Buffer;
  readonly etag: string;
  readonly contentType: string;
  readonly #encoded = new Map<ContentCoding, Promise<Buffer>>();

  constructor(body: string | Buffer, contentType: string) {
    this.body = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    this.contentType = contentType;
    this.etag = `"${createHash('sha1').update(this.body).digest('base64url')}"`;
  }

  encoded(coding: ContentCoding): Promise<Buffer> {
    let made = this.#encoded.get(coding);
    if (made === undefined) {
      made =
        coding === 'br'
          ? brotli(this.body, {
              params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: this.body.length },
            })
          : gzipAsync(this.body, { level: 6 });
      this.#encoded.set(coding, made);
    }
    return made;
  }
}

export function jsonRepresentation(value: unknown): Representation {
  return new Representation(JSON.stringify(value), 'application/json; charset=utf-8');
}

/**
 * The coding to send for an Accept-Encoding header: Brotli when the client takes it at least as gladly as gzip, then
 * gzip, else none. Among codings the client weighs alike the server's preference decides (RFC 9110 12.5.3 leaves it
 * to the server); `q=0` refuses a coding, and `*` stands for any coding not named.
 */
export function chooseCoding(header: string | undefined): ContentCoding | null {
  if (header === undefined) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName = '', ...params] = part.toLowerCase().split(';');
    const name = rawName.trim();
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name !== '') weights.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (coding: ContentCoding): number => weights.get(coding) ?? weights.get('*') ?? 0;
  const br = weight('br');
  const gz = weight('gzip');
  if (br > 0 && br >= gz) return 'br';
  return gz > 0 ? 'gzip' : null;
}

/** Whether an If-None-Match header names this ETag (weak comparison, RFC 9110 13.1.2). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Sends a representation: 304 when the client already has it (If-None-Match), otherwise the body in the best coding
 * the client accepts (Brotli, then gzip, then identity), with `Vary: Accept-Encoding` so caches keep them apart.
 */
export async function sendRepresentation(req: Request, res: Response, representation: Representation): Promise<void> {
  res.setHeader('ETag', representation.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Content-Type', representation.contentType);
  if (matchesEtag(req.get('if-none-match'), representation.etag)) {
    res.status(304).end();
    return;
  }
  const coding = representation.body.length < MIN_COMPRESS_BYTES ? null : chooseCoding(req.get('accept-encoding'));
  if (coding !== null) {
    const bytes = await representation.encoded(coding);
    res.setHeader('Content-Encoding', coding);
    res.setHeader('Content-Length', bytes.length);
    res.end(bytes);
    return;
  }
  res.setHeader('Content-Length', representation.body.length);
  res.end(representation.body);
}

/**
 * A few representations (or promises of them) kept by key, least recently used dropped first, so that the same answer
 * asked for by fifty clients is rendered, hashed and compressed once. Keys name everything the body depends on (e.g.
 * when verdicts were computed and the query's parameters). A promise that fails is forgotten.
 */
export class RepresentationCache<V extends Representation | Promise<Representation> = Representation> {
  readonly #entries = new Map<string, V>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, make: () => V): V {
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      const made = make();
      entry = made;
      if (made instanceof Promise) made.catch(() => this.#entries.get(key) === made && this.#entries.delete(key));
      if (this.#entries.size >= this.maxEntries) {
        const oldest = this.#entries.keys().next().value;
        if (oldest !== undefined) this.#entries.delete(oldest);
      }
    } else {
      this.#entries.delete(key);
    }
    this.#entries.set(key, entry);
    return entry;
  }
}
