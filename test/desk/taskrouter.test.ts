import { afterEach, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/adapters/collectors/collector-factory.ts';
import { startDesk, type RunningDesk, type StaffingSchedule } from '../../src/desk/desk.ts';
import { Secret } from '../../src/domain/secret.ts';
import type { Clock } from '../../src/app/ports.ts';
import { manualClock } from '../support/collector-fakes/manual-clock.ts';

// Staffed from 00:00 to 12:00 UTC (a person after 30 s), the bot alone afterwards.
const STAFFING: StaffingSchedule = {
  timeZone: 'UTC',
  shifts: [
    { days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '12:00', mode: 'staffed', humanDelayMs: [30_000, 30_000] },
  ],
  otherwise: 'bot-only',
};
const T0 = Date.UTC(2026, 11, 7, 10, 0);
const TOKEN = 'desk-test-token';

const running: RunningDesk[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});

async function deskAt(clock: Clock): Promise<RunningDesk> {
  const desk = await startDesk({ clock, staffing: STAFFING, botDelayMs: 10_000, taskRouterToken: TOKEN });
  running.push(desk);
  return desk;
}

async function say(httpUrl: string, text: string): Promise<string> {
  const opened = await fetch(`${httpUrl}/api/conversations`, { method: 'POST' });
  const { id } = (await opened.json()) as { id: string };
  const sent = await fetch(`${httpUrl}/api/conversations/${id}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  expect(sent.status).toBe(202);
  return id;
}

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

async function get(desk: RunningDesk, path: string, token = TOKEN) {
  const { baseUrl, accountSid, workspaceSid, taskQueueSid } = desk.taskRouter;
  const url = `${baseUrl}/v1/Workspaces/${workspaceSid}/TaskQueues/${taskQueueSid}/${path}`;
  const response = await fetch(url, { headers: basic(accountSid, token) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Three customers: answered (30 s after writing, 20 s after the hand-over), one who left, one at night. */
async function threeCustomers(clock: ReturnType<typeof manualClock>, desk: RunningDesk): Promise<void> {
  await say(desk.httpUrl, 'answered');
  await clock.advance(60_000);
  const leaver = await say(desk.httpUrl, 'leaves');
  await clock.advance(15_000); // handed over at 10 s, leaves at 15 s: 5 s in TaskRouter's queue
  expect((await fetch(`${desk.httpUrl}/api/conversations/${leaver}`, { method: 'DELETE' })).status).toBe(204);
  await clock.advance(2 * 3_600_000); // 12:16: the bot alone; it never hands over
  await say(desk.httpUrl, 'at night');
  await clock.advance(5 * 60_000);
}

describe("the desk's TaskRouter statistics API", () => {
  it('counts from the hand-over: tasks entered, accepted, canceled, waits and the split at each threshold', async () => {
    const clock = manualClock(T0);
    const desk = await deskAt(clock);
    await threeCustomers(clock, desk);

    const start = new Date(T0).toISOString();
    const end = new Date(clock.now()).toISOString();
    const { status, body } = await get(
      desk,
      `CumulativeStatistics?StartDate=${start}&EndDate=${end}&SplitByWaitTime=15,30&TaskChannel=chat`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      task_queue_sid: desk.taskRouter.taskQueueSid,
      workspace_sid: desk.taskRouter.workspaceSid,
      start_time: start,
      end_time: end,
      tasks_entered: 2,
      reservations_accepted: 1,
      tasks_canceled: 1,
      wait_duration_until_accepted: { avg: 20, min: 20, max: 20, total: 20 },
      wait_duration_until_canceled: { avg: 5, min: 5, max: 5, total: 5 },
      split_by_wait_time: {
        '15': {
          below: { reservations_accepted: 0, tasks_canceled: 1 },
          above: { reservations_accepted: 1, tasks_canceled: 0 },
        },
        '30': {
          below: { reservations_accepted: 1, tasks_canceled: 1 },
          above: { reservations_accepted: 0, tasks_canceled: 0 },
        },
      },
    });
    // Another channel's tasks, and a window before the customers, count nothing.
    const voice = await get(desk, `CumulativeStatistics?StartDate=${start}&EndDate=${end}&TaskChannel=voice`);
    expect(voice.body).toMatchObject({ tasks_entered: 0, reservations_accepted: 0, split_by_wait_time: null });
    const before = await get(desk, `CumulativeStatistics?EndDate=${start}&Minutes=30`);
    expect(before.body).toMatchObject({ tasks_entered: 0, tasks_canceled: 0 });

    const now = await get(desk, 'RealTimeStatistics');
    // The first customer's conversation is still open: its task is assigned; the one who left is canceled.
    expect(now.body).toMatchObject({
      longest_task_waiting_age: 0,
      tasks_by_status: { pending: 0, assigned: 1, canceled: 1 },
      total_tasks: 1,
      total_available_workers: 0,
    });
  });

  it('shows a task still waiting in RealTimeStatistics, with its age', async () => {
    const clock = manualClock(T0);
    const desk = await deskAt(clock);
    await say(desk.httpUrl, 'waiting');
    await clock.advance(25_000);
    const { body } = await get(desk, 'RealTimeStatistics?TaskChannel=chat');
    expect(body).toMatchObject({
      longest_task_waiting_age: 15,
      tasks_by_status: { pending: 1, assigned: 0 },
      total_tasks: 1,
      total_available_workers: 5,
    });
  });

  it("refuses a wrong token and unknown queues and bad dates in Twilio's error shape", async () => {
    const desk = await deskAt(manualClock(T0));
    const denied = await get(desk, 'RealTimeStatistics', 'wrong');
    expect(denied).toEqual({
      status: 401,
      body: {
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      },
    });
    const { baseUrl, accountSid, workspaceSid } = desk.taskRouter;
    const unknown = await fetch(
      `${baseUrl}/v1/Workspaces/${workspaceSid}/TaskQueues/WQ${'1'.repeat(32)}/CumulativeStatistics`,
      { headers: basic(accountSid, TOKEN) },
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 20404, status: 404 });
    const bad = await get(desk, 'CumulativeStatistics?StartDate=yesterday');
    expect(bad).toMatchObject({ status: 400, body: { code: 20001 } });
  });

  it("is read by Kept's TaskRouter collector: the platform's wait is the customer's minus the bot", async () => {
    const clock = manualClock(T0);
    const desk = await deskAt(clock);
    await threeCustomers(clock, desk);
    const collector = await createCollector(
      'twilio-taskrouter',
      {
        accountSid: desk.taskRouter.accountSid,
        authToken: new Secret(TOKEN),
        workspaceSid: desk.taskRouter.workspaceSid,
        taskQueueSids: [desk.taskRouter.taskQueueSid],
        taskChannel: 'chat',
        baseUrl: desk.taskRouter.baseUrl,
      },
      { collectorId: 'desk-taskrouter', clock },
    );
    const result = await collector.collect(
      { fromMs: T0, toMs: T0 + 3 * 3_600_000, thresholdsMs: [120_000] },
      new AbortController().signal,
    );
    expect(result.kind).toBe('read');
    if (result.kind !== 'read') return;
    // The customer answered waited 30 s; the platform says 20 s. The customer at night is not there at all.
    expect(result.readings).toEqual([
      expect.objectContaining({
        queue: desk.taskRouter.taskQueueSid,
        contacts: 2,
        abandoned: 1,
        longestWaitMs: 20_000,
        splits: [{ thresholdMs: 120_000, answeredWithin: 1, abandonedWithin: 1 }],
        uncounted: ['ivr', 'bot'],
      }),
    ]);
  });
});
