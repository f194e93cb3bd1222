/**
 * A chat peer that answers every customer message as an agent after a fixed delay, in a process of its own, and
 * prints the delay it truly kept for each conversation (from the message's arrival to the reply's send) as one line
 * of JSON on stdout: `{"text": "...", "trueDelayMs": 800.4}`. The first line is `{"url": "ws://127.0.0.1:PORT/chat"}`.
 *   node bench/fixed-delay-peer.ts 800      (with --import tsx)
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const delayMs = Number(process.argv[2] ?? '800');
const server = createServer();
const wss = new WebSocketServer({ server, path: '/chat' });
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const arrived = performance.now();
    const text = (JSON.parse(String(data)) as { text?: string }).text ?? '';
    setTimeout(() => {
      socket.send(
        JSON.stringify({
          text: `Hello, this is Ava. About "${text.slice(0, 40)}"…`,
          from: { role: 'agent', name: 'Ava' },
        }),
      );
      process.stdout.write(`${JSON.stringify({ text, trueDelayMs: performance.now() - arrived })}\n`);
    }, delayMs);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ url: `ws://127.0.0.1:${port}/chat` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
