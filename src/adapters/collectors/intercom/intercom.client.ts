import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { CollectContext } from '../collector-gap.ts';
import { collectorHttp, type Fetched, fetchJson } from '../collector-http.ts';
import type { IntercomOptions } from './intercom.options.ts';

const API: Readonly<Record<IntercomOptions['region'], string>> = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
};

/** One page of `POST /conversations/search`: conversations with their statistics (times in seconds). */
export const searchPageSchema = z.object({
  type: z.literal('conversation.list'),
  conversations: z.array(
    z.object({
      id: z.string(),
      created_at: z.number(),
      statistics: z.object({ time_to_admin_reply: z.number().nullable().optional() }).nullable(),
    }),
  ),
  pages: z.object({ next: z.object({ starting_after: z.string() }).nullable().optional() }).optional(),
});
export type SearchPage = z.output<typeof searchPageSchema>;

/** Intercom answers 429 with `X-RateLimit-Reset` (epoch seconds) rather than Retry-After. */
export function rateLimitReset(headers: Readonly<Record<string, unknown>>, nowMs: number): number | undefined {
  const reset = Number(headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - nowMs) : undefined;
}

export const MAX_PAGES = 50;

export class IntercomClient {
  readonly #http: AxiosInstance;

  constructor(private readonly options: IntercomOptions) {
    this.#http = collectorHttp({
      baseURL: (options.baseUrl ?? API[options.region]).replace(/\/$/, ''),
      headers: { Authorization: `Bearer ${options.accessToken.reveal()}`, 'Intercom-Version': options.apiVersion },
    });
  }

  /** Conversations created in [from, to), 150 a page. */
  search(
    startingAfter: string | undefined,
    context: CollectContext,
    signal: AbortSignal,
  ): Promise<Fetched<SearchPage>> {
    const clauses: unknown[] = [
      { field: 'created_at', operator: '>', value: Math.floor(context.window.fromMs / 1000) - 1 },
      { field: 'created_at', operator: '<', value: Math.ceil(context.window.toMs / 1000) },
    ];
    if (this.options.teamIds !== undefined)
      clauses.push({ field: 'team_assignee_id', operator: 'IN', value: [...this.options.teamIds] });
    const data = {
      query: { operator: 'AND', value: clauses },
      pagination: { per_page: 150, ...(startingAfter === undefined ? {} : { starting_after: startingAfter }) },
    };
    return fetchJson(
      this.#http,
      { method: 'POST', url: '/conversations/search', data, signal },
      searchPageSchema,
      context,
      {
        what: 'POST /conversations/search',
        retryAfter: (headers, nowMs) => rateLimitReset(headers, nowMs),
      },
    );
  }
}
