import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IntercomCollector } from '../../../src/adapters/collectors/intercom/intercom.collector.ts';
import { intercomOptionsSchema } from '../../../src/adapters/collectors/intercom/intercom.options.ts';
import type { CollectResult } from '../../../src/app/collector.port.ts';
import { fixedClock } from '../../support/collector-fakes/fixed-clock.ts';
import { type IntercomFake, startIntercomFake } from '../../support/collector-fakes/intercom.fake.ts';

const FROM = Date.parse('2026-12-06T10:00:00Z');
const TO = FROM + 15 * 60_000;
const NOW = TO + 5_000;
const window = { fromMs: FROM, toMs: TO, thresholdsMs: [300_000] };

let fake: IntercomFake;

function collector(overrides: Record<string, unknown> = {}): IntercomCollector {
  const options = intercomOptionsSchema.parse({ accessToken: fake.accessToken, baseUrl: fake.url, ...overrides });
  return new IntercomCollector(options, { collectorId: 'intercom', clock: fixedClock(NOW) });
}

const collect = (c: IntercomCollector): Promise<CollectResult> => c.collect(window, new AbortController().signal);

beforeAll(async () => {
  fake = await startIntercomFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.conversations.length = 0;
  fake.requests.length = 0;
});

describe('Intercom collector', () => {
  it('reads time to first admin reply of conversations created in the interval, across pages', async () => {
    const at = FROM / 1000;
    fake.conversations.push(
      { id: '1', createdAtSeconds: at, timeToAdminReply: 60 },
      { id: '2', createdAtSeconds: at + 60, timeToAdminReply: 240 },
      { id: '3', createdAtSeconds: at + 120, timeToAdminReply: 900 },
      { id: '4', createdAtSeconds: at + 840, timeToAdminReply: null }, // 65 s old: undecided
      { id: '5', createdAtSeconds: at - 60, timeToAdminReply: 5 }, // before the interval
      { id: '6', createdAtSeconds: TO / 1000, timeToAdminReply: 5 }, // the next interval's
    );
    const result = await collect(collector());
    expect(result).toEqual({
      kind: 'read',
      readings: [
        {
          collectorId: 'intercom',
          queue: 'conversations',
          channel: 'chat',
          fromMs: FROM,
          toMs: TO,
          contacts: 3,
          abandoned: 0,
          splits: [{ thresholdMs: 300_000, answeredWithin: 2 }],
          longestWaitMs: 900_000,
          averageWaitMs: 400_000,
          source: 'intercom.conversation-statistics.time-to-admin-reply',
        },
      ],
    });
    expect(fake.requests.length).toBe(2);
    expect(fake.requests[0]?.headers['intercom-version']).toBe('2.11');
  });

  it('is an auth gap for a refused token, without the token', async () => {
    const result = await collect(collector({ accessToken: 'Wrong-Intercom-Token' }));
    expect(result).toMatchObject({ kind: 'gap', gap: { code: 'auth' } });
    expect(JSON.stringify(result)).not.toContain('Wrong-Intercom-Token');
  });

  it('waits until X-RateLimit-Reset on 429', async () => {
    fake.answerNext({ status: 429, headers: { 'X-RateLimit-Reset': String(NOW / 1000 + 10) }, body: {} });
    expect(await collect(collector())).toMatchObject({
      kind: 'gap',
      gap: { code: 'rate-limited' },
      retryAfterMs: 10_000,
    });
  });

  it('is schema-changed when the list is not a conversation.list', async () => {
    fake.answerNext({ status: 200, body: { type: 'list', data: [] } });
    expect(await collect(collector())).toMatchObject({ kind: 'gap', gap: { code: 'schema-changed' } });
  });
});
