import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { listen } from '../adapters/net/listen.ts';
import { ChatDesk, seededRandom } from './chat-desk.service.ts';
import { chatHttpRoutes } from './chat-http.routes.ts';
import { ChatGateway } from './chat-ws.gateway.ts';
import { checkStaffing, staffingAt } from './staffing.schedule.ts';
import { deskTaskRouterAccount } from './taskrouter/desk-account.ts';
import { TaskLedger } from './taskrouter/task-ledger.ts';
import { taskRouterRoutes, type TaskRouterAccount } from './taskrouter/taskrouter.routes.ts';
import type { FrontDoorOptions } from './front-door.options.ts';

export {
  DEMO_STAFFING,
  staffingAt,
  type StaffingSchedule,
  type StaffingShift,
  type Staffing,
} from './staffing.schedule.ts';
export type { DeskMessage } from './chat-desk.service.ts';

export interface DeskOptions extends FrontDoorOptions {
  /** How long the bot takes to greet, in (clock) ms. Default 800. */
  readonly botDelayMs?: number;
  /** The TaskRouter statistics API's auth token (HTTP Basic password). Default: a random one, in `taskRouter`. */
  readonly taskRouterToken?: string;
}

export interface RunningDesk {
  /** ws://host:port/chat */
  chatUrl: string;
  /** http://host:port */
  httpUrl: string;
  /** The TaskRouter-shaped statistics API over the chat queue: base URL (httpUrl), SIDs and auth token. */
  taskRouter: TaskRouterAccount & { readonly baseUrl: string };
  stop(): Promise<void>;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the simulated support desk's chat front door: a WebSocket at /chat, the HTTP conversation API under
 * /api/conversations, and GET /healthz. Who answers follows `staffing` on `clock` (see docs/architecture/desk.md).
 */
export async function startDesk(options: DeskOptions): Promise<RunningDesk> {
  checkStaffing(options.staffing);
  const { clock, staffing } = options;
  const host = options.host ?? '127.0.0.1';
  const account = deskTaskRouterAccount(options.taskRouterToken);
  const ledger = new TaskLedger(account);
  const desk = new ChatDesk({
    tasks: ledger,
    clock,
    staffing,
    random: seededRandom(options.seed ?? 1),
    botDelayMs: options.botDelayMs ?? 800,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const gateway = new ChatGateway(desk);
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    const now = clock.now();
    res.json({ status: 'ok', time: new Date(now).toISOString(), staffing: staffingAt(staffing, now).mode });
  });
  app.use(chatHttpRoutes(desk));
  app.use(
    taskRouterRoutes({
      account,
      ledger,
      clock,
      agentsAvailable: () => (staffingAt(staffing, clock.now()).mode === 'staffed' ? 5 : 0),
    }),
  );
  const server = createServer(app);
  server.on('upgrade', (request, socket, head) => gateway.upgrade(request, socket, head));
  await listen(server, options.port ?? 0, host);
  const address = server.address() as AddressInfo;
  const base = `${hostForUrl(host)}:${address.port}`;
  let stopped: Promise<void> | undefined;
  return {
    chatUrl: `ws://${base}/chat`,
    httpUrl: `http://${base}`,
    taskRouter: { ...account, baseUrl: `http://${base}` },
    stop: () => {
      stopped ??= (async () => {
        desk.stop();
        await gateway.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return stopped;
    },
  };
}
