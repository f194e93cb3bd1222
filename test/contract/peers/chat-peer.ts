import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PeerBehaviour } from '../channel.contract.ts';

/**
 * A chat back end that misbehaves on request, over HTTP (start, send, poll) and WebSocket, for the channel contract.
 * The behaviour is the first path segment: `http://host/<behaviour>/api/...`, `ws://host/<behaviour>`. Streams are
 * throttled (64 KiB every 5 ms, about 13 MB/s) so that an uncapped client grows slowly enough to see, not to crash.
 */

const HUMAN = { from: { role: 'agent', name: 'Ana' }, text: 'Hi, Ana here. How can I help?' };
const BOT = { from: { role: 'bot', name: 'Ava' }, text: 'Still looking…' };
/** One 10 MB message from a person (the contract's "huge message"). */
const HUGE_TEXT = 'x'.repeat(10 * 1024 * 1024);
const CHUNK = ' '.repeat(64 * 1024);
const ANSWER_AFTER_MS = 150;

/**
 * A chat page for the browser channel: it talks to the same misbehaving back end over a WebSocket (same host, same
 * behaviour segment) and shows every message it gets, whatever its size or however many come.
 */
const CHAT_PAGE = String.raw`<!doctype html>
<html><head><meta charset="utf-8"><title>Contract chat</title><link rel="icon" href="data:,"></head>
<body><ul id="log"></ul><input id="say" autocomplete="off"><button id="send" type="button">Send</button>
<script>
  const log = document.getElementById('log'), say = document.getElementById('say');
  const add = (role, text) => {
    const li = document.createElement('li'); li.className = 'msg'; li.dataset.role = role;
    const body = document.createElement('span'); body.className = 'text'; body.textContent = text; li.append(body); log.append(li);
  };
  const socket = new WebSocket(location.href.replace(/^http/, 'ws').replace(/\/page$/, ''));
  socket.onmessage = (e) => { const m = JSON.parse(e.data); add(m.from.role, m.text); };
  document.getElementById('send').addEventListener('click', () => {
    socket.send(JSON.stringify({ type: 'message', text: say.value })); add('customer', say.value); say.value = '';
  });
</script></body></html>`;

export interface ChatPeer {
  readonly httpUrl: (behaviour: PeerBehaviour) => string;
  readonly wsUrl: (behaviour: PeerBehaviour) => string;
  /** A chat page on the WebSocket back end, for the browser channel. */
  readonly pageUrl: (behaviour: PeerBehaviour) => string;
  /** Resolves when the next customer message arrives (over either transport). */
  nextMessage(): Promise<void>;
  stop(): Promise<void>;
}

export async function startChatPeer(): Promise<ChatPeer> {
  const waiting: (() => void)[] = [];
  const messageArrived = (): void => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  const timers = new Set<NodeJS.Timeout>();
  const every = (ms: number, step: () => boolean): void => {
    const timer = setInterval(() => {
      if (!step()) {
        clearInterval(timer);
        timers.delete(timer);
      }
    }, ms);
    timers.add(timer);
  };
  /** Conversation id -> when the customer wrote and whether the peer has "died" for it. */
  const conversations = new Map<string, { wroteAt?: number; dead?: boolean }>();
  let next = 0;
  const sockets = new Set<Socket>();

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const poll = (behaviour: string, conversation: { wroteAt?: number }, after: number, res: ServerResponse): void => {
    const wrote = conversation.wroteAt;
    const messages: unknown[] = [];
    if (wrote !== undefined && behaviour === 'answers' && Date.now() - wrote >= ANSWER_AFTER_MS) messages.push(HUMAN);
    if (wrote !== undefined && behaviour === 'huge-message') messages.push({ ...HUMAN, text: HUGE_TEXT });
    if (wrote !== undefined && behaviour === 'never-ending-stream') {
      // A new bot message on every poll: the conversation never ends and never reaches a person.
      json(res, 200, { messages: [{ ...BOT, id: `bot-${after}-${Date.now()}` }] });
      return;
    }
    if (wrote !== undefined && behaviour === 'endless-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"messages":[');
      every(5, () => !res.destroyed && res.write(CHUNK) !== undefined);
      return;
    }
    json(res, 200, { messages: messages.slice(after) });
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://peer');
    const [, behaviour = '', ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}`;
    req.resume();
    if (req.method === 'GET' && path === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(CHAT_PAGE);
      return;
    }
    if (req.method === 'POST' && path === '/api/conversations') {
      const id = `c${(next += 1)}`;
      conversations.set(id, {});
      return json(res, 201, { id });
    }
    const match = /^\/api\/conversations\/([^/]+)(\/messages)?$/.exec(path);
    const conversation = match === null ? undefined : conversations.get(match[1] as string);
    if (conversation === undefined) return json(res, 404, { error: 'no such conversation' });
    if (conversation.dead === true) {
      req.socket.destroy();
      return;
    }
    if (req.method === 'POST' && match?.[2] !== undefined) {
      req.on('end', () => {
        conversation.wroteAt = Date.now();
        messageArrived();
        if (behaviour === 'dies') {
          // The back end goes away mid-attempt: this and every later request on the conversation is reset.
          conversation.dead = true;
          req.socket.destroy();
          return;
        }
        json(res, 201, {});
      });
      return;
    }
    if (req.method === 'GET' && match?.[2] !== undefined) {
      return poll(behaviour, conversation, Number(url.searchParams.get('after') ?? 0), res);
    }
    if (req.method === 'DELETE') return json(res, 200, {});
    return json(res, 405, { error: 'method not allowed' });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket: WebSocket, req) => {
    const behaviour = new URL(req.url ?? '/', 'http://peer').pathname.slice(1);
    socket.on('error', () => undefined);
    socket.on('message', () => {
      messageArrived();
      const send = (frame: unknown): boolean => {
        if (socket.readyState !== socket.OPEN) return false;
        socket.send(JSON.stringify(frame));
        return true;
      };
      switch (behaviour) {
        case 'answers':
          setTimeout(() => send(HUMAN), ANSWER_AFTER_MS).unref();
          return;
        case 'dies':
          socket.terminate();
          return;
        case 'huge-message':
          send({ ...HUMAN, text: HUGE_TEXT });
          return;
        case 'never-ending-stream':
          every(5, () => send(BOT));
          return;
        case 'endless-body':
          // One message that never ends: fragments without FIN, forever.
          every(5, () => {
            if (socket.readyState !== socket.OPEN) return false;
            socket.send(CHUNK, { fin: false, binary: false });
            return true;
          });
          return;
        default:
          return; // silent
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    httpUrl: (behaviour) => `http://127.0.0.1:${port}/${behaviour}`,
    wsUrl: (behaviour) => `ws://127.0.0.1:${port}/${behaviour}`,
    pageUrl: (behaviour) => `http://127.0.0.1:${port}/${behaviour}/page`,
    nextMessage: () => new Promise<void>((resolve) => waiting.push(resolve)),
    async stop() {
      for (const timer of timers) clearInterval(timer);
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
