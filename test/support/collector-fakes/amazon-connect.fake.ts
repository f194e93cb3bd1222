/**
 * A strict Amazon Connect fake (restJson1, as the AWS SDK speaks it): `POST /metrics/data` (GetMetricDataV2) and
 * `POST /metrics/current/{InstanceId}` (GetCurrentMetricData), computed from the contacts a test gives it. It refuses
 * what Connect refuses: a SigV4 signature that does not verify (403 InvalidSignatureException), an unknown access key
 * (403 UnrecognizedClientException), an unknown instance (404), a request without a QUEUE filter, an unknown metric,
 * a service-level metric without an `LT` threshold of 1..604800 s, a current metric with the wrong unit (400). It
 * pages by NextToken, `pageSize` results at a time. Errors carry `x-amzn-ErrorType` as the SDK expects.
 */
import { readFileSync } from 'node:fs';
import { type FakeAnswer, type FakeRequest, type FakeServer, startFakeServer } from './fake-http.ts';
import { checkSigV4 } from './sigv4-check.ts';

const errors = JSON.parse(
  readFileSync(new URL('../../fixtures/collectors/amazon-connect/errors.json', import.meta.url), 'utf8'),
) as Record<string, { status: number; body: unknown }>;

export function connectError(type: string): FakeAnswer {
  const error = errors[type] ?? { status: 500, body: {} };
  return {
    status: error.status,
    headers: { 'x-amzn-ErrorType': `${type}:http://internal.amazon.com/coral/com.amazonaws.connect/` },
    body: error.body,
  };
}

export interface FakeContact {
  readonly queueId: string;
  readonly channel: 'VOICE' | 'CHAT' | 'TASK' | 'EMAIL';
  readonly endedAtMs: number;
  readonly queuedSeconds: number;
  readonly outcome: 'answered' | 'abandoned';
}

export interface AmazonConnectFake extends FakeServer {
  readonly region: string;
  readonly instanceId: string;
  readonly instanceArn: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly contacts: FakeContact[];
  readonly waiting: { queueId: string; channel: FakeContact['channel']; ageSeconds: number }[];
  pageSize: number;
}

const PLAIN = new Set([
  'CONTACTS_QUEUED',
  'CONTACTS_ABANDONED',
  'AVG_QUEUE_ANSWER_TIME',
  'MAX_QUEUED_TIME',
  'ABANDONMENT_RATE',
]);
const WITH_THRESHOLD = new Set(['SERVICE_LEVEL', 'SUM_CONTACTS_ANSWERED_IN_X', 'SUM_CONTACTS_ABANDONED_IN_X']);

interface MetricRequest {
  Name?: string;
  Threshold?: { Comparison?: string; ThresholdValue?: number }[];
}

function metricValue(metric: MetricRequest, contacts: readonly FakeContact[]): number | undefined {
  const answered = contacts.filter((c) => c.outcome === 'answered');
  const abandoned = contacts.filter((c) => c.outcome === 'abandoned');
  const limit = metric.Threshold?.[0]?.ThresholdValue ?? 0;
  switch (metric.Name) {
    case 'CONTACTS_QUEUED':
      return contacts.length;
    case 'CONTACTS_ABANDONED':
      return abandoned.length;
    case 'ABANDONMENT_RATE':
      return contacts.length === 0 ? undefined : (100 * abandoned.length) / contacts.length;
    case 'AVG_QUEUE_ANSWER_TIME':
      return answered.length === 0 ? undefined : answered.reduce((s, c) => s + c.queuedSeconds, 0) / answered.length;
    case 'MAX_QUEUED_TIME':
      return contacts.length === 0 ? undefined : Math.max(...contacts.map((c) => c.queuedSeconds));
    case 'SERVICE_LEVEL':
      return contacts.length === 0
        ? undefined
        : (100 * contacts.filter((c) => c.queuedSeconds < limit).length) / contacts.length;
    case 'SUM_CONTACTS_ANSWERED_IN_X':
      return answered.filter((c) => c.queuedSeconds < limit).length;
    case 'SUM_CONTACTS_ABANDONED_IN_X':
      return abandoned.filter((c) => c.queuedSeconds < limit).length;
    default:
      return undefined;
  }
}

function page<T>(fake: AmazonConnectFake, all: T[], token: unknown): { items: T[]; next?: string } {
  const start = typeof token === 'string' ? Number(token.replace('page-', '')) : 0;
  const items = all.slice(start, start + fake.pageSize);
  return start + fake.pageSize < all.length ? { items, next: `page-${start + fake.pageSize}` } : { items };
}

