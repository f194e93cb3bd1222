/**
 * A strict TaskRouter v1 fake: TaskQueue CumulativeStatistics and RealTimeStatistics computed from the tasks a test
 * gives it, answered in the documented shapes (test/fixtures/collectors/twilio-taskrouter/). It refuses what Twilio
 * refuses: wrong Basic auth (401, error 20003), unknown workspace or queue (404), a StartDate/EndDate that is not
 * ISO 8601, a SplitByWaitTime that is not comma-separated whole seconds, an unknown TaskChannel (400).
 */
import { readFileSync } from 'node:fs';
import {
  basicAuth,
  type FakeAnswer,
  type FakeRequest,
  type FakeServer,
  isIsoDateTime,
  startFakeServer,
} from './fake-http.ts';

const fixtures = new URL('../../fixtures/collectors/twilio-taskrouter/', import.meta.url);
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, unknown>;
const errors = fixture('errors.json') as Record<string, Record<string, unknown>>;

/** One task that left the queue: accepted by a worker or canceled (the customer hung up) after waiting. */
export interface FakeTask {
  readonly queueSid: string;
  readonly channel: string;
  readonly endedAtMs: number;
  readonly waitSeconds: number;
  readonly outcome: 'accepted' | 'canceled';
}

/** A task waiting now. */
export interface FakeWaitingTask {
  readonly queueSid: string;
  readonly channel: string;
  readonly ageSeconds: number;
}

export interface TwilioTaskRouterFake extends FakeServer {
  readonly accountSid: string;
  readonly authToken: string;
  readonly workspaceSid: string;
  readonly tasks: FakeTask[];
  readonly waiting: FakeWaitingTask[];
}

const CHANNELS = new Set(['default', 'voice', 'chat', 'sms', 'video', 'email']);

const error = (status: number): FakeAnswer => ({ status, body: errors[String(status)] });

function durations(waits: readonly number[]): Record<string, number> {
  if (waits.length === 0) return { avg: 0, min: 0, max: 0, total: 0 };
  const total = waits.reduce((sum, wait) => sum + wait, 0);
  return { avg: Math.round(total / waits.length), min: Math.min(...waits), max: Math.max(...waits), total };
}

function cumulative(fake: TwilioTaskRouterFake, queueSid: string, request: FakeRequest): FakeAnswer {
  const start = request.query.get('StartDate');
  const end = request.query.get('EndDate');
  if (!isIsoDateTime(start) || !isIsoDateTime(end)) return error(400);
  const split = request.query.get('SplitByWaitTime');
  if (split !== null && !/^\d+(,\d+)*$/.test(split)) return error(400);
  const channel = request.query.get('TaskChannel');
  const [fromMs, toMs] = [Date.parse(start as string), Date.parse(end as string)];
  const tasks = fake.tasks.filter(
    (task) =>
      task.queueSid === queueSid &&
      (channel === null || task.channel === channel) &&
      task.endedAtMs >= fromMs &&
      task.endedAtMs < toMs,
  );
  const accepted = tasks.filter((task) => task.outcome === 'accepted').map((task) => task.waitSeconds);
  const canceled = tasks.filter((task) => task.outcome === 'canceled').map((task) => task.waitSeconds);
  const side = (keep: (wait: number) => boolean) => ({
    reservations_accepted: accepted.filter(keep).length,
    tasks_canceled: canceled.filter(keep).length,
  });
  const splitByWaitTime =
    split === null
      ? null
      : Object.fromEntries(
          split
            .split(',')
            .map((limit) => [limit, { above: side((w) => w >= Number(limit)), below: side((w) => w < Number(limit)) }]),
        );
  const body = fixture('cumulative-statistics.json');
  return {
    status: 200,
    body: {
      ...body,
      account_sid: fake.accountSid,
      workspace_sid: fake.workspaceSid,
      task_queue_sid: queueSid,
      start_time: new Date(fromMs).toISOString(),
      end_time: new Date(toMs).toISOString(),
      reservations_created: accepted.length,
      reservations_accepted: accepted.length,
      tasks_canceled: canceled.length,
      tasks_entered: tasks.length,
      tasks_completed: accepted.length,
      avg_task_acceptance_time: durations(accepted).avg,
      wait_duration_until_accepted: durations(accepted),
      wait_duration_until_canceled: durations(canceled),
      split_by_wait_time: splitByWaitTime,
      url: `https://taskrouter.twilio.com/v1/Workspaces/${fake.workspaceSid}/TaskQueues/${queueSid}/CumulativeStatistics`,
    },
  };
}

function realTime(fake: TwilioTaskRouterFake, queueSid: string, request: FakeRequest): FakeAnswer {
  const channel = request.query.get('TaskChannel');
  const waiting = fake.waiting.filter(
    (task) => task.queueSid === queueSid && (channel === null || task.channel === channel),
  );
  const body = fixture('real-time-statistics.json');
  return {
    status: 200,
    body: {
      ...body,
      account_sid: fake.accountSid,
      workspace_sid: fake.workspaceSid,
      task_queue_sid: queueSid,
      longest_task_waiting_age: waiting.length === 0 ? -1 : Math.max(...waiting.map((task) => task.ageSeconds)),
      tasks_by_status: { reserved: 0, pending: waiting.length, assigned: 0, wrapping: 0 },
      total_tasks: waiting.length,
    },
  };
}

export async function startTwilioTaskRouterFake(queueSids: readonly string[]): Promise<TwilioTaskRouterFake> {
  const state = {
    accountSid: `AC${'1'.repeat(32)}`,
    authToken: 'fake-taskrouter-token-0123456789',
    workspaceSid: `WS${'2'.repeat(32)}`,
    tasks: [] as FakeTask[],
    waiting: [] as FakeWaitingTask[],
  };
  const server = await startFakeServer((request) => {
    const auth = basicAuth(request.headers);
    if (auth?.user !== state.accountSid || auth.password !== state.authToken) return error(401);
    if (request.method !== 'GET') return { status: 405, body: errors['400'] };
    const match = /^\/v1\/Workspaces\/([^/]+)\/TaskQueues\/([^/]+)\/(CumulativeStatistics|RealTimeStatistics)$/.exec(
      request.path,
    );
    if (match === null || match[1] !== state.workspaceSid || !queueSids.includes(match[2] as string)) return error(404);
    const channel = request.query.get('TaskChannel');
    if (channel !== null && !CHANNELS.has(channel) && !/^TC[0-9a-f]{32}$/.test(channel)) return error(400);
    return match[3] === 'CumulativeStatistics'
      ? cumulative(fake, match[2] as string, request)
      : realTime(fake, match[2] as string, request);
  });
  const fake: TwilioTaskRouterFake = Object.assign(server, state);
  return fake;
}
