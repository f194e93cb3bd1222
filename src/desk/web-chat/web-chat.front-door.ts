import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import express from 'express';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { listen } from '../../adapters/net/listen.ts';
import { seededRandom } from '../chat-desk.service.ts';
import { checkStaffing, staffingAt } from '../staffing.schedule.ts';
import { WEB_CHAT_PAGE } from './web-chat.page.ts';
import { WEB_CHAT_SCENARIOS, WebChatDesk, type WebChatRecord, type WebChatScenario } from './web-chat.desk.ts';
import type { FrontDoorOptions } from '../front-door.options.ts';

export type { WebChatEntry, WebChatRecord, WebChatScenario } from './web-chat.desk.ts';

export interface WebChatFrontDoorOptions extends FrontDoorOptions {
  /** How long (clock ms) the bot takes over every reply. Default 800. */
  readonly botDelayMs?: number;
}

export interface RunningWebChatFrontDoor {
  /** The support page with the chat widget: http://host:port/ */
  pageUrl: string;
  /** The same page where the bot never hands over to a person: http://host:port/?scenario=never-hands-over */
  deadEndUrl: string;
  /** http://host:port (also GET /api/web-chat/conversations: the desk's own record, with true delays) */
  httpUrl: string;
  /** The newest conversations first, with every message's true delay. */
  conversations(limit?: number): WebChatRecord[];
  stop(): Promise<void>;
}

const SOCKET_PATH = '/web-chat/socket';

function scenarioOf(value: string | null): WebChatScenario {
  return (WEB_CHAT_SCENARIOS as readonly string[]).includes(value ?? '') ? (value as WebChatScenario) : 'normal';
}

function textOf(data: RawData): string | undefined {
  try {
    const frame: unknown = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
    const text = (frame as { text?: unknown } | null)?.text;
    return typeof text === 'string' && text.trim() !== '' ? text.trim().slice(0, 4_000) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the desk's web-chat front door: a support page with its own chat widget (GET /), the widget's WebSocket
 * (/web-chat/socket), the desk's record of every conversation with its true delays (GET /api/web-chat/conversations)
 * and GET /healthz. Who answers follows `staffing` on `clock` (see docs/architecture/browser-chat-channel.md).
 */
export async function startWebChatFrontDoor(options: WebChatFrontDoorOptions): Promise<RunningWebChatFrontDoor> {
  checkStaffing(options.staffing);
  const { clock, staffing } = options;
  const host = options.host ?? '127.0.0.1';
  const desk = new WebChatDesk({
    clock,
    staffing,
    random: seededRandom(options.seed ?? 1),
    botDelayMs: options.botDelayMs ?? 800,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (_req, res) => {
    res.type('html').set('cache-control', 'no-store').send(WEB_CHAT_PAGE);
  });
  app.get('/healthz', (_req, res) => {
    const now = clock.now();
    res.json({ status: 'ok', time: new Date(now).toISOString(), staffing: staffingAt(staffing, now).mode });
  });
  app.get('/api/web-chat/conversations', (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 50) || 50, 1), 500);
    res.json({ conversations: desk.records(limit) });
  });

  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const accept = (socket: WebSocket, request: IncomingMessage): void => {
    const query = new URL(request.url ?? '/', 'http://desk').searchParams;
    const name = (query.get('name') ?? '').trim().slice(0, 80) || 'there';
    const send = (out: unknown): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(out));
    };
    const record = desk.open(scenarioOf(query.get('scenario')), name, send);
    socket.on('message', (data) => {
      const text = textOf(data);
      if (text !== undefined) desk.receive(record.id, text);
    });
    socket.on('close', () => desk.end(record.id));
    socket.on('error', () => socket.terminate());
  };
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (new URL(request.url ?? '/', 'http://desk').pathname !== SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
  };

  const server = createServer(app);
  server.on('upgrade', upgrade);
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    pageUrl: `${base}/`,
    deadEndUrl: `${base}/?scenario=never-hands-over`,
    httpUrl: base,
    conversations: (limit) => desk.records(limit),
    stop: () => {
      stopped ??= (async () => {
        desk.stop();
        for (const client of sockets.clients) client.terminate();
        await new Promise<void>((resolve) => sockets.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return stopped;
    },
  };
}
