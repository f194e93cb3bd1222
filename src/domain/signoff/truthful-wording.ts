import { hourOfWeek } from '../calendar/zoned-time.ts';
import type { ClaimChannel } from '../channel.ts';
import { promiseLimitMs, type ClaimPromise } from '../claim.ts';
import type { Observation } from '../observation.ts';
import { describeSlots, zoneLabel } from './week-ranges.ts';

/** One conclusive attempt as the wording needs it: its hour of the week, whether what was promised came, and when. */
export interface WordingSample {
  readonly slot: number;
  /** A person reached (human, reply), a response came (first-response), or the attempt was answered. */
  readonly reached: boolean;
  /** The promise's timing: time to a human, to a first response; null when not measured. */
  readonly timingMs: number | null;
}

export interface WordingInput {
  readonly channels: readonly ClaimChannel[];
  readonly promise: ClaimPromise;
  /** The share of attempts that must meet it in each hour named: 1 for absolute wording. */
  readonly share: number;
  readonly timeZone: string;
  readonly samples: readonly WordingSample[];
  /** Fewest attempts in an hour of the week before it may be named. Default 3. */
  readonly minSamplesPerHour?: number;
}

export interface Wording {
  /** E.g. "Chat: a person answers within 1 minute, Mon-Fri 09:00-17:00 UK time". */
  readonly text: string;
  /** "Mon-Fri 09:00-17:00 UK time" or "24/7". */
  readonly hours: string;
  readonly slots: readonly number[];
  /** The time limit the wording names, rounded up to a figure copy uses; null when it names none. */
  readonly limitMs: number | null;
  /** The measured quantile (p95 for a 95% share, the slowest for absolute wording) in the hours named. */
  readonly measuredMs: number | null;
  /** What it rests on, in a sentence. */
  readonly basis: string;
}

/** The sample for one observation: only conclusive ones count; the caller drops inconclusive attempts. */
export function wordingSample(promise: ClaimPromise, observation: Observation, timeZone: string): WordingSample {
  const slot = hourOfWeek(observation.startedAt, timeZone);
  const answered = observation.outcome === 'answered';
  const { timings } = observation;
  switch (promise.kind) {
    case 'answered':
      return { slot, reached: answered, timingMs: null };
    case 'first-response':
      return {
        slot,
        reached: answered && timings.firstResponseMs !== undefined,
        timingMs: timings.firstResponseMs ?? null,
      };
    case 'human':
    case 'reply':
      return { slot, reached: answered && observation.humanReached, timingMs: timings.humanMs ?? null };
  }
}

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const NICE_LIMITS = [
  10 * S,
  15 * S,
  20 * S,
  30 * S,
  45 * S,
  M,
  2 * M,
  3 * M,
  5 * M,
  10 * M,
  15 * M,
  20 * M,
  30 * M,
  45 * M,
  H,
  2 * H,
  3 * H,
  4 * H,
  6 * H,
  8 * H,
  12 * H,
  24 * H,
  48 * H,
];

/** The smallest figure copy uses that is at least `ms`: 41 s → 45 s, 70 s → 2 minutes, 50 h → 3 days. */
export function niceLimit(ms: number): number {
  return NICE_LIMITS.find((n) => n >= ms) ?? Math.ceil(ms / (24 * H)) * 24 * H;
}

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A limit in words: "45 seconds", "1 minute", "4 hours", "3 days". */
export function limitWords(ms: number): string {
  if (ms < M) return plural(Math.ceil(ms / S), 'second');
  if (ms < H) return plural(Math.ceil(ms / M), 'minute');
  if (ms <= 48 * H) return plural(Math.ceil(ms / H), 'hour');
  return plural(Math.ceil(ms / (24 * H)), 'day');
}

function promisePhrase(promise: ClaimPromise, channels: readonly ClaimChannel[], limitMs: number | null): string {
  const within = limitMs === null ? '' : ` within ${limitWords(limitMs)}`;
  switch (promise.kind) {
    case 'answered':
      return 'every contact is answered';
    case 'first-response':
      return `a first response${within}`;
    case 'human':
      return channels.length === 1 && channels[0] === 'email'
        ? `a person replies${within}`
        : `a person answers${within}`;
    case 'reply':
      return `a person replies${within}`;
  }
}

