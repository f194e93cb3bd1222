import axios, { type AxiosInstance } from 'axios';
import { DeliveryError } from '../../app/alerting/notifier.port.ts';
import type { Clock, Logger } from '../../app/ports.ts';
import { backoffDelay, parseRetryAfter } from '../../domain/alerting/backoff.ts';
import type { Receiver } from '../../domain/catalogue.ts';
import { REDACTED, redactUrls } from '../../domain/redact-url.ts';
import type { Secret } from '../../domain/secret.ts';

/** How hard one `send` tries before it hands the notification back to the delivery queue. */
export interface RetryOptions {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited out inside `send`: the queue waits instead. */
  readonly maxRetryAfterMs: number;
  /** Per request. */
  readonly timeoutMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 10_000,
};

export interface HttpDeliveryDeps {
  readonly clock: Clock;
  readonly log: Logger;
  readonly retry?: Partial<RetryOptions>;
  readonly random?: () => number;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

export interface HttpDelivery {
  /** POSTs a JSON body; resolves with a 2xx response, else throws a DeliveryError (transient or fatal). */
  postJson(
    url: string,
    body: string,
    headers?: Readonly<Record<string, string>>,
    signal?: AbortSignal,
  ): Promise<HttpResponse>;
}

/** A URL as it may appear in logs and errors: scheme, host and port only (paths may carry tokens). */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '<invalid URL>';
  }
}

const RETRYABLE = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/**
 * Shortens a response body for an error message and removes the receiver's secret and URL if a server echoed them,
 * and the secrets of any other URL in it (a redirect target with `?token=`).
 */
function excerpt(body: string, secret: Secret | undefined, url: string): string {
  let text = body.replace(/\s+/g, ' ').trim();
  const hidden = [secret?.reveal(), url].filter((s): s is string => s !== undefined && s.length >= 4);
  for (const value of hidden) text = text.split(value).join(REDACTED);
  return redactUrls(text).slice(0, 200);
}

/**
 * HTTP delivery for one receiver with axios: retries network errors, timeouts, 408, 429 and 5xx with exponential
 * back-off and jitter, honours Retry-After, and never retries other 4xx. Errors carry no axios error as cause (its
 * config holds headers and the body, i.e. tokens and routing keys): only the receiver name, URL origin, status and a
 * redacted excerpt of the response.
 */
export function createHttpDelivery(receiver: Receiver, deps: HttpDeliveryDeps): HttpDelivery {
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...deps.retry };
  const random = deps.random ?? Math.random;
  const who = `receiver "${receiver.name}" (${receiver.kind} at ${safeOrigin(receiver.url)})`;
  const http: AxiosInstance = axios.create({
    timeout: retry.timeoutMs,
    maxRedirects: 0,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
  });

  async function once(url: string, body: string, headers: Record<string, string>, signal?: AbortSignal) {
    try {
      const response = await http.post<string>(url, body, { headers, ...(signal === undefined ? {} : { signal }) });
      const retryAfter = response.headers['retry-after'] as unknown;
      const text = typeof response.data === 'string' ? response.data : '';
      return {
        status: response.status,
        body: text,
        retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
      };
    } catch (error) {
      if (signal?.aborted)
        throw new DeliveryError('transient', 'notifier.aborted', `${who}: delivery aborted at shutdown`);
      const code = axios.isAxiosError(error) ? (error.code ?? 'network') : 'network';
      return { status: 0, body: '', retryAfter: undefined, code };
    }
  }

  return {
    async postJson(url, body, extra = {}, signal) {
      const headers = { 'content-type': 'application/json', 'user-agent': 'Kept', ...extra };
      let last = '';
      for (let attempt = 1; attempt <= retry.attempts; attempt++) {
        const response = await once(url, body, headers, signal);
        if (response.status >= 200 && response.status < 300) return { status: response.status, body: response.body };
        const text = excerpt(response.body, receiver.secret, url);
        if (response.status !== 0 && !RETRYABLE(response.status)) {
          throw new DeliveryError(
            'fatal',
            'notifier.rejected',
            `${who} refused the notification: HTTP ${response.status} ${text}`.trim(),
          );
        }
        last =
          response.status === 0
            ? `network error ${'code' in response ? response.code : ''}`.trim()
            : `HTTP ${response.status} ${text}`.trim();
        const retryAfter = parseRetryAfter(response.retryAfter, deps.clock.now());
        if (retryAfter !== null && retryAfter > retry.maxRetryAfterMs) {
          throw new DeliveryError(
            'transient',
            'notifier.rate-limited',
            `${who}: ${last}; asked to retry after ${retryAfter} ms`,
            retryAfter,
          );
        }
        if (attempt === retry.attempts) break;
        const delay = Math.max(
          backoffDelay(attempt, { baseMs: retry.baseDelayMs, maxMs: retry.maxDelayMs }, random),
          retryAfter ?? 0,
        );
        deps.log.warn('notification try failed; retrying', {
          receiver: receiver.name,
          attempt,
          error: last,
          retryInMs: delay,
        });
        try {
          await deps.clock.sleep(delay, signal);
        } catch {
          throw new DeliveryError('transient', 'notifier.aborted', `${who}: delivery aborted at shutdown`);
        }
      }
      throw new DeliveryError('transient', 'notifier.unavailable', `${who}: ${last} after ${retry.attempts} tries`);
    },
  };
}
