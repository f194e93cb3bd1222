import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { Clock } from '../../../app/ports.ts';
import { redactUrl } from '../../../domain/redact-url.ts';

export interface HttpReply {
  readonly status: number;
  /** Monotonic clock time at which the response headers arrived. */
  readonly at: number;
  readonly text: string;
}

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /** Bytes of the response body read at most; past it reading stops and the request rejects with `BodyTooLarge`. */
  readonly maxBodyBytes?: number;
}

/** A response body longer than the request's `maxBodyBytes`: reading stopped there and the response was dropped. */
export class BodyTooLarge extends Error {
  readonly code = 'KEPT_BODY_TOO_LARGE';
  constructor(
    readonly limit: number,
    /** Bytes received when reading stopped (or the declared content-length, if larger): at least this much. */
    readonly seen: number,
  ) {
    super(`the response body is larger than ${limit} bytes (at least ${seen})`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * One TLS context for every https connection of the process: the default roots and NODE_EXTRA_CA_CERTS, as Node would
 * make for each connection, with certificates verified as always. Made per connection it cost 0.2-0.25 ms of CPU a
 * probe more (BENCHMARKS.md, "Over TLS"). Each attempt still opens its own connection and makes a full handshake.
 */
let sharedTls: tls.SecureContext | undefined;
const tlsContext = (): tls.SecureContext => (sharedTls ??= tls.createSecureContext());

function abortError(): Error {
  return new DOMException('the request was aborted', 'AbortError');
}

/**
 * A small JSON-over-HTTP client on node:http with keep-alive agents of its own, so a conversation's requests reuse
 * one connection and the first request does not pay for loading a fetch implementation. `at` is taken when the
 * response headers arrive. Rejects with the socket's error (its `code`, e.g. ECONNREFUSED) or an AbortError.
 */
export class HttpClient {
  readonly #clock: Clock;
  /** Made on first use: most conversations speak only one of the two. */
  readonly #agents: { 'http:'?: http.Agent; 'https:'?: https.Agent } = {};

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  request(request: HttpRequest): Promise<HttpReply> {
    const url = new URL(request.url);
    const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : undefined;
    if (protocol === undefined) return Promise.reject(new Error(`not an http(s) URL: ${redactUrl(request.url)}`));
    const send = protocol === 'https:' ? https.request : http.request;
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const { signal } = request;
    if (signal.aborted) return Promise.reject(abortError());
    return new Promise((resolve_, reject_) => {
      // The signal's listener is ours and removed as soon as the request is over: node:http's `signal` option keeps
      // its listener until the request closes, and destroys the finished request when the attempt's signal aborts.
      const onAbort = (): void => {
        outgoing.destroy();
        reject(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const resolve = (reply: HttpReply): void => {
        signal.removeEventListener('abort', onAbort);
        resolve_(reply);
      };
      const reject = (error: unknown): void => {
        signal.removeEventListener('abort', onAbort);
        reject_(error);
      };
      const limit = request.maxBodyBytes ?? Number.POSITIVE_INFINITY;
      const outgoing = send(url, { method: request.method, headers, agent: this.#agent(protocol) }, (response) => {
        const at = this.#clock.monotonic();
        const chunks: Buffer[] = [];
        let received = 0;
        let stopped = false;
        const tooLarge = (seen: number): void => {
          if (stopped) return;
          stopped = true;
          // Drop the connection: the rest of an endless body is never read into memory.
          response.destroy();
          outgoing.destroy();
          reject(new BodyTooLarge(limit, seen));
        };
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > limit) return tooLarge(declared);
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > limit) return tooLarge(received);
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, at, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }

  #agent(protocol: 'http:' | 'https:'): http.Agent {
    const made = this.#agents[protocol];
    if (made !== undefined) return made;
    const options = { keepAlive: true, maxSockets: 4 };
    if (protocol === 'https:')
      return (this.#agents['https:'] = new https.Agent({ ...options, secureContext: tlsContext() }));
    return (this.#agents['http:'] = new http.Agent(options));
  }

  /** Drops the kept-alive connections. */
  close(): void {
    this.#agents['http:']?.destroy();
    this.#agents['https:']?.destroy();
  }
}
