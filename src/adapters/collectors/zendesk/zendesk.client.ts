import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { CollectContext } from '../collector-gap.ts';
import { collectorHttp, type Fetched, fetchJson } from '../collector-http.ts';
import type { ZendeskOptions } from './zendesk.options.ts';

const seconds = z.number().nonnegative();

/** `GET /api/v2/channels/voice/stats/current_queue_activity` (waits in seconds). */
export const currentQueueSchema = z.object({
  current_queue_activity: z.object({
    calls_waiting: z.number().int(),
    callbacks_waiting: z.number().int(),
    average_wait_time: seconds,
    longest_wait_time: seconds,
  }),
});
export type CurrentQueueActivity = z.output<typeof currentQueueSchema>['current_queue_activity'];

/** `GET /api/v2/channels/voice/stats/account_overview` (today's totals; waits in seconds). */
export const accountOverviewSchema = z.object({
  account_overview: z.object({ average_queue_wait_time: seconds, max_queue_wait_time: seconds }),
});
export type AccountOverview = z.output<typeof accountOverviewSchema>['account_overview'];

const minutes = z.object({ calendar: z.number().nullable(), business: z.number().nullable() });
/** One page of `GET /api/v2/incremental/tickets/cursor?include=metric_sets`. */
export const ticketPageSchema = z.object({
  tickets: z.array(z.object({ id: z.number(), created_at: z.iso.datetime() })),
  metric_sets: z.array(z.object({ ticket_id: z.number(), reply_time_in_minutes: minutes })),
  after_cursor: z.string().nullable(),
  end_of_stream: z.boolean(),
});
export type TicketPage = z.output<typeof ticketPageSchema>;

/** At most this many pages per run (1,000 tickets each): a run that would need more says so as a gap. */
export const MAX_PAGES = 50;

/** Zendesk's REST API over axios, Basic auth `<email>/token` and the API token. */
export class ZendeskClient {
  readonly #http: AxiosInstance;

  constructor(options: ZendeskOptions) {
    this.#http = collectorHttp({
      baseURL: (options.baseUrl ?? `https://${options.subdomain}.zendesk.com`).replace(/\/$/, ''),
      auth: { username: `${options.email}/token`, password: options.apiToken.reveal() },
    });
  }

  currentQueue(context: CollectContext, signal: AbortSignal): Promise<Fetched<CurrentQueueActivity>> {
    const url = '/api/v2/channels/voice/stats/current_queue_activity';
    return fetchJson(
      this.#http,
      { url, signal },
      currentQueueSchema.transform((b) => b.current_queue_activity),
      context,
      {
        what: `GET ${url}`,
      },
    );
  }

  accountOverview(context: CollectContext, signal: AbortSignal): Promise<Fetched<AccountOverview>> {
    const url = '/api/v2/channels/voice/stats/account_overview';
    return fetchJson(
      this.#http,
      { url, signal },
      accountOverviewSchema.transform((b) => b.account_overview),
      context,
      {
        what: `GET ${url}`,
      },
    );
  }

  /** One page of the cursor-based incremental ticket export with metric sets: from a start time, then a cursor. */
  ticketPage(from: { startTime: number } | { cursor: string }, context: CollectContext, signal: AbortSignal) {
    const url = '/api/v2/incremental/tickets/cursor';
    const params = {
      include: 'metric_sets',
      per_page: '1000',
      ...('cursor' in from ? { cursor: from.cursor } : { start_time: String(from.startTime) }),
    };
    return fetchJson(this.#http, { url, params, signal }, ticketPageSchema, context, { what: `GET ${url}` });
  }
}
