import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AmazonConnectCollector } from '../../../src/adapters/collectors/amazon-connect/amazon-connect.collector.ts';
import { amazonConnectOptionsSchema } from '../../../src/adapters/collectors/amazon-connect/amazon-connect.options.ts';
import type { CollectResult } from '../../../src/app/collector.port.ts';
import {
  type AmazonConnectFake,
  connectError,
  startAmazonConnectFake,
} from '../../support/collector-fakes/amazon-connect.fake.ts';
import { fixedClock } from '../../support/collector-fakes/fixed-clock.ts';

const QUEUE = 'aaaaaaaa-0000-0000-0000-000000000001';
const OTHER = 'aaaaaaaa-0000-0000-0000-000000000002';
const FROM = Date.parse('2026-12-06T10:00:00Z');
const TO = FROM + 15 * 60_000;
const window = { fromMs: FROM, toMs: TO, thresholdsMs: [120_000] };

let fake: AmazonConnectFake;

function collector(overrides: Record<string, unknown> = {}, nowMs = TO + 5_000): AmazonConnectCollector {
  const options = amazonConnectOptionsSchema.parse({
    instanceArn: fake.instanceArn,
    queueIds: [QUEUE],
    accessKeyId: fake.accessKeyId,
    secretAccessKey: fake.secretAccessKey,
    endpoint: fake.url,
    ...overrides,
  });
  return new AmazonConnectCollector(options, { collectorId: 'connect-desk', clock: fixedClock(nowMs) });
}

const collect = (c: AmazonConnectCollector, w = window): Promise<CollectResult> =>
  c.collect(w, new AbortController().signal);

function gapOf(result: CollectResult) {
  if (result.kind !== 'gap') throw new Error(`expected a gap, got ${JSON.stringify(result)}`);
  return result;
}

beforeAll(async () => {
  fake = await startAmazonConnectFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.contacts.length = 0;
  fake.waiting.length = 0;
  fake.requests.length = 0;
  fake.pageSize = 1;
});

