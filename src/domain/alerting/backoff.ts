/** Exponential back-off with jitter, shared by the notifiers' own retries and the delivery queue. */
export interface BackoffPolicy {
  /** Delay before the first retry, before jitter. */
  readonly baseMs: number;
  /** Upper bound of any delay. */
  readonly maxMs: number;
}

/**
 * Delay before retry number `attempt` (1 = the first retry): base * 2^(attempt-1), capped, then "equal jitter": a
 * uniform draw from the upper half, so retries from many senders spread out but never collapse to zero.
 * `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Parses an HTTP Retry-After value (delay-seconds or an HTTP date) into milliseconds from `now`; null when absent or
 * unreadable. Dates in the past give 0.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const when = Date.parse(text);
  if (Number.isNaN(when)) return null;
  return Math.max(0, when - now);
}
