import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpJsonCollector } from '../../../src/adapters/collectors/http-json/http-json.collector.ts';
import { httpJsonOptionsSchema } from '../../../src/adapters/collectors/http-json/http-json.options.ts';
import type { CollectResult } from '../../../src/app/collector.port.ts';
import { bearer, type FakeServer, isIsoDateTime, startFakeServer } from '../../support/collector-fakes/fake-http.ts';
import { fixedClock } from '../../support/collector-fakes/fixed-clock.ts';

const STATS = JSON.parse(
  readFileSync(new URL('../../fixtures/collectors/http-json/queue-stats.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const TOKEN = 'desk-stats-token-123';
const FROM = Date.parse('2026-12-06T10:00:00Z');
const TO = FROM + 5 * 60_000;
const window = { fromMs: FROM, toMs: TO, thresholdsMs: [120_000, 30_000] };

let desk: FakeServer;

beforeAll(async () => {
  // The desk's own statistics endpoint: bearer auth, the interval as ISO 8601 `from` and `to`.
  desk = await startFakeServer((request) => {
    if (bearer(request.headers) !== TOKEN) return { status: 401, body: { error: 'unauthorized' } };
    if (request.path !== '/stats/queues') return { status: 404, body: { error: 'not found' } };
    if (!isIsoDateTime(request.query.get('from')) || !isIsoDateTime(request.query.get('to')))
      return { status: 400, body: { error: 'from and to must be ISO 8601' } };
    return { status: 200, body: { ...STATS, generated_at: request.query.get('to') } };
  });
});
afterAll(() => desk.close());
beforeEach(() => {
  desk.requests.length = 0;
});

function collector(overrides: Record<string, unknown> = {}): HttpJsonCollector {
  const options = httpJsonOptionsSchema.parse({
    url: `${desk.url}/stats/queues`,
    params: { from: '{from}', to: '{to}' },
    headers: { Authorization: `Bearer ${TOKEN}` },
    items: '$.queues[*]',
    channel: 'chat',
    fields: {
      queue: '$.name',
      contacts: '$.handled',
      abandoned: '$.abandoned',
      answeredWithin: "$.within['{threshold}']",
      abandonedWithin: "$.gave_up_within['{threshold}']",
      longestWaitSeconds: '$.longest_wait_s',
      averageWaitSeconds: '$.average_wait_s',
    },
    ...overrides,
  });
  return new HttpJsonCollector(options, { collectorId: 'desk-json', clock: fixedClock(TO) });
}

const collect = (c: HttpJsonCollector): Promise<CollectResult> => c.collect(window, new AbortController().signal);

describe('HTTP JSON collector', () => {
  it('reads one reading per item, each figure by its JSON path, the interval in the params', async () => {
    const result = await collect(collector());
    if (result.kind !== 'read') throw new Error(JSON.stringify(result));
    expect(result.readings).toEqual([
      {
        collectorId: 'desk-json',
        queue: 'billing',
        channel: 'chat',
        fromMs: FROM,
        toMs: TO,
        contacts: 118,
        abandoned: 6,
        splits: [
          { thresholdMs: 30_000, answeredWithin: 70, abandonedWithin: 1 },
          { thresholdMs: 120_000, answeredWithin: 101, abandonedWithin: 3 },
        ],
        longestWaitMs: 725_500,
        averageWaitMs: 41_200,
        source: 'http-json',
      },
      {
        collectorId: 'desk-json',
        queue: 'sales',
        channel: 'chat',
        fromMs: FROM,
        toMs: TO,
        contacts: 12,
        abandoned: 0,
        splits: [
          { thresholdMs: 30_000, answeredWithin: 12, abandonedWithin: 0 },
          { thresholdMs: 120_000, answeredWithin: 12, abandonedWithin: 0 },
        ],
        averageWaitMs: 3_000,
        source: 'http-json',
      },
    ]);
    expect(Object.fromEntries(desk.requests[0]?.query ?? [])).toEqual({
      from: '2026-12-06T10:00:00.000Z',
      to: '2026-12-06T10:05:00.000Z',
    });
  });

  it('is an auth gap when the endpoint refuses the token, and the token is never in it', async () => {
    const result = await collect(collector({ headers: { Authorization: 'Bearer wrong-SECRET-999' } }));
    expect(result).toMatchObject({ kind: 'gap', gap: { code: 'auth' } });
    expect(JSON.stringify(result)).not.toContain('wrong-SECRET-999');
  });

  it('is schema-changed when a required figure is no longer a number', async () => {
    desk.answerNext({ status: 200, body: { queues: [{ name: 'billing', handled: 'lots', abandoned: 1 }] } });
    const result = await collect(collector());
    expect(result).toMatchObject({
      kind: 'gap',
      gap: { code: 'schema-changed', reason: expect.stringContaining('$.handled') },
    });
  });

  it('is schema-changed when the items path selects nothing', async () => {
    desk.answerNext({ status: 200, body: { data: [] } });
    expect(await collect(collector())).toMatchObject({ kind: 'gap', gap: { code: 'schema-changed' } });
  });

  it('is schema-changed when the answer is not JSON', async () => {
    desk.answerNext({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html>maintenance</html>' });
    expect(await collect(collector())).toMatchObject({ kind: 'gap', gap: { code: 'schema-changed' } });
  });

  it('honours Retry-After on 429, and a 502 is a server error', async () => {
    desk.answerNext({ status: 429, headers: { 'Retry-After': '12' }, body: {} });
    expect(await collect(collector())).toMatchObject({
      kind: 'gap',
      gap: { code: 'rate-limited' },
      retryAfterMs: 12_000,
    });
    desk.answerNext({ status: 502, body: 'bad gateway' });
    expect(await collect(collector())).toMatchObject({ kind: 'gap', gap: { code: 'server-error' } });
  });
});
