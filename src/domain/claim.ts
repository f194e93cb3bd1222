import type { ClaimChannel } from './channel.ts';

/** Day of the week, Monday first, as ISO 8601 numbers them minus one: 0 = Monday … 6 = Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A weekly window in local wall-clock minutes since midnight. `toMinute` may exceed 1440 to run past midnight. */
export interface WeeklyWindow {
  readonly days: readonly Weekday[];
  readonly fromMinute: number;
  readonly toMinute: number;
}

/** A dated exception to the weekly hours, e.g. Christmas Day. */
export interface Holiday {
  /** Local date `YYYY-MM-DD` in the claim's time zone. */
  readonly date: string;
  readonly name: string;
  /** Hours in force that day instead of the weekly ones; empty means closed. */
  readonly windows: readonly Omit<WeeklyWindow, 'days'>[];
}

/** When a claim is in force. `always` is 24/7, holidays included. */
export type Hours =
  | { readonly kind: 'always'; readonly timeZone: string }
  | {
      readonly kind: 'weekly';
      readonly timeZone: string;
      readonly windows: readonly WeeklyWindow[];
      readonly holidays: readonly Holiday[];
    };

/**
 * A time limit counted in the claim's own calendar (its weekly hours, time zone and holidays) instead of elapsed time:
 * - business-hours: that many hours of opening time ("within 4 business hours");
 * - business-days: by the close of the Nth business day after the day of the attempt ("by the next working day" is 1).
 */
export type BusinessLimit =
  | { readonly kind: 'business-hours'; readonly hours: number }
  | { readonly kind: 'business-days'; readonly days: number };

/**
 * What is promised for each attempt in force. Durations in milliseconds. With `business` set, the limit is counted in
 * the claim's calendar and `withinMs` is its nominal length (4 business hours: 4h; 1 business day: 24h), for display
 * and comparison only.
 */
export type ClaimPromise =
  | { readonly kind: 'answered' }
  | { readonly kind: 'first-response'; readonly withinMs: number; readonly business?: BusinessLimit }
  | { readonly kind: 'human'; readonly withinMs: number | null; readonly business?: BusinessLimit }
  | { readonly kind: 'reply'; readonly withinMs: number; readonly business?: BusinessLimit };

/** The share of in-force attempts that must meet the promise. `absolute` is for "every", "always", "24/7". */
export type Target = { readonly kind: 'absolute' } | { readonly kind: 'share'; readonly share: number };

export interface Claim {
  readonly id: string;
  /** The copy as published, verbatim. */
  readonly copy: string;
  readonly publishedAt: readonly string[];
  readonly owner: string;
  readonly channels: readonly ClaimChannel[];
  readonly hours: Hours;
  readonly promise: ClaimPromise;
  readonly target: Target;
  /**
   * Fewest counted observations before a claim can be `kept`. A `broken` verdict needs no minimum: one failure breaks
   * an absolute claim, and a share claim breaks once its whole 95% interval lies below the target.
   */
  readonly minSamples: number;
}

/** The required share as a number in (0, 1]; absolute claims need 1. */
export function requiredShare(target: Target): number {
  return target.kind === 'absolute' ? 1 : target.share;
}

/** The time limit a promise sets, if any. */
export function promiseLimitMs(promise: ClaimPromise): number | null {
  switch (promise.kind) {
    case 'answered':
      return null;
    case 'human':
      return promise.withinMs;
    case 'first-response':
    case 'reply':
      return promise.withinMs;
  }
}

/** The nominal length of a business limit: an hour per business hour, a day per business day. */
export function nominalBusinessMs(limit: BusinessLimit): number {
  return limit.kind === 'business-hours' ? limit.hours * 3_600_000 : limit.days * 86_400_000;
}

/** "4 business hours", "1 business day", "the same business day". */
export function describeBusinessLimit(limit: BusinessLimit): string {
  if (limit.kind === 'business-hours') return `${limit.hours} business hour${limit.hours === 1 ? '' : 's'}`;
  if (limit.days === 0) return 'the same business day';
  return `${limit.days} business day${limit.days === 1 ? '' : 's'}`;
}

/** A promise's limit in words: "2m", or "4 business hours" when it counts the claim's calendar. */
export function describeLimit(promise: ClaimPromise, format: (ms: number) => string): string | undefined {
  if (promise.kind === 'answered' || promise.withinMs === null) return undefined;
  return promise.business === undefined ? format(promise.withinMs) : describeBusinessLimit(promise.business);
}

/** A one-line description of a promise, e.g. "a human within 2m", "a reply within 4 business hours". */
export function describePromise(promise: ClaimPromise, format: (ms: number) => string): string {
  const limit = describeLimit(promise, format);
  switch (promise.kind) {
    case 'answered':
      return 'answered';
    case 'first-response':
      return `first response within ${limit}`;
    case 'human':
      return limit === undefined ? 'a human reached' : `a human within ${limit}`;
    case 'reply':
      return `a reply within ${limit}`;
  }
}
