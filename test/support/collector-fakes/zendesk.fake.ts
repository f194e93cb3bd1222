/**
 * A strict Zendesk fake: Talk's `current_queue_activity` and `account_overview`, and the cursor-based incremental
 * ticket export with `include=metric_sets` (`after_cursor`, `end_of_stream`), in the documented shapes
 * (test/fixtures/collectors/zendesk/). It refuses what Zendesk refuses: Basic auth that is not `<email>/token` with
 * the API token (401 "Couldn't authenticate you"), a `start_time` that is not whole epoch seconds at least a minute in
 * the past, a cursor it did not issue (400). It pages `pageSize` tickets at a time.
 */
import { readFileSync } from 'node:fs';
import { basicAuth, type FakeAnswer, type FakeServer, startFakeServer } from './fake-http.ts';

const fixtures = new URL('../../fixtures/collectors/zendesk/', import.meta.url);
const fixture = (name: string): Record<string, Record<string, unknown>> =>
  JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, Record<string, unknown>>;
const errors = fixture('errors.json');
const error = (status: number): FakeAnswer => ({ status, body: errors[String(status)] });

export interface FakeTicket {
  readonly id: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  /** First reply time, minutes; null while unanswered. */
  readonly replyCalendar: number | null;
  readonly replyBusiness: number | null;
}

export interface ZendeskFake extends FakeServer {
  readonly email: string;
  readonly apiToken: string;
  readonly tickets: FakeTicket[];
  queue: { calls_waiting: number; callbacks_waiting: number; longest_wait_time: number; average_wait_time: number };
  overview: { average_queue_wait_time: number; max_queue_wait_time: number };
  pageSize: number;
  /** Now, for the start_time check, ms. */
  nowMs: number;
}

function exportPage(fake: ZendeskFake, query: URLSearchParams): FakeAnswer {
  const cursor = query.get('cursor');
  let sorted = [...fake.tickets].sort((a, b) => a.updatedAtMs - b.updatedAtMs || a.id - b.id);
  let offset = 0;
  if (cursor !== null) {
    const match = /^c(\d+)-(\d+)$/.exec(cursor);
    if (match === null) return error(400);
    sorted = sorted.filter((t) => t.updatedAtMs >= Number(match[1]) * 1000);
    offset = Number(match[2]);
  } else {
    const start = query.get('start_time');
    if (start === null || !/^\d+$/.test(start) || Number(start) * 1000 > fake.nowMs - 60_000) return error(400);
    sorted = sorted.filter((t) => t.updatedAtMs >= Number(start) * 1000);
  }
  if (query.get('include') !== 'metric_sets') return error(400);
  const page = sorted.slice(offset, offset + fake.pageSize);
  const end = offset + fake.pageSize >= sorted.length;
  const since = cursor === null ? query.get('start_time') : /^c(\d+)-/.exec(cursor)?.[1];
  const after = end ? null : `c${since}-${offset + fake.pageSize}`;
  return {
    status: 200,
    body: {
      tickets: page.map((t) => ({
        id: t.id,
        url: `https://acme.zendesk.com/api/v2/tickets/${t.id}.json`,
        created_at: new Date(t.createdAtMs).toISOString().replace('.000Z', 'Z'),
        updated_at: new Date(t.updatedAtMs).toISOString().replace('.000Z', 'Z'),
        status: t.replyCalendar === null ? 'new' : 'open',
        subject: `ticket ${t.id}`,
      })),
      metric_sets: page.map((t) => ({
        id: t.id + 100_000,
        ticket_id: t.id,
        reply_time_in_minutes: { calendar: t.replyCalendar, business: t.replyBusiness },
        first_resolution_time_in_minutes: { calendar: null, business: null },
        created_at: new Date(t.createdAtMs).toISOString().replace('.000Z', 'Z'),
      })),
      after_cursor: after,
      after_url:
        after === null ? null : `https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=${after}`,
      before_cursor: null,
      before_url: null,
      end_of_stream: end,
    },
  };
}

export async function startZendeskFake(): Promise<ZendeskFake> {
  const state = {
    email: 'ops@example.com',
    apiToken: 'zendesk-fake-api-token',
    tickets: [] as FakeTicket[],
    queue: { calls_waiting: 0, callbacks_waiting: 0, longest_wait_time: 0, average_wait_time: 0 },
    overview: { average_queue_wait_time: 0, max_queue_wait_time: 0 },
    pageSize: 2,
    nowMs: Date.now(),
  };
  const server = await startFakeServer((request) => {
    const auth = basicAuth(request.headers);
    if (auth?.user !== `${fake.email}/token` || auth.password !== fake.apiToken) return error(401);
    if (request.method !== 'GET') return error(400);
    if (request.path === '/api/v2/channels/voice/stats/current_queue_activity') {
      const body = fixture('current-queue-activity.json');
      return { status: 200, body: { current_queue_activity: { ...body.current_queue_activity, ...fake.queue } } };
    }
    if (request.path === '/api/v2/channels/voice/stats/account_overview') {
      const body = fixture('account-overview.json');
      return { status: 200, body: { account_overview: { ...body.account_overview, ...fake.overview } } };
    }
    if (request.path === '/api/v2/incremental/tickets/cursor') return exportPage(fake, request.query);
    return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
  });
  const fake: ZendeskFake = Object.assign(server, state);
  return fake;
}
