/**
 * A strict Genesys Cloud fake: the login host's `POST /oauth/token` (client credentials, HTTP Basic with the client
 * id and secret, form-encoded `grant_type`), and the API's `POST /api/v2/analytics/conversations/aggregates/query`
 * and `POST /api/v2/analytics/queues/observations/query`, computed from the conversations a test gives it, in the
 * documented shapes (test/fixtures/collectors/genesys-cloud/). It refuses what Genesys refuses: a bad client (401
 * invalid_client), a missing or unknown bearer token (401 bad.credentials), an interval that is not `ISO/ISO`, an
 * unknown metric, groupBy dimension or view function (400). Metrics with nothing to count are left out, as Genesys
 * does; so are groups with no conversations.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basicAuth, bearer, type FakeAnswer, type FakeServer, isIsoDateTime, startFakeServer } from './fake-http.ts';

const errors = JSON.parse(
  readFileSync(new URL('../../fixtures/collectors/genesys-cloud/errors.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

export interface FakeConversation {
  readonly queueId: string;
  readonly mediaType: string;
  readonly endedAtMs: number;
  readonly waitMs: number;
  readonly outcome: 'answered' | 'abandoned';
}

export interface GenesysCloudFake extends FakeServer {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly conversations: FakeConversation[];
  readonly waiting: { queueId: string; mediaType: string; sinceMs: number }[];
  /** Tokens issued so far. */
  readonly tokens: string[];
}

const METRICS = new Set(['tWait', 'tAnswered', 'tAbandon', 'oServiceLevel', 'nOffered', 'tHandle', 'tTalk']);
const DIMENSIONS = new Set(['queueId', 'mediaType', 'direction', 'userId']);
const error = (status: number, key = String(status)): FakeAnswer => ({ status, body: errors[key] });

interface Predicate {
  dimension?: string;
  value?: string;
}
interface Filter {
  type?: string;
  predicates?: Predicate[];
  clauses?: Filter[];
}

function matches(filter: Filter | undefined, item: Record<string, string>): boolean {
  if (filter === undefined) return true;
  const parts: boolean[] = [
    ...(filter.predicates ?? []).map((p) => item[p.dimension ?? ''] === p.value),
    ...(filter.clauses ?? []).map((clause) => matches(clause, item)),
  ];
  return filter.type === 'and' ? parts.every(Boolean) : parts.some(Boolean);
}

function validFilter(filter: Filter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter.type !== 'and' && filter.type !== 'or') return false;
  return (
    (filter.predicates ?? []).every((p) => DIMENSIONS.has(p.dimension ?? '') && typeof p.value === 'string') &&
    (filter.clauses ?? []).every(validFilter)
  );
}

function stats(values: number[]): Record<string, number> {
  return {
    max: Math.max(...values),
    min: Math.min(...values),
    count: values.length,
    sum: values.reduce((a, b) => a + b, 0),
  };
}

