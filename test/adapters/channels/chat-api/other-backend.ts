import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A chat back end shaped nothing like the desk, written for the tests: threads instead of conversations, `event`/
 * `body`/`author.kind` instead of `type`/`text`/`from.role`, replies batched in `{ events: [...] }` after a typing
 * indicator, a join handshake on the WebSocket, and polls that return the whole thread every time.
 */
export interface OtherBackendBehaviour {
  /** Delay before the assistant's auto-reply; null: it never replies. */
  readonly botDelayMs: number | null;
  /** Delay (from the customer's message) before an operator replies; null: none does. */
  readonly humanDelayMs: number | null;
  /** HTTP status for thread creation and for the WebSocket upgrade (default 200 / 101). */
  readonly refuseWith?: number;
}

export interface OtherBackend {
  readonly wsUrl: string;
  readonly httpUrl: string;
  /** True delays (ms) from each customer message arriving to each reply leaving, by author kind. */
  readonly sent: { kind: 'assistant' | 'operator'; delayMs: number }[];
  stop(): Promise<void>;
}

type Event = { event: string; body?: string; author: { kind: string; display?: string }; at?: number };

export async function startOtherBackend(behaviour: OtherBackendBehaviour): Promise<OtherBackend> {
  const sent: OtherBackend['sent'] = [];
  const threads = new Map<string, Event[]>();
  const stop = new AbortController();

  /** Schedules the replies to a customer message; `deliver` puts a batch of events where the customer will see it. */
  const answer = (deliver: (events: Event[]) => void): void => {
    const arrived = performance.now();
    const later = async (ms: number | null, events: Event[], kind: 'assistant' | 'operator'): Promise<void> => {
      if (ms === null) return;
      await delay(ms, undefined, { signal: stop.signal }).catch(() => undefined);
      if (stop.signal.aborted) return;
      sent.push({ kind, delayMs: performance.now() - arrived });
      deliver(events);
    };
    void later(
      behaviour.botDelayMs,
      [
        { event: 'typing', author: { kind: 'assistant' } },
        {
          event: 'msg',
          body: 'Auto-reply: thanks, we reply within 2 hours.',
          author: { kind: 'assistant', display: 'HelpBot' },
        },
      ],
      'assistant',
    );
    void later(
      behaviour.humanDelayMs,
      [{ event: 'msg', body: 'Jo here, how can I help?', author: { kind: 'operator', display: 'Jo' } }],
      'operator',
    );
  };

  const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return chunks.length === 0 ? {} : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
  };
  const reply = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const match = /^\/v2\/threads(?:\/([^/]+)\/events)?$/.exec(req.url ?? '');
      const body = await readJson(req);
      if (match === null) return reply(res, 404, { problem: 'no such route' });
      const ref = match[1];
      if (ref === undefined && req.method === 'POST') {
        if (behaviour.refuseWith !== undefined) return reply(res, behaviour.refuseWith, { problem: 'unavailable' });
        const id = `t-${threads.size + 1}`;
        threads.set(id, []);
        return reply(res, 200, { thread: { ref: id } });
      }
      const thread = ref === undefined ? undefined : threads.get(ref);
      if (thread === undefined) return reply(res, 404, { problem: 'no such thread' });
      if (req.method === 'POST') {
        thread.push({ event: 'msg', body: String(body.body), author: { kind: 'visitor' } });
        answer((events) => thread.push(...events));
        return reply(res, 200, { ok: true });
      }
      return reply(res, 200, { events: thread });
    })();
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (behaviour.refuseWith !== undefined) {
      socket.end(`HTTP/1.1 ${behaviour.refuseWith} Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => converse(ws));
  });
  const converse = (ws: WebSocket): void => {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { event?: string; thread?: string; body?: string };
      if (frame.event === 'join') ws.send(JSON.stringify({ event: 'joined', thread: 't-ws-1' }));
      if (frame.event === 'say' && frame.thread === 't-ws-1') {
        ws.send(JSON.stringify({ events: [{ event: 'msg', body: frame.body, author: { kind: 'visitor' } }] }));
        answer((events) => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ events })));
      }
    });
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}/live`,
    httpUrl: `http://127.0.0.1:${port}`,
    sent,
    async stop() {
      stop.abort();
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Probe options for the other back end, as a catalogue would write them. */
const common = {
  message: 'Hello from {persona}',
  persona: 'Alex',
  receive: {
    messagesPath: '$.events[*]',
    textPath: '$.body',
    senderPath: '$.author.kind',
    senderNamePath: '$.author.display',
    ignore: [
      { path: '$.event', notEquals: 'msg' },
      { path: '$.author.kind', equals: 'visitor' },
    ],
  },
  human: [{ path: '$.author.kind', equals: 'operator' }],
  bot: [{ path: '$.author.kind', equals: 'assistant' }],
};

export const otherWebSocketOptions = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  transport: 'websocket',
  ...common,
  websocket: {
    hello: { event: 'join', visitor: '{persona}' },
    ready: [{ path: '$.event', equals: 'joined' }],
    conversationIdPath: '$.thread',
  },
  send: { event: 'say', thread: '{conversationId}', body: '{message}' },
  ...extra,
});

export const otherHttpOptions = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  transport: 'http',
  ...common,
  http: {
    start: { path: '/v2/threads', conversationIdPath: '$.thread.ref' },
    send: { path: '/v2/threads/{conversationId}/events' },
    poll: { path: '/v2/threads/{conversationId}/events', intervalMs: 5 },
  },
  send: { event: 'say', body: '{message}' },
  ...extra,
});
