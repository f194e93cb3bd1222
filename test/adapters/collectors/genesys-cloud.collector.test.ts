import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GenesysCloudCollector } from '../../../src/adapters/collectors/genesys-cloud/genesys-cloud.collector.ts';
import { genesysCloudOptionsSchema } from '../../../src/adapters/collectors/genesys-cloud/genesys-cloud.options.ts';
import type { CollectResult } from '../../../src/app/collector.port.ts';
import { fixedClock } from '../../support/collector-fakes/fixed-clock.ts';
import { type GenesysCloudFake, startGenesysCloudFake } from '../../support/collector-fakes/genesys-cloud.fake.ts';

const QUEUE = '0a0a0a0a-0000-4000-8000-000000000001';
const FROM = Date.parse('2026-12-06T10:00:00Z');
const TO = FROM + 15 * 60_000;
const window = { fromMs: FROM, toMs: TO, thresholdsMs: [120_000] };

let fake: GenesysCloudFake;

function collector(overrides: Record<string, unknown> = {}, nowMs = TO + 5_000): GenesysCloudCollector {
  const options = genesysCloudOptionsSchema.parse({
    region: 'mypurecloud.ie',
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    queueIds: [QUEUE],
    mediaTypes: ['voice'],
    apiUrl: fake.url,
    loginUrl: fake.url,
    ...overrides,
  });
  return new GenesysCloudCollector(options, { collectorId: 'genesys-desk', clock: fixedClock(nowMs) });
}

const collect = (c: GenesysCloudCollector, w = window): Promise<CollectResult> =>
  c.collect(w, new AbortController().signal);

beforeAll(async () => {
  fake = await startGenesysCloudFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.conversations.length = 0;
  fake.waiting.length = 0;
  fake.requests.length = 0;
});

describe('Genesys Cloud collector', () => {
  it('reads answered and abandoned conversations, split by rangeBound views at each limit', async () => {
    const at = FROM + 60_000;
    for (const waitMs of [5_000, 60_000, 119_000, 500_000])
      fake.conversations.push({ queueId: QUEUE, mediaType: 'voice', endedAtMs: at, waitMs, outcome: 'answered' });
    fake.conversations.push({
      queueId: QUEUE,
      mediaType: 'voice',
      endedAtMs: at,
      waitMs: 10_000,
      outcome: 'abandoned',
    });
    fake.conversations.push({
      queueId: QUEUE,
      mediaType: 'voice',
      endedAtMs: at,
      waitMs: 2_400_000,
      outcome: 'abandoned',
    });
    fake.conversations.push({ queueId: QUEUE, mediaType: 'chat', endedAtMs: at, waitMs: 1_000, outcome: 'answered' });
    fake.waiting.push({ queueId: QUEUE, mediaType: 'voice', sinceMs: TO + 5_000 - 700_000 });

    const result = await collect(collector());
    expect(result).toEqual({
      kind: 'read',
      readings: [
        {
          collectorId: 'genesys-desk',
          queue: QUEUE,
          channel: 'voice',
          fromMs: FROM,
          toMs: TO,
          contacts: 6,
          abandoned: 2,
          splits: [{ thresholdMs: 120_000, answeredWithin: 3, abandonedWithin: 1 }],
          longestWaitMs: 2_400_000,
          averageWaitMs: 171_000,
          source: 'genesys-cloud.conversation-aggregates',
          uncounted: ['ivr', 'bot'],
        },
      ],
    });
    const aggregates = fake.requests.find((r) => r.path.endsWith('/aggregates/query'));
    expect(JSON.parse(aggregates?.body ?? '{}')).toMatchObject({
      interval: '2026-12-06T10:00:00.000Z/2026-12-06T10:15:00.000Z',
      groupBy: ['queueId', 'mediaType'],
      metrics: ['tWait', 'tAnswered', 'tAbandon', 'oServiceLevel'],
      views: [
        { target: 'tAnswered', function: 'rangeBound', range: { lt: 120_000 } },
        { target: 'tAbandon', function: 'rangeBound', range: { lt: 120_000 } },
      ],
    });
  });

  it('takes the longest wait from the oldest contact still waiting when the window is current', async () => {
    fake.waiting.push({ queueId: QUEUE, mediaType: 'voice', sinceMs: TO + 5_000 - 700_000 });
    const result = await collect(collector());
    expect(result.kind === 'read' && result.readings[0]).toMatchObject({ contacts: 0, longestWaitMs: 700_000 });
  });

  it('asks for a token once and reuses it until it expires', async () => {
    const c = collector();
    await collect(c);
    await collect(c);
    expect(fake.requests.filter((r) => r.path === '/oauth/token').length).toBe(1);
    expect(fake.requests.find((r) => r.path === '/oauth/token')?.body).toBe('grant_type=client_credentials');
  });

  it('is an auth gap when the client secret is refused, and the secret is never in it', async () => {
    const result = await collect(collector({ clientSecret: 'Wrong-Client-Secret' }));
    expect(result).toMatchObject({
      kind: 'gap',
      gap: { code: 'auth', reason: expect.stringContaining('/oauth/token') },
    });
    expect(JSON.stringify(result)).not.toContain('Wrong-Client-Secret');
  });

  it('drops a token the API refuses, so the next run asks for a new one', async () => {
    const c = collector();
    await collect(c);
    fake.answerNext({
      status: 401,
      body: { message: 'Invalid login credentials.', code: 'bad.credentials', status: 401 },
    });
    expect(await collect(c)).toMatchObject({ kind: 'gap', gap: { code: 'auth' } });
    expect((await collect(c)).kind).toBe('read');
    expect(fake.requests.filter((r) => r.path === '/oauth/token').length).toBe(2);
  });

  it('honours Retry-After on 429 and reads a 503 as a server error', async () => {
    const c = collector();
    await collect(c);
    fake.answerNext({ status: 429, headers: { 'Retry-After': '7' }, body: { code: 'too.many.requests', status: 429 } });
    expect(await collect(c)).toMatchObject({ kind: 'gap', gap: { code: 'rate-limited' }, retryAfterMs: 7_000 });
    fake.answerNext({ status: 503, body: { code: 'service.unavailable', status: 503 } });
    expect(await collect(c)).toMatchObject({ kind: 'gap', gap: { code: 'server-error' } });
  });

  it('is schema-changed when a result has no group', async () => {
    const c = collector();
    await collect(c);
    fake.answerNext({ status: 200, body: { results: [{ data: [] }] } });
    expect(await collect(c)).toMatchObject({ kind: 'gap', gap: { code: 'schema-changed' } });
  });
});
