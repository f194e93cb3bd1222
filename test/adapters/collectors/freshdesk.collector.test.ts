import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FreshdeskCollector } from '../../../src/adapters/collectors/freshdesk/freshdesk.collector.ts';
import { freshdeskOptionsSchema } from '../../../src/adapters/collectors/freshdesk/freshdesk.options.ts';
import type { CollectResult } from '../../../src/app/collector.port.ts';
import { fixedClock } from '../../support/collector-fakes/fixed-clock.ts';
import { type FreshdeskFake, startFreshdeskFake } from '../../support/collector-fakes/freshdesk.fake.ts';

const FROM = Date.parse('2026-12-06T10:00:00Z');
const TO = FROM + 60 * 60_000;
const NOW = TO + 3 * 3_600_000;
const HOUR = 3_600_000;
const window = { fromMs: FROM, toMs: TO, thresholdsMs: [HOUR] };

let fake: FreshdeskFake;

function collector(overrides: Record<string, unknown> = {}): FreshdeskCollector {
  const options = freshdeskOptionsSchema.parse({
    domain: 'acme',
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    ...overrides,
  });
  return new FreshdeskCollector(options, { collectorId: 'freshdesk', clock: fixedClock(NOW) });
}

const collect = (c: FreshdeskCollector): Promise<CollectResult> => c.collect(window, new AbortController().signal);

beforeAll(async () => {
  fake = await startFreshdeskFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.tickets.length = 0;
  fake.requests.length = 0;
});

describe('Freshdesk collector', () => {
  it('reads first response times of tickets created in the interval, following the Link header', async () => {
    const t = (id: number, createdAtMs: number, firstRespondedAtMs: number | null) =>
      fake.tickets.push({ id, createdAtMs, updatedAtMs: firstRespondedAtMs ?? createdAtMs, firstRespondedAtMs });
    t(1, FROM + 60_000, FROM + 60_000 + 10 * 60_000);
    t(2, FROM + 120_000, FROM + 120_000 + 2 * HOUR);
    t(3, FROM + 180_000, null); // unanswered for over 3 hours: failed the 1-hour promise
    t(4, FROM - HOUR, FROM + 60_000); // created before the interval
    t(5, TO + 1, TO + 60_000); // created after it
    const result = await collect(collector());
    expect(result).toEqual({
      kind: 'read',
      readings: [
        {
          collectorId: 'freshdesk',
          queue: 'tickets',
          channel: 'email',
          fromMs: FROM,
          toMs: TO,
          contacts: 3,
          abandoned: 0,
          splits: [{ thresholdMs: HOUR, answeredWithin: 1 }],
          longestWaitMs: NOW - (FROM + 180_000),
          averageWaitMs: (10 * 60_000 + 2 * HOUR) / 2,
          source: 'freshdesk.ticket-stats.first-responded-at',
        },
      ],
    });
    expect(fake.requests.map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
    expect(fake.requests[0]?.query.get('updated_since')).toBe('2026-12-06T10:00:00Z');
  });

  it('is an auth gap for a refused API key, without the key', async () => {
    const result = await collect(collector({ apiKey: 'Wrong-Freshdesk-Key' }));
    expect(result).toMatchObject({ kind: 'gap', gap: { code: 'auth' } });
    expect(JSON.stringify(result)).not.toContain('Wrong-Freshdesk-Key');
  });

  it('honours Retry-After on 429', async () => {
    fake.answerNext({ status: 429, headers: { 'Retry-After': '30' }, body: { code: 'rate_limit_exceeded' } });
    expect(await collect(collector())).toMatchObject({
      kind: 'gap',
      gap: { code: 'rate-limited' },
      retryAfterMs: 30_000,
    });
  });

  it('is schema-changed when tickets come without stats', async () => {
    fake.answerNext({ status: 200, body: [{ id: 1, created_at: '2026-12-06T10:00:00Z' }] });
    expect(await collect(collector())).toMatchObject({ kind: 'gap', gap: { code: 'schema-changed' } });
  });
});
