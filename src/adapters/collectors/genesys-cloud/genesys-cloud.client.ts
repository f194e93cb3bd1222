import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { Clock } from '../../../app/ports.ts';
import type { CollectContext } from '../collector-gap.ts';
import { collectorHttp, type Fetched, fetchJson } from '../collector-http.ts';
import type { GenesysCloudOptions } from './genesys-cloud.options.ts';

const tokenSchema = z.object({ access_token: z.string().min(1), token_type: z.string(), expires_in: z.number() });

const group = z.object({ queueId: z.string(), mediaType: z.string().optional() });
const stats = z.object({
  count: z.number().optional(),
  sum: z.number().optional(),
  max: z.number().optional(),
  min: z.number().optional(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  ratio: z.number().optional(),
});

/**
 * `POST /api/v2/analytics/conversations/aggregates/query`: stats per group and interval, durations in ms. With no
 * data Genesys answers `{}`, so the object is strict: an answer with other keys is a changed schema, not "no data".
 */
export const aggregatesSchema = z.strictObject({
  systemToOrganizationMappings: z.record(z.string(), z.unknown()).optional(),
  results: z
    .array(
      z.object({
        group,
        data: z.array(z.object({ interval: z.string(), metrics: z.array(z.object({ metric: z.string(), stats })) })),
      }),
    )
    .default([]),
});
export type AggregateResult = z.output<typeof aggregatesSchema>['results'][number];

/** `POST /api/v2/analytics/queues/observations/query`, with oWaiting's observations (when each began waiting). */
export const observationsSchema = z.strictObject({
  results: z
    .array(
      z.object({
        group,
        data: z
          .array(
            z.object({
              metric: z.string(),
              stats: z.object({ count: z.number().optional() }),
              observations: z.array(z.object({ observationDate: z.iso.datetime({ offset: true }) })).optional(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});
export type ObservationResult = z.output<typeof observationsSchema>['results'][number];

/** The view name Kept gives "answered (or abandoned) in less than `seconds`". */
export const viewName = (target: 'tAnswered' | 'tAbandon', seconds: number): string => `${target}Lt${seconds}s`;

/** Genesys Cloud's Platform API: an OAuth token by client credentials (kept until it expires), then the queries. */
export class GenesysCloudClient {
  readonly #api: AxiosInstance;
  readonly #login: AxiosInstance;
  #token: { value: string; expiresAtMs: number } | undefined;

  constructor(
    private readonly options: GenesysCloudOptions,
    private readonly clock: Clock,
  ) {
    this.#api = collectorHttp({ baseURL: (options.apiUrl ?? `https://api.${options.region}`).replace(/\/$/, '') });
    this.#login = collectorHttp({
      baseURL: (options.loginUrl ?? `https://login.${options.region}`).replace(/\/$/, ''),
      auth: { username: options.clientId, password: options.clientSecret.reveal() },
    });
  }

  async #bearer(context: CollectContext, signal: AbortSignal): Promise<Fetched<string>> {
    if (this.#token !== undefined && this.#token.expiresAtMs > this.clock.now() + 60_000)
      return { ok: true, data: this.#token.value, headers: {} };
    const fetched = await fetchJson(
      this.#login,
      {
        method: 'POST',
        url: '/oauth/token',
        data: 'grant_type=client_credentials',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        signal,
      },
      tokenSchema,
      context,
      { what: 'POST /oauth/token', status: (s) => (s === 400 ? 401 : s) },
    );
    if (!fetched.ok) return fetched;
    this.#token = { value: fetched.data.access_token, expiresAtMs: this.clock.now() + fetched.data.expires_in * 1000 };
    return { ok: true, data: this.#token.value, headers: fetched.headers };
  }

  async #post<S extends z.ZodType>(
    url: string,
    body: unknown,
    schema: S,
    context: CollectContext,
    signal: AbortSignal,
  ): Promise<Fetched<z.output<S>>> {
    const token = await this.#bearer(context, signal);
    if (!token.ok) return token;
    const fetched = await fetchJson(
      this.#api,
      { method: 'POST', url, data: body, headers: { Authorization: `Bearer ${token.data}` }, signal },
      schema,
      context,
      { what: `POST ${url}` },
    );
    if (!fetched.ok && fetched.result.kind === 'gap' && fetched.result.gap.code === 'auth') this.#token = undefined;
    return fetched;
  }

  #filter(): unknown {
    const queues = this.options.queueIds.map((value) => ({ dimension: 'queueId', value }));
    const media = this.options.mediaTypes?.map((value) => ({ dimension: 'mediaType', value }));
    return media === undefined
      ? { type: 'or', predicates: queues }
      : {
          type: 'and',
          clauses: [
            { type: 'or', predicates: queues },
            { type: 'or', predicates: media },
          ],
        };
  }

  aggregates(splitSeconds: readonly number[], context: CollectContext, signal: AbortSignal) {
    const interval = `${new Date(context.window.fromMs).toISOString()}/${new Date(context.window.toMs).toISOString()}`;
    const views = splitSeconds.flatMap((seconds) =>
      (['tAnswered', 'tAbandon'] as const).map((target) => ({
        target,
        name: viewName(target, seconds),
        function: 'rangeBound',
        range: { lt: seconds * 1000 },
      })),
    );
    const body = {
      interval,
      groupBy: ['queueId', 'mediaType'],
      filter: this.#filter(),
      metrics: ['tWait', 'tAnswered', 'tAbandon', 'oServiceLevel'],
      ...(views.length === 0 ? {} : { views }),
    };
    return this.#post('/api/v2/analytics/conversations/aggregates/query', body, aggregatesSchema, context, signal);
  }

  observations(context: CollectContext, signal: AbortSignal) {
    const body = { filter: this.#filter(), metrics: ['oWaiting'], detailMetrics: ['oWaiting'] };
    return this.#post('/api/v2/analytics/queues/observations/query', body, observationsSchema, context, signal);
  }
}
