/**
 * A strict Freshdesk API v2 fake: `GET /api/v2/tickets?updated_since=…&include=stats&per_page=…&page=…`, tickets in
 * the documented shape (test/fixtures/collectors/freshdesk/), the next page in a `Link: <…>; rel="next"` header. It
 * refuses what Freshdesk refuses: Basic auth that is not `<api key>:X` (401 invalid_credentials), an `updated_since`
 * that is not an ISO 8601 date, a `per_page` over 100, an `include` other than stats/requester/description (400).
 */
import { readFileSync } from 'node:fs';
import { basicAuth, type FakeAnswer, type FakeServer, isIsoDateTime, startFakeServer } from './fake-http.ts';

const fixtures = new URL('../../fixtures/collectors/freshdesk/', import.meta.url);
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, unknown>;
const errors = fixture('errors.json');
const error = (status: number): FakeAnswer => ({ status, body: errors[String(status)] });
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export interface FakeTicket {
  readonly id: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly firstRespondedAtMs: number | null;
}

export interface FreshdeskFake extends FakeServer {
  readonly apiKey: string;
  readonly tickets: FakeTicket[];
  /** Caps per_page, to exercise paging. */
  pageSize: number;
}

export async function startFreshdeskFake(): Promise<FreshdeskFake> {
  const state = { apiKey: 'freshdesk-fake-api-key', tickets: [] as FakeTicket[], pageSize: 2 };
  const server = await startFakeServer((request, { url }) => {
    const auth = basicAuth(request.headers);
    if (auth?.user !== fake.apiKey || auth.password !== 'X') return error(401);
    if (request.method !== 'GET' || request.path !== '/api/v2/tickets') return { status: 404, body: errors['400'] };
    const since = request.query.get('updated_since');
    const perPage = Number(request.query.get('per_page') ?? '30');
    const page = Number(request.query.get('page') ?? '1');
    const include = request.query.get('include');
    if (since !== null && !isIsoDateTime(since)) return error(400);
    if (!(perPage >= 1 && perPage <= 100) || !(page >= 1)) return error(400);
    if (include !== null && !['stats', 'requester', 'description'].includes(include)) return error(400);
    const size = Math.min(perPage, fake.pageSize);
    const matching = fake.tickets
      .filter((t) => since === null || t.updatedAtMs >= Date.parse(since))
      .sort((a, b) => b.createdAtMs - a.createdAtMs);
    const slice = matching.slice((page - 1) * size, page * size);
    const template = fixture('ticket.json');
    const body = slice.map((t) => ({
      ...template,
      id: t.id,
      subject: `ticket ${t.id}`,
      created_at: iso(t.createdAtMs),
      updated_at: iso(t.updatedAtMs),
      due_by: iso(t.createdAtMs + 86_400_000),
      fr_due_by: iso(t.createdAtMs + 3_600_000),
      ...(include === 'stats'
        ? {
            stats: {
              ...(template.stats as object),
              first_responded_at: t.firstRespondedAtMs === null ? null : iso(t.firstRespondedAtMs),
              agent_responded_at: t.firstRespondedAtMs === null ? null : iso(t.firstRespondedAtMs),
            },
          }
        : { stats: undefined }),
    }));
    const next = page * size < matching.length;
    const query = new URLSearchParams(request.query);
    query.set('page', String(page + 1));
    return {
      status: 200,
      headers: next ? { Link: `<${url}/api/v2/tickets?${query.toString()}>; rel="next"` } : {},
      body,
    };
  });
  const fake: FreshdeskFake = Object.assign(server, state);
  return fake;
}
