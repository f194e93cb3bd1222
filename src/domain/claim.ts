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

/** What is promised for each attempt in force. Durations in milliseconds. */
export type ClaimPromise =
  | { readonly kind: 'answered' }
  | { readonly kind: 'first-response'; readonly withinMs: number }
  | { readonly kind: 'human'; readonly withinMs: number | null }
  | { readonly kind: 'reply'; readonly withinMs: number };

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

/** A one-line description of a promise, e.g. "a human within 2m". */
export function describePromise(promise: ClaimPromise, format: (ms: number) => string): string {
  switch (promise.kind) {
    case 'answered':
      return 'answered';
    case 'first-response':
      return `first response within ${format(promise.withinMs)}`;
    case 'human':
      return promise.withinMs === null ? 'a human reached' : `a human within ${format(promise.withinMs)}`;
    case 'reply':
      return `a reply within ${format(promise.withinMs)}`;
  }
}
