import type { Claim, ClaimPromise, Holiday, Hours, Target, Weekday, WeeklyWindow } from '../../src/domain/claim.ts';
import type { Observation, Outcome, Timings } from '../../src/domain/observation.ts';

/** Test builders for the pure domain: claims, hours and observations written the way people read them. */

/** Epoch milliseconds of an ISO 8601 instant; the offset is part of the string, computed by hand. */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant in a test: ${iso}`);
  return ms;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const MON: Weekday = 0;
export const TUE: Weekday = 1;
export const WED: Weekday = 2;
export const THU: Weekday = 3;
export const FRI: Weekday = 4;
export const SAT: Weekday = 5;
export const SUN: Weekday = 6;
export const WEEKDAYS: readonly Weekday[] = [MON, TUE, WED, THU, FRI];
export const DAILY: readonly Weekday[] = [MON, TUE, WED, THU, FRI, SAT, SUN];

function minuteOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** A window "from"-"to" in local wall-clock time; a `to` not after `from` runs past midnight. */
export function window(days: readonly Weekday[], from: string, to: string): WeeklyWindow {
  const fromMinute = minuteOf(from);
  const end = minuteOf(to);
  return { days, fromMinute, toMinute: end <= fromMinute ? end + 1_440 : end };
}

/** A holiday: closed when no hours are given, else open in the given ["HH:MM", "HH:MM"] pairs. */
export function holiday(date: string, ...hours: readonly (readonly [string, string])[]): Holiday {
  return {
    date,
    name: `holiday ${date}`,
    windows: hours.map(([from, to]) => {
      const { fromMinute, toMinute } = window([], from, to);
      return { fromMinute, toMinute };
    }),
  };
}

export function weekly(timeZone: string, windows: readonly WeeklyWindow[], holidays: readonly Holiday[] = []): Hours {
  return { kind: 'weekly', timeZone, windows, holidays };
}

export function always(timeZone: string): Hours {
  return { kind: 'always', timeZone };
}

export const ABSOLUTE: Target = { kind: 'absolute' };
export const share = (value: number): Target => ({ kind: 'share', share: value });

export function claim(fields: {
  hours: Hours;
  promise?: ClaimPromise;
  target?: Target;
  minSamples?: number;
  id?: string;
}): Claim {
  return {
    id: fields.id ?? 'chat-claim',
    copy: 'live chat with a real person',
    publishedAt: ['https://example.test/support'],
    owner: 'support-ops',
    channels: ['chat'],
    hours: fields.hours,
    promise: fields.promise ?? { kind: 'answered' },
    target: fields.target ?? ABSOLUTE,
    minSamples: fields.minSamples ?? 1,
  };
}

/** One chat-api observation started at `startedAt`; by default answered by a human after 30 s, in a minute. */
/** Timings to set over the defaults; `undefined` removes a default (a bot-only attempt has no `humanMs`). */
export type TimingOverrides = { readonly [K in keyof Timings]?: Timings[K] | undefined };

export function observation(
  startedAt: number,
  fields: { outcome?: Outcome | undefined; timings?: TimingOverrides; humanReached?: boolean } = {},
): Observation {
  const outcome = fields.outcome ?? 'answered';
  const answered = outcome === 'answered';
  return {
    id: `obs-${new Date(startedAt).toISOString()}-${outcome}`,
    probeId: 'chat-probe',
    kind: 'chat-api',
    startedAt,
    outcome,
    ...(answered ? {} : { reason: `the attempt was ${outcome}` }),
    timings: withoutUndefined({
      ...(answered ? { connectMs: 40, firstResponseMs: 800, humanMs: 30_000 } : {}),
      ...fields.timings,
      // An unanswered attempt lasts its time-out: 5m, the default, longer than the promises the tests judge it by.
      totalMs: fields.timings?.totalMs ?? (outcome === 'unanswered' ? 300_000 : 60_000),
    }),
    humanReached: fields.humanReached ?? answered,
    evidence: {},
  };
}

function withoutUndefined(timings: TimingOverrides & { totalMs: number }): Timings {
  return Object.fromEntries(Object.entries(timings).filter(([, ms]) => ms !== undefined)) as unknown as Timings;
}

/** Instants from `from` (inclusive) to `to` (exclusive), `stepMs` apart. */
export function instants(from: number, to: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = from; t < to; t += stepMs) out.push(t);
  return out;
}
