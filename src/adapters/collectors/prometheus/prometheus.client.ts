import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { CollectContext } from '../collector-gap.ts';
import { collectorHttp, type Fetched, fetchJson } from '../collector-http.ts';
import type { PrometheusOptions } from './prometheus.options.ts';

/** `/api/v1/query` as documented: an instant vector of `{ metric, value: [unix seconds, "text"] }`. */
export const instantQuerySchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
  }),
});
export type InstantVector = z.output<typeof instantQuerySchema>['data']['result'];

export class PrometheusClient {
  readonly #http: AxiosInstance;

  constructor(options: PrometheusOptions) {
    this.#http = collectorHttp({
      baseURL: options.url.replace(/\/$/, ''),
      headers: options.bearerToken === undefined ? {} : { Authorization: `Bearer ${options.bearerToken.reveal()}` },
    });
  }

  /** `POST /api/v1/query` (form-encoded, so long queries fit) at `timeSeconds`. */
  query(
    expr: string,
    timeSeconds: number,
    context: CollectContext,
    signal: AbortSignal,
  ): Promise<Fetched<InstantVector>> {
    const form = new URLSearchParams({ query: expr, time: String(timeSeconds) });
    return fetchJson(
      this.#http,
      {
        method: 'POST',
        url: '/api/v1/query',
        data: form.toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        signal,
      },
      instantQuerySchema.transform((body) => body.data.result),
      context,
      { what: 'POST /api/v1/query' },
    );
  }
}
