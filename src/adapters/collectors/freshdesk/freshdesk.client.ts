import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { CollectContext } from '../collector-gap.ts';
import { collectorHttp, type Fetched, fetchJson } from '../collector-http.ts';
import type { FreshdeskOptions } from './freshdesk.options.ts';

/** `GET /api/v2/tickets?include=stats`: tickets with `stats.first_responded_at`. */
export const ticketListSchema = z.array(
  z.object({
    id: z.number(),
    created_at: z.iso.datetime(),
    stats: z.object({ first_responded_at: z.iso.datetime().nullable() }),
  }),
);
export type FreshdeskTicket = z.output<typeof ticketListSchema>[number];

/** Freshdesk's list API stops at 300 pages of 100. */
export const MAX_PAGES = 300;

/** The next page from a `Link: <…>; rel="next"` header, or undefined. */
export function nextPage(link: unknown): number | undefined {
  if (typeof link !== 'string') return undefined;
  const match = /<([^>]+)>;\s*rel="next"/.exec(link);
  const page = match === null ? null : new URL(match[1] as string, 'http://x').searchParams.get('page');
  return page === null || page === undefined ? undefined : Number(page);
}

export class FreshdeskClient {
  readonly #http: AxiosInstance;

  constructor(options: FreshdeskOptions) {
    this.#http = collectorHttp({
      baseURL: (options.baseUrl ?? `https://${options.domain}.freshdesk.com`).replace(/\/$/, ''),
      auth: { username: options.apiKey.reveal(), password: 'X' },
    });
  }

  /** Tickets updated since the interval's start (those created in it among them), 100 a page. */
  page(page: number, context: CollectContext, signal: AbortSignal): Promise<Fetched<FreshdeskTicket[]>> {
    const params = {
      updated_since: new Date(context.window.fromMs).toISOString().replace('.000Z', 'Z'),
      include: 'stats',
      per_page: '100',
      page: String(page),
    };
    return fetchJson(this.#http, { url: '/api/v2/tickets', params, signal }, ticketListSchema, context, {
      what: 'GET /api/v2/tickets',
    });
  }
}
