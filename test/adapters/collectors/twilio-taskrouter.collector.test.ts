import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CollectResult } from '../../../src/app/collector.port.ts';
import { TwilioTaskRouterCollector } from '../../../src/adapters/collectors/twilio-taskrouter/twilio-taskrouter.collector.ts';
import { twilioTaskRouterOptionsSchema } from '../../../src/adapters/collectors/twilio-taskrouter/twilio-taskrouter.options.ts';
import { fixedClock } from '../../support/collector-fakes/fixed-clock.ts';
import {
  startTwilioTaskRouterFake,
  type TwilioTaskRouterFake,
} from '../../support/collector-fakes/twilio-taskrouter.fake.ts';

const QUEUE = `WQ${'a'.repeat(32)}`;
const OTHER = `WQ${'b'.repeat(32)}`;
const FROM = Date.parse('2026-12-06T10:00:00Z');
const TO = FROM + 15 * 60_000;
const window = { fromMs: FROM, toMs: TO, thresholdsMs: [120_000] };

let fake: TwilioTaskRouterFake;

function collector(overrides: Record<string, unknown> = {}, nowMs = TO + 5_000): TwilioTaskRouterCollector {
  const options = twilioTaskRouterOptionsSchema.parse({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    workspaceSid: fake.workspaceSid,
    taskQueueSids: [QUEUE],
    taskChannel: 'voice',
    baseUrl: fake.url,
    ...overrides,
  });
  return new TwilioTaskRouterCollector(options, { collectorId: 'desk-taskrouter', clock: fixedClock(nowMs) });
}

const collect = (c: TwilioTaskRouterCollector, w = window): Promise<CollectResult> =>
  c.collect(w, new AbortController().signal);

function gapOf(result: CollectResult) {
  if (result.kind !== 'gap') throw new Error(`expected a gap, got ${JSON.stringify(result)}`);
  return result;
}

beforeAll(async () => {
  fake = await startTwilioTaskRouterFake([QUEUE, OTHER]);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.tasks.length = 0;
  fake.waiting.length = 0;
  fake.requests.length = 0;
});

