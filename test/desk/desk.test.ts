import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCompressedClock } from '../../src/adapters/clock/compressed.clock.ts';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';
import type { Clock } from '../../src/app/ports.ts';
import {
  DEMO_STAFFING,
  startDesk,
  type DeskMessage,
  type RunningDesk,
  type StaffingSchedule,
} from '../../src/desk/desk.ts';
import { memoryLog } from '../support/probe-kit.ts';
import { TIMER_EARLY_MS } from '../support/timing.ts';
import { chatOverWebSocket, loggedReplies } from './chat-client.ts';

const staffed = (humanDelayMs: [number, number]): StaffingSchedule => ({
  timeZone: 'UTC',
  shifts: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '24:00', mode: 'staffed', humanDelayMs }],
  otherwise: 'closed',
});
const only = (mode: 'bot-only' | 'closed'): StaffingSchedule => ({ timeZone: 'UTC', shifts: [], otherwise: mode });

const running: RunningDesk[] = [];
async function desk(
  staffing: StaffingSchedule,
  extra: { clock?: Clock; seed?: number; botDelayMs?: number; log?: ReturnType<typeof memoryLog> } = {},
): Promise<RunningDesk> {
  const log = extra.log ?? memoryLog();
  const started = await startDesk({
    clock: extra.clock ?? systemClock,
    staffing,
    botDelayMs: extra.botDelayMs ?? 30,
    seed: extra.seed ?? 1,
    log,
  });
  running.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json' } });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

async function messagesWhenThere(httpUrl: string, id: string, count: number): Promise<DeskMessage[]> {
  for (let i = 0; i < 200; i += 1) {
    const { body } = await json(`${httpUrl}/api/conversations/${id}/messages`);
    const messages = body.messages as DeskMessage[];
    if (messages.length >= count) return messages;
    await systemClock.sleep(10);
  }
  throw new Error(`fewer than ${count} messages arrived`);
}

describe('the desk over a WebSocket', () => {
  it('echoes the customer, then the bot greets, then a human answers, each reply with its true delay', async () => {
    const log = memoryLog();
    const { chatUrl } = await desk(staffed([120, 160]), { botDelayMs: 40, log });

    const { frames } = await chatOverWebSocket(chatUrl, 3);
    const [, agentPlan] = loggedReplies(log.lines);

    expect(frames.map((f) => [f.from.role, f.seq])).toEqual([
      ['customer', 0],
      ['bot', 1],
      ['agent', 2],
    ]);
    expect(frames[0]).toMatchObject({
      type: 'message',
      text: 'My bill is wrong',
      from: { role: 'customer', name: 'Sam' },
    });
    expect(frames[1]?.from.name).toBe('Kai (virtual assistant)');
    expect(frames[1]?.text).toMatch(/^Hi Sam, I'm Kai, the virtual assistant\. .*within a minute\.$/);
    // Lower bounds only (a busy machine makes a reply later, never earlier; a timer may fire TIMER_EARLY_MS early): how close
    // the delays are to the plan is desk.timing.test.ts's to measure.
    expect(agentPlan?.plannedDelayMs).toBeGreaterThanOrEqual(120);
    expect(agentPlan?.plannedDelayMs).toBeLessThanOrEqual(160);
    expect(frames[1]?.deskDelayMs).toBeGreaterThanOrEqual(40 - TIMER_EARLY_MS);
    expect(frames[2]?.deskDelayMs).toBeGreaterThanOrEqual((agentPlan?.plannedDelayMs ?? NaN) - TIMER_EARLY_MS);
    expect(frames[2]?.text).toContain(`this is ${frames[2]?.from.name} from the support team`);
  });

  it('in bot-only hours only the bot answers', async () => {
    const { chatUrl } = await desk(only('bot-only'));

    const first = await chatOverWebSocket(chatUrl, 2);
    expect(first.frames[1]?.text).toContain('Our team is available Monday to Friday');
    const socket = new WebSocket(chatUrl);
    const roles: string[] = [];
    socket.on('message', (data) => roles.push((JSON.parse(String(data)) as DeskMessage).from.role));
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(JSON.stringify({ type: 'message', text: 'Anyone?' }));
    await systemClock.sleep(200);
    socket.close();
    expect(roles).toEqual(['customer', 'bot']);
  });

  it('when closed it closes the conversation with code 1013', async () => {
    const { chatUrl } = await desk(only('closed'));

    expect(await chatOverWebSocket(chatUrl, 1)).toEqual({ frames: [], closeCode: 1013 });
  });

  it('refuses WebSocket upgrades on other paths', async () => {
    const { httpUrl } = await desk(only('bot-only'));
    const socket = new WebSocket(`${httpUrl.replace('http', 'ws')}/elsewhere`);
    const status = await new Promise((resolve) =>
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(404);
  });
});

describe('the desk over HTTP', () => {
  it('creates a conversation, accepts a message and serves the replies after a position', async () => {
    const { httpUrl } = await desk(staffed([80, 100]));
    const created = await json(`${httpUrl}/api/conversations`, { method: 'POST', body: '{"customer":"Ana"}' });
    const id = created.body.id as string;

    const sent = await json(`${httpUrl}/api/conversations/${id}/messages`, {
      method: 'POST',
      body: '{"text":"Hello"}',
    });
    const messages = await messagesWhenThere(httpUrl, id, 3);
    const after = await json(`${httpUrl}/api/conversations/${id}/messages?after=1`);

    expect(created.status).toBe(201);
    expect(sent).toEqual({ status: 202, body: { id: `${id}-m0`, seq: 0 } });
    expect(messages.map((m) => m.from.role)).toEqual(['customer', 'bot', 'agent']);
    expect(messages[2]?.text).toMatch(/^Hi Ana, this is /);
    expect((after.body.messages as DeskMessage[]).map((m) => m.seq)).toEqual([1, 2]);
  });

  it.each([
    [
      'an unknown conversation is 404',
      (_id: string) => ['/api/conversations/nope/messages', 'POST', '{"text":"x"}'],
      404,
    ],
    [
      'a message without text is 400',
      (id: string) => [`/api/conversations/${id}/messages`, 'POST', '{"words":"x"}'],
      400,
    ],
    ['malformed JSON is 400', (id: string) => [`/api/conversations/${id}/messages`, 'POST', '{"text":'], 400],
    [
      'polling an unknown conversation is 404',
      (_id: string) => ['/api/conversations/nope/messages', 'GET', undefined],
      404,
    ],
    ['ending an unknown conversation is 404', (_id: string) => ['/api/conversations/nope', 'DELETE', undefined], 404],
  ] as const)('%s', async (_name, request, status) => {
    const { httpUrl } = await desk(only('bot-only'));
    const id = (await json(`${httpUrl}/api/conversations`, { method: 'POST' })).body.id as string;
    const [path, method, body] = request(id);

    const reply = await json(`${httpUrl}${path}`, {
      ...(method === undefined ? {} : { method }),
      ...(body === undefined ? {} : { body }),
    });

    expect(reply.status).toBe(status);
  });

  it('a conversation that was ended takes no more messages', async () => {
    const { httpUrl } = await desk(only('bot-only'));
    const id = (await json(`${httpUrl}/api/conversations`, { method: 'POST' })).body.id as string;

    expect((await json(`${httpUrl}/api/conversations/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect(
      (await json(`${httpUrl}/api/conversations/${id}/messages`, { method: 'POST', body: '{"text":"x"}' })).status,
    ).toBe(409);
  });

  it('when closed it answers 503', async () => {
    const { httpUrl } = await desk(only('closed'));
    const id = (await json(`${httpUrl}/api/conversations`, { method: 'POST' })).body.id as string;

    const reply = await json(`${httpUrl}/api/conversations/${id}/messages`, { method: 'POST', body: '{"text":"x"}' });

    expect(reply).toEqual({
      status: 503,
      body: { error: 'closed', message: 'the desk is closed; please try again later' },
    });
  });
});

describe('the desk', () => {
  it('reports its health and current staffing', async () => {
    const { httpUrl } = await desk(staffed([1, 2]));
    expect(await json(`${httpUrl}/healthz`)).toMatchObject({
      status: 200,
      body: { status: 'ok', staffing: 'staffed' },
    });
  });

  it('draws the same human delays and agents from the same seed', async () => {
    const runs = [];
    for (const seed of [7, 7, 8]) {
      const log = memoryLog();
      const { chatUrl } = await desk(staffed([100, 600]), { seed, botDelayMs: 5, log });
      const { frames } = await chatOverWebSocket(chatUrl, 3);
      runs.push({
        agent: frames[2]?.from.name,
        delay: loggedReplies(log.lines).find((r) => r.role === 'agent')?.plannedDelayMs,
      });
    }
    const [a, b, c] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    expect(b.agent).toBe(a.agent);
    expect(b.delay).toBe(a.delay);
    expect(c.delay).not.toBe(a.delay);
  });

  it('on a compressed clock it decides staffing by the clock and measures its delays in clock ms', async () => {
    const factor = 50;
    const saturday = createCompressedClock({ factor, start: Date.UTC(2026, 2, 7, 12, 0) });
    const monday = createCompressedClock({ factor, start: Date.UTC(2026, 2, 9, 10, 0) });
    const weekendLog = memoryLog();
    const weekdayLog = memoryLog();
    const weekend = await desk(DEMO_STAFFING, { clock: saturday, botDelayMs: 800, log: weekendLog });
    const weekday = await desk(DEMO_STAFFING, { clock: monday, botDelayMs: 800, log: weekdayLog });

    const quiet = await chatOverWebSocket(weekend.chatUrl, 2);
    const busy = await chatOverWebSocket(weekday.chatUrl, 3);

    expect(quiet.frames.map((f) => f.from.role)).toEqual(['customer', 'bot']);
    expect(quiet.frames[1]?.text).toContain('Our team is available Monday to Friday');
    expect(busy.frames.map((f) => f.from.role)).toEqual(['customer', 'bot', 'agent']);
    const agentPlan = loggedReplies(weekdayLog.lines).find((r) => r.role === 'agent');
    expect(agentPlan?.plannedDelayMs).toBeGreaterThanOrEqual(5_000);
    expect(agentPlan?.plannedDelayMs).toBeLessThanOrEqual(20_000);
    // Lower bounds only: a timer firing TIMER_EARLY_MS real ms early reads `factor` clock ms early; load only makes replies later.
    // That the waits are compressed (not real-time) and how close they come to the plan: desk.timing.test.ts.
    expect(quiet.frames[1]?.deskDelayMs).toBeGreaterThanOrEqual(800 - factor * TIMER_EARLY_MS);
    expect(busy.frames[2]?.deskDelayMs).toBeGreaterThanOrEqual(
      (agentPlan?.plannedDelayMs ?? NaN) - factor * TIMER_EARLY_MS,
    );
  });

  it('stops listening when stopped', async () => {
    const started = await desk(only('bot-only'));
    await started.stop();
    await expect(fetch(`${started.httpUrl}/healthz`)).rejects.toThrow();
  });
});