function aggregates(fake: GenesysCloudFake, body: Record<string, unknown>): FakeAnswer {
  const [from, to, extra] = String(body.interval ?? '').split('/');
  if (extra !== undefined || !isIsoDateTime(from ?? null) || !isIsoDateTime(to ?? null)) return error(400);
  const metrics = (body.metrics ?? []) as string[];
  const groupBy = (body.groupBy ?? []) as string[];
  const views = (body.views ?? []) as {
    target?: string;
    name?: string;
    function?: string;
    range?: { lt?: number; gte?: number };
  }[];
  if (metrics.length === 0 || metrics.some((m) => !METRICS.has(m)) || groupBy.some((d) => !DIMENSIONS.has(d)))
    return error(400);
  if (!validFilter(body.filter as Filter)) return error(400);
  if (
    views.some((v) => v.function !== 'rangeBound' || !METRICS.has(v.target ?? '') || !v.name || v.range === undefined)
  )
    return error(400);
  const [fromMs, toMs] = [Date.parse(from as string), Date.parse(to as string)];
  const inWindow = fake.conversations.filter(
    (c) =>
      c.endedAtMs >= fromMs &&
      c.endedAtMs < toMs &&
      matches(body.filter as Filter, { queueId: c.queueId, mediaType: c.mediaType }),
  );
  const groups = new Map<string, FakeConversation[]>();
  for (const c of inWindow) {
    const key = JSON.stringify(
      groupBy.map((d) => (d === 'queueId' ? c.queueId : d === 'mediaType' ? c.mediaType : '')),
    );
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const metricValues = (name: string, conversations: FakeConversation[]): number[] => {
    if (name === 'tAnswered') return conversations.filter((c) => c.outcome === 'answered').map((c) => c.waitMs);
    if (name === 'tAbandon') return conversations.filter((c) => c.outcome === 'abandoned').map((c) => c.waitMs);
    if (name === 'tWait') return conversations.map((c) => c.waitMs);
    return [];
  };
  const results = [...groups.entries()].map(([key, conversations]) => {
    const values = JSON.parse(key) as string[];
    const out = metrics.flatMap((metric) => {
      if (metric === 'oServiceLevel') {
        const answered = metricValues('tAnswered', conversations);
        const within = answered.filter((w) => w < 20_000).length;
        return answered.length === 0
          ? []
          : [
              {
                metric,
                stats: {
                  ratio: within / answered.length,
                  numerator: within,
                  denominator: answered.length,
                  target: 0.8,
                },
              },
            ];
      }
      const v = metricValues(metric, conversations);
      return v.length === 0 ? [] : [{ metric, stats: stats(v) }];
    });
    for (const view of views) {
      const v = metricValues(view.target ?? '', conversations).filter(
        (w) =>
          (view.range?.lt === undefined || w < view.range.lt) && (view.range?.gte === undefined || w >= view.range.gte),
      );
      if (v.length > 0) out.push({ metric: view.name ?? '', stats: { count: v.length } as never });
    }
    return {
      group: Object.fromEntries(groupBy.map((d, i) => [d, values[i]])),
      data: [{ interval: `${from}/${to}`, metrics: out }],
    };
  });
  return { status: 200, body: results.length === 0 ? {} : { results } };
}

function observations(fake: GenesysCloudFake, body: Record<string, unknown>): FakeAnswer {
  const metrics = (body.metrics ?? []) as string[];
  if (metrics.length === 0 || !validFilter(body.filter as Filter) || body.filter === undefined) return error(400);
  const detail = ((body.detailMetrics ?? []) as string[]).includes('oWaiting');
  const pairs = new Map<string, { queueId: string; mediaType: string }>();
  for (const w of fake.waiting)
    if (matches(body.filter as Filter, { queueId: w.queueId, mediaType: w.mediaType }))
      pairs.set(`${w.queueId}|${w.mediaType}`, w);
  const results = [...pairs.values()].map(({ queueId, mediaType }) => {
    const waiting = fake.waiting.filter((w) => w.queueId === queueId && w.mediaType === mediaType);
    return {
      group: { queueId, mediaType },
      data: [
        {
          metric: 'oWaiting',
          stats: { count: waiting.length },
          ...(detail
            ? {
                observations: waiting.map((w) => ({
                  observationDate: new Date(w.sinceMs).toISOString(),
                  conversationId: randomUUID(),
                  routingPriority: 0,
                })),
              }
            : {}),
        },
      ],
    };
  });
  return { status: 200, body: { results } };
}

export async function startGenesysCloudFake(): Promise<GenesysCloudFake> {
  const state = {
    clientId: 'c0ffee00-0000-4000-8000-000000000001',
    clientSecret: 'genesys-fake-client-secret',
    conversations: [] as FakeConversation[],
    waiting: [] as GenesysCloudFake['waiting'],
    tokens: [] as string[],
  };
  const server = await startFakeServer((request) => {
    if (request.path === '/oauth/token') {
      const auth = basicAuth(request.headers);
      if (auth?.user !== state.clientId || auth.password !== state.clientSecret) return error(401, 'invalid_client');
      if (new URLSearchParams(request.body).get('grant_type') !== 'client_credentials') return error(400);
      const token = randomUUID();
      state.tokens.push(token);
      return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: 86_399 } };
    }
    const token = bearer(request.headers);
    if (token === undefined || !state.tokens.includes(token)) return error(401);
    if (request.method !== 'POST' || !String(request.headers['content-type']).startsWith('application/json'))
      return error(400);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return error(400);
    }
    if (request.path === '/api/v2/analytics/conversations/aggregates/query') return aggregates(fake, body);
    if (request.path === '/api/v2/analytics/queues/observations/query') return observations(fake, body);
    return { status: 404, body: { message: 'not found', code: 'not.found', status: 404 } };
  });
  const fake: GenesysCloudFake = Object.assign(server, state);
  return fake;
}
