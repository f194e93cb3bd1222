import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ChatDesk } from './chat-desk.service.ts';

/** WebSocket close code the desk uses when it is closed (RFC 6455 1013: try again later). */
export const CLOSED_CODE = 1013;

function parseFrame(data: RawData): { text?: string; customer?: string } | undefined {
  try {
    const frame: unknown = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
    if (frame === null || typeof frame !== 'object') return undefined;
    const { type, text, customer, name } = frame as Record<string, unknown>;
    const who = typeof customer === 'string' ? customer : typeof name === 'string' ? name : undefined;
    if (type === 'hello') return who === undefined ? {} : { customer: who };
    if (typeof text !== 'string' || text.trim() === '') return undefined;
    return { text, ...(who === undefined ? {} : { customer: who }) };
  } catch {
    return undefined;
  }
}

/**
 * The desk's WebSocket front door at `/chat`: each socket is one conversation. Frames in: `{ "type": "message",
 * "text": "...", "customer"?: "Sam" }` (or `{ "type": "hello", "customer": "Sam" }`); frames out: every message of
 * the conversation, the customer's own echoed back, as the desk's message JSON. When the desk is closed it closes
 * the socket with code 1013.
 */
export class ChatGateway {
  readonly #server = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #desk: ChatDesk;

  constructor(desk: ChatDesk) {
    this.#desk = desk;
    this.#server.on('connection', (socket) => this.#accept(socket));
  }

  /** Handles an HTTP upgrade: `/chat` becomes a conversation, anything else is refused with 404. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://desk').pathname;
    if (path !== '/chat') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.#server.handleUpgrade(request, socket, head, (ws) => this.#server.emit('connection', ws, request));
  }

  #accept(socket: WebSocket): void {
    const conversation = this.#desk.open('websocket');
    const unsubscribe = this.#desk.subscribe(conversation.id, (message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    });
    socket.on('message', (data) => {
      const frame = parseFrame(data);
      if (frame === undefined) {
        socket.send(JSON.stringify({ type: 'error', error: 'expected {"type":"message","text":"..."}' }));
        return;
      }
      if (frame.text === undefined) {
        if (frame.customer !== undefined) conversation.customer = frame.customer;
        return;
      }
      const received = this.#desk.receive(conversation.id, frame.text, frame.customer);
      if (!received.accepted) socket.close(received.why === 'closed' ? CLOSED_CODE : 1000, `desk ${received.why}`);
    });
    socket.on('close', () => {
      unsubscribe();
      this.#desk.end(conversation.id);
    });
    socket.on('error', () => socket.terminate());
  }

  /** Closes every socket and the server. */
  async close(): Promise<void> {
    for (const client of this.#server.clients) client.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
