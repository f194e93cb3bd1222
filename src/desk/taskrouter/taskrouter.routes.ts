import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { Clock } from '../../app/ports.ts';
import type { TaskLedger } from './task-ledger.ts';
import {
  cumulativeStatistics,
  onChannel,
  realTimeStatistics,
  type TaskQueueIdentity,
} from './taskrouter-statistics.ts';

/** The desk's TaskRouter account: its identity and the auth token HTTP Basic auth checks. */
export interface TaskRouterAccount extends Omit<TaskQueueIdentity, 'baseUrl'> {
  readonly authToken: string;
}

export interface TaskRouterRouteDeps {
  readonly account: TaskRouterAccount;
  readonly ledger: TaskLedger;
  readonly clock: Clock;
  /** Agents available now (RealTimeStatistics). */
  readonly agentsAvailable: () => number;
}

const DEFAULT_MINUTES = 15;

/** Twilio's REST error body (`code`, `message`, `more_info`, `status`). */
function twilioError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function authorised(req: Request, account: TaskRouterAccount): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (match === null) return false;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return sameText(decoded.slice(0, colon), account.accountSid) && sameText(decoded.slice(colon + 1), account.authToken);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** [from, to) from `StartDate`/`EndDate` (ISO 8601) or `Minutes` before `EndDate` (default now, 15 minutes). */
function windowOf(req: Request, nowMs: number): { fromMs: number; toMs: number } | string {
  const end = text(req.query.EndDate);
  const start = text(req.query.StartDate);
  const minutes = text(req.query.Minutes);
  const toMs = end === undefined ? nowMs : Date.parse(end);
  if (Number.isNaN(toMs)) return 'EndDate is not an ISO 8601 date';
  if (start !== undefined) {
    const fromMs = Date.parse(start);
    if (Number.isNaN(fromMs)) return 'StartDate is not an ISO 8601 date';
    if (fromMs > toMs) return 'StartDate is after EndDate';
    return { fromMs, toMs };
  }
  const span = minutes === undefined ? DEFAULT_MINUTES : Number(minutes);
  if (!Number.isInteger(span) || span < 0) return 'Minutes is not a whole number';
  return { fromMs: toMs - span * 60_000, toMs };
}

function splitOf(req: Request): number[] | string {
  const raw = text(req.query.SplitByWaitTime);
  if (raw === undefined) return [];
  const parts = raw.split(',').map((part) => part.trim());
  if (!parts.every((part) => /^\d+$/.test(part))) return 'SplitByWaitTime is a comma-separated list of seconds';
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}

/**
 * TaskRouter v1's TaskQueue statistics for the desk's one queue, HTTP Basic auth with the Account SID and auth token:
 * `GET /v1/Workspaces/{WS}/TaskQueues/{WQ}/CumulativeStatistics` and `…/RealTimeStatistics`, `TaskChannel` by unique
 * name or SID. Errors in Twilio's shape: 401 code 20003, 404 code 20404, 400 code 20001.
 */
export function taskRouterRoutes(deps: TaskRouterRouteDeps): Router {
  const { account, ledger, clock } = deps;
  const router = express.Router();
  const base = (req: Request): TaskQueueIdentity => ({ ...account, baseUrl: `${req.protocol}://${req.get('host')}` });

  router.use('/v1', (req, res, next) => {
    if (!authorised(req, account)) {
      res.set('WWW-Authenticate', 'Basic realm="Twilio API"');
      twilioError(res, 401, 20003, 'Authenticate');
      return;
    }
    next();
  });

  const known = (req: Request, res: Response): boolean => {
    if (req.params.ws === account.workspaceSid && req.params.tq === account.taskQueueSid) return true;
    twilioError(res, 404, 20404, `The requested resource ${req.path} was not found`);
    return false;
  };

  router.get('/v1/Workspaces/:ws/TaskQueues/:tq/CumulativeStatistics', (req, res) => {
    if (!known(req, res)) return;
    const window = windowOf(req, clock.now());
    const split = splitOf(req);
    if (typeof window === 'string' || typeof split === 'string') {
      twilioError(res, 400, 20001, typeof window === 'string' ? window : (split as string));
      return;
    }
    const identity = base(req);
    const channel = text(req.query.TaskChannel);
    const tasks = ledger.tasks().filter((task) => onChannel(task, identity, channel));
    res.json(cumulativeStatistics(identity, tasks, { ...window, splitSeconds: split }));
  });

  router.get('/v1/Workspaces/:ws/TaskQueues/:tq/RealTimeStatistics', (req, res) => {
    if (!known(req, res)) return;
    const identity = base(req);
    const channel = text(req.query.TaskChannel);
    const tasks = ledger.tasks().filter((task) => onChannel(task, identity, channel));
    res.json(realTimeStatistics(identity, tasks, clock.now(), deps.agentsAvailable()));
  });

  router.use('/v1', (req, res) => twilioError(res, 404, 20404, `The requested resource ${req.path} was not found`));
  return router;
}
