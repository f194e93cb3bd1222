/**
 * A local HTTP endpoint with a known delay, in a process of its own, for bench/blackbox.bench.ts. Every request carries
 * `?id=...` (or its id in the path); the endpoint prints, for each delayed request, the delay it truly kept (from the
 * request's arrival to the end of its response) as one line of JSON on stdout:
 * `{"id": "bb-chat-3", "route": "chat", "trueDelayMs": 200.6}`. The first line is `{"url": "http://127.0.0.1:PORT"}`.
 *   GET  /health?id=X                 200 {"status":"ok"} after D ms
 *   POST /chat?id=X  {"text": "..."}  200 {"conversationId":"X","messages":[customer, agent]} after D ms (synchronous)
 *   GET  /chat/X/messages             the stored conversation at once (the poll of Kept's chat-API HTTP transport)
 *   GET  /health/X/messages           {"messages":[{"text":"ok",...}]} at once once /health?id=X has answered
 *   node --import tsx bench/delay-endpoint.ts 200 [--tls=<dir>]
 * With `--tls=<dir>` it speaks HTTPS with `<dir>/cert.pem` and `<dir>/cert-key.pem` (its first line then says
 * https://).
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';

const delayMs = Number(process.argv[2] ?? '200');
const tlsDir = process.argv.find((arg) => arg.startsWith('--tls='))?.slice('--tls='.length);
const MAX_KEPT = 10_000; // conversations remembered at most (the bench runs bounded counts)
const conversations = new Map<string, unknown[]>();
const healthy = new Set<string>();

function remember<K, V>(map: Map<K, V> | Set<K>, key: K, value?: V): void {
  if (map.size >= MAX_KEPT) map.clear();
  if (map instanceof Map) map.set(key, value as V);
  else map.add(key);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Answers after the delay and prints the delay truly kept once the response has been handed to the socket. */
function delayed(res: ServerResponse, arrived: number, id: string, route: string, answer: () => void): void {
  res.on('finish', () =>
    process.stdout.write(`${JSON.stringify({ id, route, trueDelayMs: performance.now() - arrived })}\n`),
  );
  setTimeout(answer, delayMs);
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= 65_536) chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  const arrived = performance.now();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const id = url.searchParams.get('id') ?? '';
  const poll = /^\/(chat|health)\/([^/]+)\/messages$/.exec(url.pathname);
  if (req.method === 'GET' && url.pathname === '/health') {
    // Kept's HTTP transport may send a JSON body with GET: read it before answering.
    void bodyOf(req).then(() =>
      delayed(res, arrived, id, 'health', () => {
        remember(healthy, id);
        json(res, 200, { status: 'ok' });
      }),
    );
  } else if (req.method === 'POST' && url.pathname === '/chat') {
    void bodyOf(req).then((raw) => {
      let text = '';
      try {
        text = String((JSON.parse(raw) as { text?: unknown }).text ?? '');
      } catch {
        text = '';
      }
      const messages = [
        { from: { role: 'customer' }, text },
        { from: { role: 'agent', name: 'Ava' }, text: `Hello, this is Ava. About "${text.slice(0, 40)}"…` },
      ];
      delayed(res, arrived, id, 'chat', () => {
        remember(conversations, id, messages);
        json(res, 200, { conversationId: id, messages });
      });
    });
  } else if (req.method === 'GET' && poll !== null) {
    const [, kind, pollId = ''] = poll;
    const key = decodeURIComponent(pollId);
    if (kind === 'chat') json(res, 200, { messages: conversations.get(key) ?? [] });
    else json(res, 200, { messages: healthy.has(key) ? [{ from: { role: 'agent' }, text: 'ok' }] : [] });
  } else {
    json(res, 404, { error: 'not found' });
  }
}

const server =
  tlsDir === undefined
    ? createHttpServer(answer)
    : createHttpsServer(
        { cert: readFileSync(join(tlsDir, 'cert.pem')), key: readFileSync(join(tlsDir, 'cert-key.pem')) },
        answer,
      );
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(
    `${JSON.stringify({ url: `${tlsDir === undefined ? 'http' : 'https'}://127.0.0.1:${port}` })}\n`,
  );
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