describe('Amazon Connect collector (the real AWS SDK against a local fake)', () => {
  it('reads queued, abandoned and answered-within counts per queue and channel, paging by NextToken', async () => {
    const at = FROM + 60_000;
    for (const queuedSeconds of [5, 60, 119, 400])
      fake.contacts.push({ queueId: QUEUE, channel: 'VOICE', endedAtMs: at, queuedSeconds, outcome: 'answered' });
    fake.contacts.push({ queueId: QUEUE, channel: 'VOICE', endedAtMs: at, queuedSeconds: 30, outcome: 'abandoned' });
    fake.contacts.push({ queueId: QUEUE, channel: 'VOICE', endedAtMs: at, queuedSeconds: 2_400, outcome: 'abandoned' });
    fake.contacts.push({ queueId: QUEUE, channel: 'CHAT', endedAtMs: at, queuedSeconds: 10, outcome: 'answered' });
    fake.contacts.push({ queueId: QUEUE, channel: 'VOICE', endedAtMs: TO, queuedSeconds: 9, outcome: 'answered' });
    fake.waiting.push({ queueId: QUEUE, channel: 'VOICE', ageSeconds: 3_000 });

    const result = await collect(collector());
    if (result.kind !== 'read') throw new Error(JSON.stringify(result));
    const voice = result.readings.find((r) => r.channel === 'voice');
    expect(voice).toEqual({
      collectorId: 'connect-desk',
      queue: QUEUE,
      channel: 'voice',
      fromMs: FROM,
      toMs: TO,
      contacts: 6,
      abandoned: 2,
      splits: [{ thresholdMs: 120_000, answeredWithin: 3, abandonedWithin: 1 }],
      longestWaitMs: 3_000_000,
      averageWaitMs: 146_000,
      source: 'amazon-connect.metric-data-v2',
      uncounted: ['ivr', 'bot'],
    });
    expect(result.readings.find((r) => r.channel === 'chat')).toMatchObject({ contacts: 1, abandoned: 0 });
    const v2 = fake.requests.filter((r) => r.path === '/metrics/data');
    expect(v2.length).toBe(2); // two groups, one per page
    expect(JSON.parse(v2[1]?.body ?? '{}')).toMatchObject({ NextToken: 'page-1' });
  });

  it('signs with SigV4 for the connect service in the instance region', async () => {
    await collect(collector());
    const authorization = String(fake.requests[0]?.headers.authorization);
    expect(authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${fake.accessKeyId}/\\d{8}/eu-west-2/connect/aws4_request, ` +
          'SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$',
      ),
    );
    expect(fake.requests[0]?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('asks for every documented metric with LT thresholds in whole seconds, and current metrics grouped', async () => {
    await collect(collector(), { ...window, thresholdsMs: [120_000, 20_500] });
    const body = JSON.parse(fake.requests.find((r) => r.path === '/metrics/data')?.body ?? '{}') as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({
      ResourceArn: fake.instanceArn,
      StartTime: FROM / 1000,
      EndTime: TO / 1000,
      Filters: [{ FilterKey: 'QUEUE', FilterValues: [QUEUE] }],
      Groupings: ['QUEUE', 'CHANNEL'],
    });
    const names = (body.Metrics as { Name: string; Threshold?: unknown }[]).map(
      (m) => `${m.Name}${m.Threshold ? JSON.stringify(m.Threshold) : ''}`,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'CONTACTS_QUEUED',
        'CONTACTS_ABANDONED',
        'AVG_QUEUE_ANSWER_TIME',
        'MAX_QUEUED_TIME',
        'ABANDONMENT_RATE',
        'SERVICE_LEVEL[{"Comparison":"LT","ThresholdValue":120}]',
        'SUM_CONTACTS_ANSWERED_IN_X[{"Comparison":"LT","ThresholdValue":20}]',
      ]),
    );
    const current = JSON.parse(
      fake.requests.find((r) => r.path.startsWith('/metrics/current/'))?.body ?? '{}',
    ) as unknown;
    expect(current).toMatchObject({ Groupings: ['QUEUE', 'CHANNEL'], Filters: { Queues: [QUEUE] } });
  });

  it('gives a queue with no contacts a reading of zero (the interval was read)', async () => {
    const result = await collect(collector({ queueIds: [QUEUE, OTHER], channels: ['VOICE'] }), window);
    if (result.kind !== 'read') throw new Error(JSON.stringify(result));
    expect(result.readings.map((r) => [r.queue, r.channel, r.contacts, r.abandoned])).toEqual([
      [QUEUE, 'voice', 0, 0],
      [OTHER, 'voice', 0, 0],
    ]);
  });

  it('is an auth gap when the secret key is wrong (the fake verifies the signature), without the key in it', async () => {
    const result = gapOf(await collect(collector({ secretAccessKey: 'not-the-secret-KEY123' })));
    expect(result.gap.code).toBe('auth');
    expect(result.gap.reason).toContain('InvalidSignatureException');
    expect(JSON.stringify(result)).not.toContain('not-the-secret-KEY123');
  });

  it('is an auth gap for an access key Connect does not know', async () => {
    expect(gapOf(await collect(collector({ accessKeyId: 'AKIAUNKNOWN000000000' }))).gap.code).toBe('auth');
  });

  it('is a rate-limited gap on ThrottlingException, with Retry-After when given', async () => {
    const throttled = connectError('ThrottlingException');
    fake.answerNext({ ...throttled, headers: { ...throttled.headers, 'Retry-After': '3' } });
    const result = gapOf(await collect(collector()));
    expect(result.gap.code).toBe('rate-limited');
    expect(result.retryAfterMs).toBe(3_000);
  });

  it.each([
    ['InternalServiceException', 'server-error'],
    ['AccessDeniedException', 'auth'],
    ['ResourceNotFoundException', 'bad-config'],
  ])('is a gap on %s', async (type, code) => {
    fake.answerNext(connectError(type));
    expect(gapOf(await collect(collector())).gap.code).toBe(code);
  });

  it('is schema-changed when an answer lacks the documented MetricResults', async () => {
    fake.answerNext({ status: 200, body: { Results: [] } });
    expect(gapOf(await collect(collector())).gap.code).toBe('schema-changed');
  });

  it('is unreachable when nothing listens', async () => {
    expect(gapOf(await collect(collector({ endpoint: 'http://127.0.0.1:9' }))).gap.code).toBe('unreachable');
  });
});
