import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * An HTTP-polling chat back end written for the tests, shaped like neither the desk nor other-backend.ts: a session
 * token, messages under `items` with `uid` / `body` / `author.type` / `ts`, and an opaque server-issued cursor
 * (`next`) that a poll hands back to get only what is newer. It never pushes: replies become visible in the next poll.
 *   POST /v1/sessions                             → 201 { session: { token } }
 *   POST /v1/sessions/:token/messages { body }    → 202 { accepted: { uid }, next }
 *   GET  /v1/sessions/:token/items?cursor=C       → 200 { items: [...newer than C], next }  (no or empty C: all)
 *   GET  /v1/sessions/:token/items                → 200 { items: [...all], next }
 * What it did is recorded for the tests: the delay each reply truly had (from the customer's message arriving to the
 * reply becoming visible to a poll), the cursor each poll carried, and how many items each poll served.
 */
export interface PollingPeerBehaviour {
  /** Delays (ms, from the customer's message) of the bot's and the staff member's replies, per conversation in turn. */
  readonly delays: readonly { readonly botMs: number | null; readonly staffMs: number | null }[];
  /**
   * How the customer's own message comes back in the items: `none`, `same` text (author `visitor`, not marked in any
   * way a rule would catch unless told), or `rewritten` (as `<p>text</p>`, so only its uid tells it is the customer's).
   */
  readonly echo?: 'none' | 'same' | 'rewritten';
}

export interface PeerItem {
  readonly uid: string;
  readonly body: string;
  readonly author: { readonly type: 'visitor' | 'assistant' | 'staff'; readonly name?: string };
  readonly ts: string;
}

export interface PollingPeer {
  readonly url: string;
  /** True delays of the replies, in order of sending. */
  readonly replies: { conversation: number; type: 'assistant' | 'staff'; delayMs: number }[];
  /** Each poll: the cursor it carried ('' for none), the cursor the server had last issued to that session, items. */
  readonly polls: { cursor: string; lastIssued: string | undefined; served: number }[];
  /** Items ever added to all sessions. */
  itemCount(): number;
  stop(): Promise<void>;
}

interface Session {
  readonly items: PeerItem[];
  /** Issued cursors → how many items they have already seen. */
  readonly cursors: Map<string, number>;
  lastIssued: string | undefined;
}

export async function startPollingPeer(
  behaviour: PollingPeerBehaviour,
  onReply: (reply: PollingPeer['replies'][number]) => void = () => undefined,
): Promise<PollingPeer> {
  const sessions = new Map<string, Session>();
  const replies: PollingPeer['replies'] = [];
  const polls: PollingPeer['polls'] = [];
  const timers = new Set<NodeJS.Timeout>();
  let conversations = 0;
  let uid = 0;
  const epoch = Date.parse('2026-12-06T12:00:00Z');
  const item = (body: string, type: PeerItem['author']['type'], name?: string): PeerItem => ({
    uid: `u${(uid += 1)}`,
    body,
    author: name === undefined ? { type } : { type, name },
    ts: new Date(epoch + uid).toISOString(),
  });
  const issue = (session: Session): string => {
    const cursor = randomBytes(6).toString('base64url');
    session.cursors.set(cursor, session.items.length);
    session.lastIssued = cursor;
    return cursor;
  };

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const bodyOf = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  };

  const later = (session: Session, arrived: number, ms: number | null, reply: PeerItem, n: number): void => {
    if (ms === null) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      session.items.push(reply);
      const type = reply.author.type === 'staff' ? 'staff' : 'assistant';
      const record = { conversation: n, type, delayMs: performance.now() - arrived } as const;
      replies.push(record);
      onReply(record);
    }, ms);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/v1\/sessions(?:\/([^/]+)\/(messages|items))?$/.exec(url.pathname);
    const session = match?.[1] === undefined ? undefined : sessions.get(match[1]);
    if (req.method === 'POST' && match !== null && match[1] === undefined) {
      const token = randomBytes(8).toString('hex');
      sessions.set(token, { items: [], cursors: new Map(), lastIssued: undefined });
      return json(res, 201, { session: { token } });
    }
    if (session === undefined) return json(res, 404, { error: 'no such session' });
    if (req.method === 'POST' && match?.[2] === 'messages') {
      const arrived = performance.now();
      void bodyOf(req).then((body) => {
        const text = String((body as { body?: unknown } | undefined)?.body ?? '');
        const mine = item(text, 'visitor');
        const echo = behaviour.echo ?? 'none';
        if (echo !== 'none') session.items.push(echo === 'same' ? mine : { ...mine, body: `<p>${text}</p>` });
        const delays = behaviour.delays[conversations % behaviour.delays.length] ?? { botMs: null, staffMs: null };
        const n = conversations;
        conversations += 1;
        const bot = item('Thanks! I am the assistant; someone will be with you.', 'assistant', 'Bot');
        later(session, arrived, delays.botMs, bot, n);
        later(session, arrived, delays.staffMs, item('Hi, Lee from support here. How can I help?', 'staff', 'Lee'), n);
        json(res, 202, { accepted: { uid: mine.uid }, next: issue(session) });
      });
      return;
    }
    if (req.method === 'GET' && match?.[2] === 'items') {
      const cursor = url.searchParams.get('cursor') ?? '';
      const from = cursor === '' ? 0 : session.cursors.get(cursor);
      if (from === undefined) return json(res, 400, { error: 'unknown cursor' });
      const items = session.items.slice(from);
      polls.push({ cursor, lastIssued: session.lastIssued, served: items.length });
      return json(res, 200, { items, next: issue(session) });
    }
    return json(res, 405, { error: 'method not allowed' });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    replies,
    polls,
    itemCount: () => [...sessions.values()].reduce((sum, s) => sum + s.items.length, 0),
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The peer's options as a catalogue writes them, with the poll path given (cursor or whole log). */
export function pollingPeerOptions(pollPath: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transport: 'http',
    message: 'Hello, this is {persona}: my parcel never arrived (run {runId}).',
    persona: 'Lee Customer',
    send: { body: '{message}' },
    http: {
      start: { path: '/v1/sessions', conversationIdPath: '$.session.token' },
      send: { path: '/v1/sessions/{conversationId}/messages' },
      poll: { path: pollPath },
    },
    receive: {
      messagesPath: '$.items[*]',
      textPath: '$.body',
      idPath: '$.uid',
      senderPath: '$.author.type',
      senderNamePath: '$.author.name',
    },
    human: [{ path: '$.author.type', equals: 'staff' }],
    bot: [{ path: '$.author.type', equals: 'assistant' }],
    ...extra,
  };
}

/**
 * The peer in a process of its own (test/adapters/channels/chat-api/polling-peer.main.ts), so its timers and the
 * probe's never share an event loop: a reply that becomes visible is not read by a poll that happened to be due in
 * the same turn of the loop. Replies are reported on stdout as JSON lines.
 */
export async function startPollingPeerProcess(behaviour: PollingPeerBehaviour): Promise<PollingPeer> {
  const { spawn } = await import('node:child_process');
  const { createInterface } = await import('node:readline');
  const { join } = await import('node:path');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'polling-peer.main.ts'), JSON.stringify(behaviour)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const replies: PollingPeer['replies'] = [];
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the polling peer exited (${code})`)));
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { url?: string; reply?: PollingPeer['replies'][number] };
      if (message.url !== undefined) resolve(message.url);
      if (message.reply !== undefined) replies.push(message.reply);
    });
  });
  return {
    url,
    replies,
    polls: [],
    itemCount: () => Number.NaN,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
