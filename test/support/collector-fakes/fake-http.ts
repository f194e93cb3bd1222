/**
 * A small loopback HTTP server for the collector fakes: each fake registers a handler that answers the way the
 * vendor documents (its auth, parameters, shapes and errors); tests can queue one-off answers (a 429, a 503, a body
 * of another shape) that come before the handler, and read every request the collector sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface FakeAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** An object is sent as JSON; a string as is. */
  readonly body?: unknown;
  /** Hold the answer this long, ms (for timeouts). */
  readonly delayMs?: number;
}

export type FakeHandler = (request: FakeRequest, fake: { readonly url: string }) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeServer {
  readonly url: string;
  readonly requests: FakeRequest[];
  /** Answers the next request with this instead of the handler. */
  answerNext(answer: FakeAnswer): void;
  close(): Promise<void>;
}

function send(response: ServerResponse, answer: FakeAnswer): void {
  const json = answer.body !== undefined && typeof answer.body !== 'string';
  const text = answer.body === undefined ? '' : json ? JSON.stringify(answer.body) : String(answer.body);
  response.writeHead(answer.status, {
    ...(json ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    ...answer.headers,
  });
  response.end(text);
}

export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const queued: FakeAnswer[] = [];
  let url = '';
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const parsed = new URL(incoming.url ?? '/', 'http://fake');
      const request: FakeRequest = {
        method: incoming.method ?? 'GET',
        path: decodeURIComponent(parsed.pathname),
        query: parsed.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const next = queued.shift();
      void Promise.resolve(next ?? handler(request, { url }))
        .then(async (answer) => {
          if (answer.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
          if (!response.destroyed) send(response, answer);
        })
        .catch((error: unknown) => send(response, { status: 500, body: { fakeError: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    answerNext: (answer) => queued.push(answer),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The user and password of an HTTP Basic `Authorization` header, or undefined. */
export function basicAuth(headers: IncomingMessage['headers']): { user: string; password: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(headers.authorization ?? '');
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A bearer token from `Authorization`, or undefined. */
export function bearer(headers: IncomingMessage['headers']): string | undefined {
  return /^Bearer (\S+)$/i.exec(headers.authorization ?? '')?.[1];
}

/** Whether `text` is an ISO 8601 date-time with a zone, as the vendors' APIs demand. */
export const isIsoDateTime = (text: string | null): boolean =>
  text !== null &&
  /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(text) &&
  !Number.isNaN(Date.parse(text));
