import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import type { CollectResult } from '../../app/collector.port.ts';
import { type CollectContext, gap, retryAfterMs } from './collector-gap.ts';

/** A JSON answer that matched the documented schema, or the gap that replaces it. */
export type Fetched<T> =
  | { readonly ok: true; readonly data: T; readonly headers: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly result: CollectResult };

export interface FetchOptions {
  /** Reads how long to wait from a 429 answer's headers; default: `Retry-After`. */
  readonly retryAfter?: (headers: Readonly<Record<string, unknown>>, nowMs: number) => number | undefined;
  /** What the request asked for, for a reason: a method and path, never a query string or a credential. */
  readonly what: string;
  /** Reads a status as another (e.g. an OAuth token endpoint's 400 `invalid_client` as 401). */
  readonly status?: (status: number) => number;
}

/**
 * An axios instance that never throws on an HTTP status (statuses become gaps here) and never logs. It has no time-out
 * of its own: the collection runner owns the deadline (`schedule.timeout`, one budget for reading an interval) and
 * aborts the signal every request carries when it runs out, so each request gets what is left of the budget.
 */
export function collectorHttp(config: Omit<AxiosRequestConfig, 'timeout' | 'signal'>): AxiosInstance {
  return axios.create({
    ...config,
    validateStatus: () => true,
    headers: { 'User-Agent': 'Kept-collector/0.1', Accept: 'application/json', ...config.headers },
  });
}

/** Maps an HTTP failure status to the gap it is (over axios here, and for Amazon Connect's SDK errors). */
export function statusGap(
  context: CollectContext,
  response: { readonly status: number; readonly headers: Readonly<Record<string, unknown>> },
  options: FetchOptions,
): CollectResult {
  const { status, headers } = response;
  const said = `${context.vendor} answered HTTP ${status} to ${options.what}`;
  if (status === 401 || status === 403) return gap(context, 'auth', `${said}: the credentials were refused`);
  if (status === 429) {
    const wait = (options.retryAfter ?? ((h, now) => retryAfterMs(h['retry-after'], now)))(headers, context.nowMs);
    const after = wait === undefined ? '' : `; it asked to wait ${Math.ceil(wait / 1000)} s`;
    return gap(context, 'rate-limited', `${said}: rate limited${after}`, wait);
  }
  if (status >= 500) return gap(context, 'server-error', `${said}: the platform failed`);
  return gap(context, 'bad-config', `${said}: the request was rejected (check the collector's options)`);
}

/** Maps a transport failure (no HTTP answer) to `timeout` or `unreachable`. */
export function transportGap(context: CollectContext, error: unknown, what: string): CollectResult {
  const code = axios.isAxiosError(error) ? error.code : (error as { code?: string } | undefined)?.code;
  const name = (error as { name?: string } | undefined)?.name;
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED' || name === 'AbortError')
    return gap(context, 'timeout', `${context.vendor} did not answer ${what} in time`);
  return gap(context, 'unreachable', `${context.vendor} could not be reached for ${what} (${code ?? 'network error'})`);
}

/** The first schema problem, as a path and a message: never the value, which could be anything. */
export function schemaProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'unknown';
  const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
  return `${path}: ${issue.message}`;
}

export function schemaGap(context: CollectContext, what: string, error: z.ZodError): CollectResult {
  return gap(
    context,
    'schema-changed',
    `${context.vendor}'s answer to ${what} no longer matches its documented shape (${schemaProblem(error)})`,
  );
}

/** A request as collectors send it: bounded by the run's signal, never by a time-out of its own. */
export type CollectorRequest = Omit<AxiosRequestConfig, 'timeout' | 'signal'> & { readonly signal: AbortSignal };

/**
 * Sends one request and checks the answer against the documented schema. Every failure (status, transport,
 * schema) comes back as the gap it is; only a matching 2xx answer is data. The request ends when the run's signal is
 * aborted (the interval's budget ran out, or Kept is stopping): a `timeout` gap.
 */
export async function fetchJson<S extends z.ZodType>(
  http: AxiosInstance,
  request: CollectorRequest,
  schema: S,
  context: CollectContext,
  options: FetchOptions,
): Promise<Fetched<z.output<S>>> {
  let response: AxiosResponse;
  try {
    response = await http.request({ responseType: 'json', ...request });
  } catch (error) {
    return { ok: false, result: transportGap(context, error, options.what) };
  }
  if (response.status < 200 || response.status >= 300) {
    const status = options.status?.(response.status) ?? response.status;
    return {
      ok: false,
      result: statusGap(context, { status, headers: response.headers as Record<string, unknown> }, options),
    };
  }
  const parsed = schema.safeParse(response.data);
  if (!parsed.success) return { ok: false, result: schemaGap(context, options.what, parsed.error) };
  return { ok: true, data: parsed.data, headers: response.headers as Record<string, unknown> };
}
