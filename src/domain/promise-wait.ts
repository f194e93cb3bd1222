import { longestWaitMs } from './calendar/business-calendar.ts';
import type { Claim } from './claim.ts';

/**
 * How long a probe must wait to judge a claim's promise, and the time-out a probe gets when its catalogue entry gives
 * none. An attempt that stops waiting before the promise falls due is not counted (judgement.ts), so a time-out
 * shorter than the promise loses attempts; the default follows the promise instead.
 */

const MINUTE_MS = 60_000;

/** The time-out of a probe whose claims promise no time limit (`answered`, `human: any`). */
export const PLAIN_TIMEOUT_MS = 5 * MINUTE_MS;

/**
 * The longest an attempt must wait to see whether the promise was met: the limit itself, or for a limit in business
 * time the longest it can take in the claim's calendar (4 business hours from a Friday close run to Monday).
 * Undefined for a promise without a limit, or a calendar with no business days.
 */
export function promisedWaitMs(claim: Claim): number | undefined {
  const { promise } = claim;
  if (promise.kind === 'answered' || promise.withinMs === null) return undefined;
  if (promise.business === undefined) return promise.withinMs;
  return longestWaitMs(promise.business, claim.hours);
}

/** The margin a default time-out adds to the promised wait: 10%, at least a minute, rounded up to a whole minute. */
export function withMargin(waitMs: number): number {
  return Math.ceil((waitMs + Math.max(MINUTE_MS, waitMs / 10)) / MINUTE_MS) * MINUTE_MS;
}

/**
 * A probe's time-out when none is given: the longest promised wait among the claims it verifies plus the margin
 * (`withMargin`), or `PLAIN_TIMEOUT_MS` when no claim promises a time; never more than `capMs` (what a timer holds).
 */
export function defaultTimeoutMs(verified: readonly Claim[], capMs: number): number {
  const waits = verified.map(promisedWaitMs).filter((ms): ms is number => ms !== undefined);
  if (waits.length === 0) return Math.min(PLAIN_TIMEOUT_MS, capMs);
  return Math.min(withMargin(Math.max(...waits)), capMs);
}
