/**
 * A strict Intercom fake: `POST /conversations/search` with a bearer access token and an `Intercom-Version` header,
 * a query of `created_at` clauses joined by AND, cursor pagination (`pagination.starting_after`,
 * `pages.next.starting_after`), conversations shaped as documented (test/fixtures/collectors/intercom/). It refuses
 * a wrong token (401 `error.list`), a missing version header, an unknown operator or field (400).
 */
import { readFileSync } from 'node:fs';
import { bearer, type FakeAnswer, type FakeServer, startFakeServer } from './fake-http.ts';

const fixtures = new URL('../../fixtures/collectors/intercom/', import.meta.url);
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, unknown>;
const errors = fixture('errors.json');
const error = (status: number): FakeAnswer => ({ status, body: errors[String(status)] });

export interface FakeConversation {
  readonly id: string;
  readonly createdAtSeconds: number;
  /** Seconds to the first admin reply; null while none. */
  readonly timeToAdminReply: number | null;
}

export interface IntercomFake extends FakeServer {
  readonly accessToken: string;
  readonly conversations: FakeConversation[];
  pageSize: number;
}

interface Clause {
  field?: string;
  operator?: string;
  value?: unknown;
}

function keep(clause: Clause, c: FakeConversation): boolean {
  const value = Number(clause.value);
  if (clause.operator === '>') return c.createdAtSeconds > value;
  if (clause.operator === '<') return c.createdAtSeconds < value;
  return true;
}

export async function startIntercomFake(): Promise<IntercomFake> {
  const state = { accessToken: 'intercom-fake-access-token', conversations: [] as FakeConversation[], pageSize: 2 };
  const server = await startFakeServer((request) => {
    if (bearer(request.headers) !== fake.accessToken) return error(401);
    if (request.headers['intercom-version'] === undefined) return error(400);
    if (request.method !== 'POST' || request.path !== '/conversations/search')
      return { status: 404, body: errors['400'] };
    let body: {
      query?: { operator?: string; value?: Clause[] };
      pagination?: { per_page?: number; starting_after?: string };
    };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return error(400);
    }
    const clauses = body.query?.value ?? [];
    const known = ['created_at', 'team_assignee_id', 'updated_at', 'state'];
    if (
      body.query?.operator !== 'AND' ||
      clauses.some((c) => !known.includes(c.field ?? '') || !['>', '<', '=', 'IN'].includes(c.operator ?? ''))
    )
      return error(400);
    const perPage = body.pagination?.per_page ?? 20;
    if (perPage > 150) return error(400);
    const matching = fake.conversations
      .filter((c) => clauses.filter((clause) => clause.field === 'created_at').every((clause) => keep(clause, c)))
      .sort((a, b) => a.createdAtSeconds - b.createdAtSeconds);
    const start =
      body.pagination?.starting_after === undefined
        ? 0
        : Number(Buffer.from(body.pagination.starting_after, 'base64').toString());
    const size = Math.min(perPage, fake.pageSize);
    const page = matching.slice(start, start + size);
    const next = start + size < matching.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
    const template = fixture('conversation.json');
    return {
      status: 200,
      body: {
        type: 'conversation.list',
        conversations: page.map((c) => ({
          ...template,
          id: c.id,
          created_at: c.createdAtSeconds,
          updated_at: c.createdAtSeconds,
          statistics: {
            ...(template.statistics as object),
            time_to_admin_reply: c.timeToAdminReply,
            first_contact_reply_at: c.createdAtSeconds,
            first_admin_reply_at: c.timeToAdminReply === null ? null : c.createdAtSeconds + c.timeToAdminReply,
          },
        })),
        total_count: matching.length,
        pages: {
          type: 'pages',
          page: Math.floor(start / size) + 1,
          per_page: size,
          total_pages: Math.ceil(matching.length / size),
          ...(next === undefined ? {} : { next: { page: Math.floor(start / size) + 2, starting_after: next } }),
        },
      },
    };
  });
  const fake: IntercomFake = Object.assign(server, state);
  return fake;
}
