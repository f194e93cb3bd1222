import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZendeskCollector } from '../../../src/adapters/collectors/zendesk/zendesk.collector.ts';
import { zendeskOptionsSchema } from '../../../src/adapters/collectors/zendesk/zendesk.options.ts';
import type { CollectResult } from '../../../src/app/collector.port.ts';
import { fixedClock } from '../../support/collector-fakes/fixed-clock.ts';
import { startZendeskFake, type ZendeskFake } from '../../support/collector-fakes/zendesk.fake.ts';

const FROM = Date.parse('2026-12-06T10:00:00Z');
const TO = FROM + 60 * 60_000;
const NOW = TO + 5_000;
const window = { fromMs: FROM, toMs: TO, thresholdsMs: [4 * 3_600_000] };

let fake: ZendeskFake;

function collector(overrides: Record<string, unknown> = {}, nowMs = NOW): ZendeskCollector {
  const options = zendeskOptionsSchema.parse({
    subdomain: 'acme',
    email: fake.email,
    apiToken: fake.apiToken,
    baseUrl: fake.url,
    ...overrides,
  });
  return new ZendeskCollector(options, { collectorId: 'zendesk', clock: fixedClock(nowMs) });
}

const collect = (c: ZendeskCollector, w = window): Promise<CollectResult> => c.collect(w, new AbortController().signal);
const minute = 60_000;

beforeAll(async () => {
  fake = await startZendeskFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.tickets.length = 0;
  fake.requests.length = 0;
  fake.nowMs = NOW;
  fake.pageSize = 2;
  fake.queue = { calls_waiting: 0, callbacks_waiting: 0, longest_wait_time: 0, average_wait_time: 0 };
  fake.overview = { average_queue_wait_time: 0, max_queue_wait_time: 0 };
});

describe('Zendesk collector', () => {
  it('reads first reply times of tickets created in the interval across every export page', async () => {
    const t = (id: number, createdAtMs: number, calendar: number | null, business: number | null) =>
      fake.tickets.push({
        id,
        createdAtMs,
        updatedAtMs: createdAtMs + 1_000,
        replyCalendar: calendar,
        replyBusiness: business,
      });
    t(1, FROM + minute, 30, 30);
    t(2, FROM + 2 * minute, 300, 60); // past 4 h in calendar time, within it in business time
    t(3, FROM + 3 * minute, 10, 10);
    fake.tickets.push({
      id: 4,
      createdAtMs: FROM - 60 * minute,
      updatedAtMs: FROM + minute,
      replyCalendar: 5,
      replyBusiness: 5,
    });
    t(5, FROM + 4 * minute, null, null); // no reply yet, not yet past the promise: undecided

    const result = await collect(collector({ read: ['tickets'] }));
    expect(result).toEqual({
      kind: 'read',
      readings: [
        {
          collectorId: 'zendesk',
          queue: 'tickets',
          channel: 'email',
          fromMs: FROM,
          toMs: TO,
          contacts: 3,
          abandoned: 0,
          splits: [{ thresholdMs: 4 * 3_600_000, answeredWithin: 2 }],
          longestWaitMs: 300 * minute,
          averageWaitMs: 113 * minute + 20_000,
          source: 'zendesk.ticket-metrics.reply-time-calendar',
        },
      ],
    });
    const pages = fake.requests.filter((r) => r.path === '/api/v2/incremental/tickets/cursor');
    expect(pages.length).toBe(3);
    expect(pages[0]?.query.get('start_time')).toBe(String(FROM / 1000));
    expect(pages[1]?.query.get('cursor')).toMatch(/^c\d+-2$/);
  });

  it('reads business reply times when asked, and counts an unanswered ticket once it is past every limit', async () => {
    fake.tickets.push({
      id: 2,
      createdAtMs: FROM + minute,
      updatedAtMs: FROM + minute,
      replyCalendar: 300,
      replyBusiness: 60,
    });
    const later = TO + 5 * 3_600_000;
    fake.nowMs = later;
    fake.tickets.push({
      id: 9,
      createdAtMs: FROM + 2 * minute,
      updatedAtMs: FROM + 2 * minute,
      replyCalendar: null,
      replyBusiness: null,
    });
    const result = await collect(collector({ read: ['tickets'], replyTime: 'business' }, later));
    expect(result.kind === 'read' && result.readings[0]).toMatchObject({
      contacts: 2,
      splits: [{ thresholdMs: 4 * 3_600_000, answeredWithin: 1 }],
      source: 'zendesk.ticket-metrics.reply-time-business',
    });
  });

  it("reads Talk's longest wait now for a current interval", async () => {
    fake.queue = { calls_waiting: 2, callbacks_waiting: 0, longest_wait_time: 610, average_wait_time: 300 };
    fake.overview = { average_queue_wait_time: 45, max_queue_wait_time: 900 };
    const result = await collect(collector({ read: ['talk'] }));
    expect(result.kind === 'read' && result.readings).toEqual([
      {
        collectorId: 'zendesk',
        queue: 'talk',
        channel: 'voice',
        fromMs: FROM,
        toMs: TO,
        contacts: 0,
        abandoned: 0,
        longestWaitMs: 610_000,
        averageWaitMs: 45_000,
        source: 'zendesk.talk.current-queue-activity',
        uncounted: ['ivr'],
      },
    ]);
  });

  it('is an auth gap when the API token is refused, and the token is never in it', async () => {
    const result = await collect(collector({ apiToken: 'Wrong-Zendesk-Token' }));
    expect(result).toMatchObject({ kind: 'gap', gap: { code: 'auth' } });
    expect(JSON.stringify(result)).not.toContain('Wrong-Zendesk-Token');
  });

  it('honours Retry-After on 429 (incremental export limit)', async () => {
    fake.answerNext({ status: 429, headers: { 'Retry-After': '60' }, body: { error: 'APIRateLimitExceeded' } });
    expect(await collect(collector({ read: ['tickets'] }))).toMatchObject({
      kind: 'gap',
      gap: { code: 'rate-limited' },
      retryAfterMs: 60_000,
    });
  });

  it('is bad-config when the interval starts too recently for the export (400)', async () => {
    fake.nowMs = FROM + 30_000;
    expect(await collect(collector({ read: ['tickets'] }, FROM + 30_000))).toMatchObject({
      kind: 'gap',
      gap: { code: 'bad-config' },
    });
  });

  it('is schema-changed when a page lacks end_of_stream', async () => {
    fake.answerNext({ status: 200, body: { tickets: [], metric_sets: [], after_cursor: null } });
    expect(await collect(collector({ read: ['tickets'] }))).toMatchObject({
      kind: 'gap',
      gap: { code: 'schema-changed' },
    });
  });
});
