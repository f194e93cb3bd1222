import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';

/** What a fake receiver saw: one request, with its arrival time (ms, performance.now) and raw body. */
export interface SeenRequest {
  readonly at: number;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly raw: string;
  readonly json: unknown;
}

/** A planned answer that overrides the fake's normal behaviour for one request (an outage, a rate limit). */
export interface PlannedAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Drop the connection instead of answering (a network error). */
  readonly hangUp?: boolean;
}

export interface FakeServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Answers the next requests with these, in order, before behaving normally again. */
  plan(...answers: PlannedAnswer[]): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 and a free port, with express: `handle` is the fake vendor's documented behaviour,
 * used whenever no planned answer is pending. Bodies are read raw (for signatures), then parsed as JSON when they can be.
 */
export async function startFakeServer(
  handle: (request: SeenRequest, res: Response, req: Request) => void,
): Promise<FakeServer> {
  const app = express();
  const requests: SeenRequest[] = [];
  const planned: PlannedAnswer[] = [];
  app.use(express.raw({ type: () => true, limit: '1mb' }));
  app.all(/.*/, (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const seen: SeenRequest = { at: performance.now(), path: req.path, headers: req.headers, raw, json };
    requests.push(seen);
    const answer = planned.shift();
    if (answer === undefined) {
      handle(seen, res, req);
      return;
    }
    if (answer.hangUp === true) {
      req.socket.destroy();
      return;
    }
    res.status(answer.status).set(answer.headers ?? {});
    if (typeof answer.body === 'string') res.send(answer.body);
    else if (answer.body === undefined) res.end();
    else res.json(answer.body);
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    plan: (...answers) => planned.push(...answers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