function metricDataV2(fake: AmazonConnectFake, body: Record<string, unknown>): FakeAnswer {
  if (body.ResourceArn !== fake.instanceArn) return connectError('ResourceNotFoundException');
  const { StartTime: start, EndTime: end } = body;
  if (typeof start !== 'number' || typeof end !== 'number' || end <= start)
    return connectError('InvalidParameterException');
  const filters = (body.Filters ?? []) as { FilterKey?: string; FilterValues?: string[] }[];
  const queues = filters.find((f) => f.FilterKey === 'QUEUE')?.FilterValues;
  if (queues === undefined || queues.length === 0) return connectError('InvalidParameterException');
  const channels = filters.find((f) => f.FilterKey === 'CHANNEL')?.FilterValues;
  const metrics = (body.Metrics ?? []) as MetricRequest[];
  for (const metric of metrics) {
    if (PLAIN.has(metric.Name ?? '') && metric.Threshold === undefined) continue;
    const t = metric.Threshold?.[0];
    const okThreshold =
      t !== undefined &&
      t.Comparison === 'LT' &&
      Number.isInteger(t.ThresholdValue) &&
      (t.ThresholdValue ?? 0) >= 1 &&
      (t.ThresholdValue ?? 0) <= 604_800;
    if (!WITH_THRESHOLD.has(metric.Name ?? '') || !okThreshold) return connectError('InvalidParameterException');
  }
  if (metrics.filter((m) => m.Name === 'SERVICE_LEVEL').length > 20) return connectError('InvalidParameterException');
  const groupings = (body.Groupings ?? []) as string[];
  if (groupings.some((g) => !['QUEUE', 'CHANNEL', 'ROUTING_PROFILE', 'AGENT'].includes(g)))
    return connectError('InvalidParameterException');
  const inWindow = fake.contacts.filter(
    (c) =>
      queues.includes(c.queueId) &&
      (channels === undefined || channels.includes(c.channel)) &&
      c.endedAtMs >= start * 1000 &&
      c.endedAtMs < end * 1000,
  );
  const groups = new Map<string, FakeContact[]>();
  for (const contact of inWindow) {
    const key = `${groupings.includes('QUEUE') ? contact.queueId : ''}|${groupings.includes('CHANNEL') ? contact.channel : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), contact]);
  }
  const results = [...groups.entries()].map(([key, contacts]) => {
    const [queue, channel] = key.split('|') as [string, string];
    return {
      Dimensions: { ...(queue === '' ? {} : { QUEUE: queue }), ...(channel === '' ? {} : { CHANNEL: channel }) },
      Collections: metrics.map((metric) => {
        const value = metricValue(metric, contacts);
        return { Metric: metric, ...(value === undefined ? {} : { Value: value }) };
      }),
    };
  });
  const { items, next } = page(fake, results, body.NextToken);
  return { status: 200, body: { MetricResults: items, ...(next === undefined ? {} : { NextToken: next }) } };
}

function currentMetricData(fake: AmazonConnectFake, body: Record<string, unknown>): FakeAnswer {
  const filters = (body.Filters ?? {}) as { Queues?: string[]; Channels?: string[] };
  if (filters.Queues === undefined || filters.Queues.length === 0) return connectError('InvalidParameterException');
  const metrics = (body.CurrentMetrics ?? []) as { Name?: string; Unit?: string }[];
  const units: Record<string, string> = { OLDEST_CONTACT_AGE: 'SECONDS', CONTACTS_IN_QUEUE: 'COUNT' };
  if (metrics.length === 0 || metrics.some((m) => units[m.Name ?? ''] !== m.Unit))
    return connectError('InvalidParameterException');
  const grouped = ((body.Groupings ?? []) as string[]).includes('QUEUE');
  const results = filters.Queues.flatMap((queueId) =>
    (filters.Channels ?? ['VOICE', 'CHAT']).map((channel) => {
      const waiting = fake.waiting.filter((w) => w.queueId === queueId && w.channel === channel);
      const oldest = waiting.length === 0 ? 0 : Math.max(...waiting.map((w) => w.ageSeconds));
      return {
        Dimensions: { Queue: { Id: queueId, Arn: `${fake.instanceArn}/queue/${queueId}` }, Channel: channel },
        Collections: metrics.map((m) => ({
          Metric: m,
          // Documented: without groupings OLDEST_CONTACT_AGE says SECONDS but is in milliseconds.
          Value: m.Name === 'CONTACTS_IN_QUEUE' ? waiting.length : grouped ? oldest : oldest * 1000,
        })),
      };
    }),
  );
  const { items, next } = page(fake, results, body.NextToken);
  return {
    status: 200,
    body: {
      MetricResults: items,
      DataSnapshotTime: Date.now() / 1000,
      ApproximateTotalCount: results.length,
      ...(next === undefined ? {} : { NextToken: next }),
    },
  };
}

export async function startAmazonConnectFake(): Promise<AmazonConnectFake> {
  const state = {
    region: 'eu-west-2',
    instanceId: '11111111-2222-3333-4444-555555555555',
    instanceArn: 'arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555',
    accessKeyId: 'AKIAKEPTFAKE00000001',
    secretAccessKey: 'fake/secret/access/key/0123456789abcdef',
    contacts: [] as FakeContact[],
    waiting: [] as AmazonConnectFake['waiting'],
    pageSize: 1,
  };
  const handle = (request: FakeRequest): FakeAnswer => {
    const problem = checkSigV4(request, { ...state, service: 'connect' });
    if (problem !== undefined)
      return connectError(problem === 'MissingAuthenticationToken' ? 'AccessDeniedException' : problem);
    if (request.method !== 'POST' || !String(request.headers['content-type']).startsWith('application/json'))
      return connectError('InvalidRequestException');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return connectError('InvalidRequestException');
    }
    if (request.path === '/metrics/data') return metricDataV2(fake, body);
    if (request.path === `/metrics/current/${state.instanceId}`) return currentMetricData(fake, body);
    if (request.path.startsWith('/metrics/current/')) return connectError('ResourceNotFoundException');
    return connectError('InvalidRequestException');
  };
  const server = await startFakeServer(handle);
  const fake: AmazonConnectFake = Object.assign(server, state);
  return fake;
}
