/**
 * A loopback HTTP server that answers slowly: it holds every request until the test answers it (or for as long as the
 * test says), so a test decides how long a platform takes. It records whether the client gave up on a request (the
 * connection closed before an answer was sent), which is how an aborted request shows on the wire.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldRequest {
  readonly method: string;
  readonly url: string;
  /** Answers with a JSON body (and headers), if the client is still there. */
  answer(body: unknown, headers?: Record<string, string>): void;
  /** Settles when the client gave up on the request: true, or false once it was answered. */
  readonly abandoned: Promise<boolean>;
}

export interface HeldServer {
  readonly url: string;
  /** The next request not yet taken, once it arrives. */
  next(): Promise<HeldRequest>;
  close(): Promise<void>;
}

export async function startHeldServer(): Promise<HeldServer> {
  const arrived: HeldRequest[] = [];
  const waiting: ((request: HeldRequest) => void)[] = [];
  const open = new Set<ServerResponse>();

  const hold = (req: IncomingMessage, res: ServerResponse): void => {
    open.add(res);
    let settle: (abandoned: boolean) => void = () => undefined;
    const abandoned = new Promise<boolean>((resolve) => {
      settle = resolve;
    });
    res.on('close', () => {
      open.delete(res);
      settle(!res.writableEnded);
    });
    const request: HeldRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      abandoned,
      answer(body, headers = {}) {
        if (res.destroyed) return;
        res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      },
    };
    const taker = waiting.shift();
    if (taker === undefined) arrived.push(request);
    else taker(request);
  };

  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => hold(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    next: () => {
      const first = arrived.shift();
      return first === undefined ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve(first);
    },
    close: async () => {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