describe('Twilio TaskRouter collector', () => {
  it('counts accepted and canceled tasks, and those accepted within the promise by SplitByWaitTime', async () => {
    const at = FROM + 60_000;
    for (const wait of [10, 30, 90, 119])
      fake.tasks.push({ queueSid: QUEUE, channel: 'voice', endedAtMs: at, waitSeconds: wait, outcome: 'accepted' });
    fake.tasks.push({ queueSid: QUEUE, channel: 'voice', endedAtMs: at, waitSeconds: 300, outcome: 'accepted' });
    fake.tasks.push({ queueSid: QUEUE, channel: 'voice', endedAtMs: at, waitSeconds: 2400, outcome: 'canceled' });
    // Not counted: another channel, outside the window.
    fake.tasks.push({ queueSid: QUEUE, channel: 'chat', endedAtMs: at, waitSeconds: 5, outcome: 'accepted' });
    fake.tasks.push({ queueSid: QUEUE, channel: 'voice', endedAtMs: TO, waitSeconds: 5, outcome: 'accepted' });
    fake.waiting.push({ queueSid: QUEUE, channel: 'voice', ageSeconds: 45 });

    const result = await collect(collector());

    expect(result).toEqual({
      kind: 'read',
      readings: [
        {
          collectorId: 'desk-taskrouter',
          queue: QUEUE,
          channel: 'voice',
          fromMs: FROM,
          toMs: TO,
          contacts: 6,
          splits: [{ thresholdMs: 120_000, answeredWithin: 4, abandonedWithin: 0 }],
          abandoned: 1,
          longestWaitMs: 2_400_000,
          averageWaitMs: 110_000,
          source: 'twilio.taskrouter.cumulative',
          uncounted: ['ivr', 'bot'],
        },
      ],
    });
    const sent = fake.requests.find((request) => request.path.endsWith('/CumulativeStatistics'));
    expect(Object.fromEntries(sent?.query ?? [])).toEqual({
      StartDate: '2026-12-06T10:00:00.000Z',
      EndDate: '2026-12-06T10:15:00.000Z',
      TaskChannel: 'voice',
      SplitByWaitTime: '120',
    });
  });

  it('takes the longest wait from what is waiting now when the window is current', async () => {
    fake.waiting.push({ queueSid: QUEUE, channel: 'voice', ageSeconds: 540 });
    const result = await collect(collector());
    expect(result.kind === 'read' && result.readings[0]).toMatchObject({
      contacts: 0,
      abandoned: 0,
      longestWaitMs: 540_000,
    });
  });

  it('does not read the queue now for a window long past', async () => {
    fake.waiting.push({ queueSid: QUEUE, channel: 'voice', ageSeconds: 540 });
    const result = await collect(collector({}, TO + 3_600_000));
    expect(result.kind === 'read' && result.readings[0]?.longestWaitMs).toBeUndefined();
    expect(fake.requests.some((request) => request.path.endsWith('/RealTimeStatistics'))).toBe(false);
  });

  it('reads one reading per queue, split at each promise limit', async () => {
    fake.tasks.push({ queueSid: OTHER, channel: 'voice', endedAtMs: FROM, waitSeconds: 50, outcome: 'accepted' });
    fake.tasks.push({ queueSid: OTHER, channel: 'voice', endedAtMs: FROM, waitSeconds: 20, outcome: 'canceled' });
    const result = await collect(collector({ taskQueueSids: [QUEUE, OTHER] }), {
      ...window,
      thresholdsMs: [60_000, 30_000],
    });
    if (result.kind !== 'read') throw new Error(JSON.stringify(result));
    expect(result.readings.map((r) => [r.queue, r.contacts, r.abandoned, r.splits])).toEqual([
      [
        QUEUE,
        0,
        0,
        [
          { thresholdMs: 30_000, answeredWithin: 0, abandonedWithin: 0 },
          { thresholdMs: 60_000, answeredWithin: 0, abandonedWithin: 0 },
        ],
      ],
      [
        OTHER,
        2,
        1,
        [
          { thresholdMs: 30_000, answeredWithin: 0, abandonedWithin: 1 },
          { thresholdMs: 60_000, answeredWithin: 1, abandonedWithin: 1 },
        ],
      ],
    ]);
    expect(fake.requests.find((r) => r.path.includes(OTHER))?.query.get('SplitByWaitTime')).toBe('30,60');
  });

  it('is a gap, not a reading, when Twilio refuses the auth token, and the reason holds no secret', async () => {
    const result = gapOf(await collect(collector({ authToken: 'wrong-token-XYZ' })));
    expect(result.gap).toMatchObject({ code: 'auth', collectorId: 'desk-taskrouter', fromMs: FROM, toMs: TO });
    expect(result.gap.reason).toContain('HTTP 401');
    expect(JSON.stringify(result)).not.toContain('wrong-token-XYZ');
  });

  it('honours Retry-After on 429', async () => {
    fake.answerNext({
      status: 429,
      headers: { 'Retry-After': '7' },
      body: { code: 20429, message: 'Too Many Requests', status: 429 },
    });
    const result = gapOf(await collect(collector()));
    expect(result.gap.code).toBe('rate-limited');
    expect(result.retryAfterMs).toBe(7_000);
  });

  it('reads Retry-After given as an HTTP date against the clock', async () => {
    const nowMs = TO + 5_000;
    fake.answerNext({ status: 429, headers: { 'Retry-After': new Date(nowMs + 30_000).toUTCString() }, body: {} });
    expect(gapOf(await collect(collector({}, nowMs))).retryAfterMs).toBe(30_000);
  });

  it.each([
    [503, 'server-error'],
    [500, 'server-error'],
    [403, 'auth'],
  ])('is a gap when Twilio answers %i', async (status, code) => {
    fake.answerNext({ status, body: { code: 20500, message: 'error', status } });
    expect(gapOf(await collect(collector())).gap.code).toBe(code);
  });

  it('is a bad-config gap for a queue the workspace does not have (404)', async () => {
    const result = gapOf(await collect(collector({ taskQueueSids: [`WQ${'c'.repeat(32)}`] })));
    expect(result.gap.code).toBe('bad-config');
  });

  it('is a bad-config gap for a TaskChannel Twilio does not know (400)', async () => {
    expect(gapOf(await collect(collector({ taskChannel: 'carrier-pigeon' }))).gap.code).toBe('bad-config');
  });

  it('is schema-changed when the answer no longer has the documented fields', async () => {
    fake.answerNext({ status: 200, body: { task_queue_sid: QUEUE, tasks: 3 } });
    const result = gapOf(await collect(collector()));
    expect(result.gap.code).toBe('schema-changed');
    expect(result.gap.reason).toMatch(/reservations_accepted|start_time/);
  });

  it('is a timeout gap when the run is cancelled while Twilio does not answer', async () => {
    fake.answerNext({ status: 200, body: {}, delayMs: 5_000 });
    const controller = new AbortController();
    const pending = collector().collect(window, controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect(gapOf(await pending).gap.code).toBe('timeout');
  });

  it('is unreachable when nothing listens', async () => {
    const result = gapOf(await collect(collector({ baseUrl: 'http://127.0.0.1:9' })));
    expect(result.gap.code).toBe('unreachable');
  });
});