function channelLabel(channels: readonly ClaimChannel[]): string {
  const names = channels.map((c) => c.charAt(0).toUpperCase() + c.slice(1));
  return names.length <= 1
    ? (names[0] ?? 'Support')
    : `${names.slice(0, -1).join(', ')} and ${(names.at(-1) as string).toLowerCase()}`;
}

/** The `share` quantile of some timings (p95 for 0.95; the largest for 1). */
function quantile(values: readonly number[], share: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] as number;
}

/**
 * A wording the evidence supports. It names the hours of the week in which at least `share` of the attempts (with
 * enough attempts) met the promise, grouped into day ranges, in the claim's time zone. It keeps the promised time limit
 * when some hours met it; only when none did it loosens the limit to the measured quantile of the hours where a
 * person (or response) came at all, rounded up to a figure copy uses. Null when no hour qualifies.
 */
export function suggestWording(input: WordingInput): Wording | null {
  const minPerHour = input.minSamplesPerHour ?? 3;
  const bySlot = new Map<number, WordingSample[]>();
  for (const s of input.samples) bySlot.set(s.slot, [...(bySlot.get(s.slot) ?? []), s]);
  const enough = [...bySlot.entries()].filter(([, list]) => list.length >= minPerHour);
  const meets = (limit: number | null) => (s: WordingSample) =>
    s.reached && (limit === null || (s.timingMs !== null && s.timingMs <= limit));
  const qualifying = (limit: number | null): number[] =>
    enough
      .filter(([, list]) => list.filter(meets(limit)).length >= input.share * list.length - 1e-9)
      .map(([slot]) => slot);

  const promised = promiseLimitMs(input.promise);
  let limit = promised;
  let slots = qualifying(limit);
  if (slots.length === 0 && promised !== null) {
    const reachable = qualifying(null);
    const timings = (within: readonly number[]) =>
      within.flatMap((slot) =>
        (bySlot.get(slot) ?? []).filter(meets(null)).flatMap((s) => (s.timingMs === null ? [] : [s.timingMs])),
      );
    const pooled = quantile(timings(reachable), input.share);
    if (pooled === null) return null;
    limit = niceLimit(pooled);
    slots = qualifying(limit);
    if (slots.length === 0) {
      const perSlot = reachable.map((slot) => quantile(timings([slot]), input.share) ?? Infinity);
      limit = niceLimit(Math.max(...perSlot));
      slots = qualifying(limit);
    }
  }
  if (slots.length === 0) return null;
  slots.sort((a, b) => a - b);
  const inSlots = slots.flatMap((slot) =>
    (bySlot.get(slot) ?? []).filter(meets(null)).flatMap((s) => (s.timingMs === null ? [] : [s.timingMs])),
  );
  const measuredMs = quantile(inSlots, input.share);
  // "A person answers" with no time: name the time measured, rounded up, when every hour named meets it.
  if (
    limit === null &&
    measuredMs !== null &&
    input.promise.kind !== 'answered' &&
    qualifying(niceLimit(measuredMs)).length >= slots.length
  ) {
    limit = niceLimit(measuredMs);
  }
  const week = describeSlots(slots);
  const hours = week === '24/7' ? week : `${week} ${zoneLabel(input.timeZone)}`;
  const count = slots.reduce((n, slot) => n + (bySlot.get(slot)?.length ?? 0), 0);
  const pct = `${Math.round(input.share * 1000) / 10}%`;
  const quantileText =
    measuredMs === null
      ? ''
      : `; ${input.share >= 1 ? 'the slowest took' : `p${Math.round(input.share * 100)} was`} ${limitWords(measuredMs)}`;
  return {
    text: `${channelLabel(input.channels)}: ${promisePhrase(input.promise, input.channels, limit)}, ${hours}`,
    hours,
    slots,
    limitMs: limit,
    measuredMs,
    basis: `${count} attempts in ${slots.length} hours of the week with at least ${minPerHour} attempts each, where ${input.share >= 1 ? 'every attempt' : `at least ${pct}`} met it${quantileText}`,
  };
}
