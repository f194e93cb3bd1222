import { inForceByMinute } from '../calendar/in-force.ts';
import { hourOfWeek } from '../calendar/zoned-time.ts';
import type { ClaimChannel } from '../channel.ts';
import type { Claim } from '../claim.ts';
import { formatDuration } from '../duration.ts';
import type { PopulationGap, PopulationReading, WaitSplit } from './population-reading.ts';

/**
 * How one interval of a population counts for one claim:
 * - `counted`: wholly in force, and the figures can tell met from failed (`contacts` may be 0: the interval was read);
 * - `out-of-force`: the claim was not in force at any minute of it;
 * - `partly-in-force`: the interval straddles the claim's hours, so its counts cannot be split (not counted);
 * - `unjudged`: in force, but the platform did not split waits at the promise's limit (a longest wait past the limit
 *   still breaks an absolute claim: `pastPromise`);
 * - `other-channel`: the reading is of a channel the claim is not about;
 * - `gap`: collection failed (auth, 429, 5xx, a changed schema, an outage): inconclusive, never evidence.
 */
export type PopulationStatus = 'counted' | 'out-of-force' | 'partly-in-force' | 'unjudged' | 'other-channel' | 'gap';

export interface PopulationJudgement {
  readonly claimId: string;
  readonly collectorId: string;
  readonly queue?: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** Hour of the week at `fromMs` in the claim's zone (0 = Monday 00:00). */
  readonly hourOfWeek: number;
  readonly status: PopulationStatus;
  /** Counted contacts: met + failed (0 unless `counted`). */
  readonly met: number;
  readonly failed: number;
  /** Contacts that gave up before the limit fell due: could have been answered in time, so not counted. */
  readonly notCounted: number;
  /** All contacts of the reading, whatever their status (for out-of-force and unjudged totals). */
  readonly contacts: number;
  readonly longestWaitMs?: number;
  /** In force, someone waited longer than the promise's limit: an absolute promise is broken by it. */
  readonly pastPromise: boolean;
  /** What the platform's clock does not count (`ivr`, `bot`), from the reading. */
  readonly uncounted?: readonly string[];
  /** For a gap: its code (`auth`, `rate-limited`, …) and sentence. */
  readonly gap?: { readonly code: string; readonly reason: string };
  readonly reason: string;
}

const MINUTE_MS = 60_000;

const minutesOf = (fromMs: number, toMs: number): { start: number; count: number } => {
  const start = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
  return { start, count: Math.max(0, Math.ceil((toMs - start) / MINUTE_MS)) };
};

/** Whether the claim is in force at every minute of [fromMs, toMs), at none, or at some. */
export function forceOver(claim: Claim, fromMs: number, toMs: number): 'all' | 'none' | 'some' {
  if (claim.hours.kind === 'always') return 'all';
  const { start, count } = minutesOf(fromMs, toMs);
  const minutes = inForceByMinute(claim.hours, start, count);
  const some = minutes.includes(true);
  if (!some) return 'none';
  return minutes.includes(false) ? 'some' : 'all';
}

/** In-force milliseconds of [fromMs, toMs), to the minute. */
export function inForceMs(claim: Claim, fromMs: number, toMs: number): number {
  if (claim.hours.kind === 'always') return Math.max(0, toMs - fromMs);
  const { start, count } = minutesOf(fromMs, toMs);
  const minutes = inForceByMinute(claim.hours, start, count);
  let total = 0;
  minutes.forEach((open, i) => {
    const t = start + i * MINUTE_MS;
    if (open) total += Math.min(t + MINUTE_MS, toMs) - Math.max(t, fromMs);
  });
  return total;
}

const CHANNELS: Readonly<Record<string, ClaimChannel>> = {
  voice: 'phone',
  phone: 'phone',
  call: 'phone',
  calls: 'phone',
  telephony: 'phone',
  chat: 'chat',
  'web-chat': 'chat',
  messaging: 'chat',
  email: 'email',
  mail: 'email',
};

/** The claim channel a platform's channel name stands for; undefined when it is not one Kept knows. */
export function claimChannelOf(channel: string | undefined): ClaimChannel | undefined {
  return channel === undefined ? undefined : CHANNELS[channel.toLowerCase()];
}

/** The split at exactly `limitMs`, from `splits` or the single `withinPromise`/`thresholdMs`. */
function splitAt(reading: PopulationReading, limitMs: number): WaitSplit | undefined {
  const listed = reading.splits?.find((split) => split.thresholdMs === limitMs);
  if (listed !== undefined) return listed;
  if (reading.withinPromise !== undefined && reading.thresholdMs === limitMs)
    return { thresholdMs: limitMs, answeredWithin: reading.withinPromise };
  return undefined;
}

/** The limit a claim's promise sets for population figures: null (answered at all), ms, or 'business'. */
export function limitOf(claim: Claim): number | null | 'business' {
  const promise = claim.promise;
  if (promise.kind === 'answered') return null;
  if (promise.business !== undefined) return 'business';
  return promise.withinMs;
}

const base = (claim: Claim, reading: PopulationReading) => ({
  claimId: claim.id,
  collectorId: reading.collectorId,
  queue: reading.queue,
  fromMs: reading.fromMs,
  toMs: reading.toMs,
  hourOfWeek: hourOfWeek(reading.fromMs, claim.hours.timeZone),
  contacts: reading.contacts,
  ...(reading.longestWaitMs === undefined ? {} : { longestWaitMs: reading.longestWaitMs }),
  ...(reading.uncounted === undefined ? {} : { uncounted: reading.uncounted }),
});

const none = { met: 0, failed: 0, notCounted: 0, pastPromise: false } as const;

/**
 * Judges one population reading for one claim (docs/architecture/collectors.md, "Verdict rules"). Pure. Abandoned
 * contacts count against the promise (a customer who hung up after 40 minutes was not answered), except those the
 * platform says gave up within a time limit: like a probe that stopped waiting before the promise fell due, they
 * could still have been answered in time, so they are not counted.
 */
export function judgeReading(claim: Claim, reading: PopulationReading): PopulationJudgement {
  const common = base(claim, reading);
  const channel = claimChannelOf(reading.channel);
  if (channel !== undefined && !claim.channels.includes(channel))
    return { ...common, ...none, status: 'other-channel', reason: `a ${channel} queue; the claim is not about it` };
  const force = forceOver(claim, reading.fromMs, reading.toMs);
  if (force === 'none') return { ...common, ...none, status: 'out-of-force', reason: 'the claim was not in force' };
  if (force === 'some')
    return {
      ...common,
      ...none,
      status: 'partly-in-force',
      reason: "the interval straddles the claim's hours, so its counts cannot be split; not counted",
    };
  const limit = limitOf(claim);
  if (limit === 'business')
    return {
      ...common,
      ...none,
      status: 'unjudged',
      reason: 'a limit in business time cannot be read from platform figures; not counted',
    };
  const answered = reading.contacts - reading.abandoned;
  if (limit === null) {
    return {
      ...common,
      status: 'counted',
      met: answered,
      failed: reading.abandoned,
      notCounted: 0,
      pastPromise: false,
      reason: `${answered} of ${reading.contacts} answered; ${reading.abandoned} abandoned`,
    };
  }
  const pastPromise = reading.longestWaitMs !== undefined && reading.longestWaitMs > limit;
  const within = formatDuration(limit);
  const split = splitAt(reading, limit);
  if (split !== undefined) {
    const notCounted = Math.min(split.abandonedWithin ?? 0, reading.abandoned);
    const failed = Math.max(0, reading.contacts - split.answeredWithin - notCounted);
    return {
      ...common,
      status: 'counted',
      met: split.answeredWithin,
      failed,
      notCounted,
      pastPromise,
      reason: `${split.answeredWithin} of ${reading.contacts - notCounted} answered within ${within}`,
    };
  }
  if (reading.longestWaitMs !== undefined && !pastPromise) {
    return {
      ...common,
      status: 'counted',
      met: answered,
      failed: 0,
      notCounted: reading.abandoned,
      pastPromise,
      reason: `no wait was longer than ${within} (longest ${formatDuration(reading.longestWaitMs)})`,
    };
  }
  return {
    ...common,
    ...none,
    pastPromise,
    status: 'unjudged',
    reason: pastPromise
      ? `a wait of ${formatDuration(reading.longestWaitMs as number)} passed ${within}, but the platform did not split waits at ${within}`
      : `the platform did not split waits at ${within}, nor give the longest wait`,
  };
}

/** A gap's interval for one claim: inconclusive where the claim was in force, never evidence either way. */
export function judgeGap(claim: Claim, gap: PopulationGap): PopulationJudgement {
  const force = forceOver(claim, gap.fromMs, gap.toMs);
  return {
    claimId: claim.id,
    collectorId: gap.collectorId,
    fromMs: gap.fromMs,
    toMs: gap.toMs,
    hourOfWeek: hourOfWeek(gap.fromMs, claim.hours.timeZone),
    contacts: 0,
    ...none,
    status: force === 'none' ? 'out-of-force' : 'gap',
    gap: { code: gap.code, reason: gap.reason },
    reason: `collection failed (${gap.code}): ${gap.reason}; inconclusive`,
  };
}

/** Parts of [fromMs, toMs) not covered by any of `covered` (intervals read successfully afterwards). */
export function uncoveredParts(
  fromMs: number,
  toMs: number,
  covered: readonly { readonly fromMs: number; readonly toMs: number }[],
): { fromMs: number; toMs: number }[] {
  const sorted = covered.filter((c) => c.toMs > fromMs && c.fromMs < toMs).sort((a, b) => a.fromMs - b.fromMs);
  const parts: { fromMs: number; toMs: number }[] = [];
  let cursor = fromMs;
  for (const c of sorted) {
    if (c.fromMs > cursor) parts.push({ fromMs: cursor, toMs: c.fromMs });
    cursor = Math.max(cursor, c.toMs);
    if (cursor >= toMs) break;
  }
  if (cursor < toMs) parts.push({ fromMs: cursor, toMs });
  return parts;
}

/**
 * Every judgement of a claim from the readings and gaps of the collectors that verify it. A gap is judged only for
 * the parts of it no reading covers: a later successful read of the same interval (the runner retries from the last
 * successful read) supersedes the failure.
 */
export function judgePopulation(
  claim: Claim,
  readings: readonly PopulationReading[],
  gaps: readonly PopulationGap[],
): PopulationJudgement[] {
  const judged = readings.map((reading) => judgeReading(claim, reading));
  for (const gap of gaps) {
    const read = readings.filter((reading) => reading.collectorId === gap.collectorId);
    for (const part of uncoveredParts(gap.fromMs, gap.toMs, read)) judged.push(judgeGap(claim, { ...gap, ...part }));
  }
  return judged.sort((a, b) => a.fromMs - b.fromMs);
}

/** Why a reading cannot be trusted as figures (negative or non-integer counts, parts larger than the whole), if so. */
export function readingProblem(reading: PopulationReading): string | undefined {
  const counts: [string, number | undefined][] = [
    ['contacts', reading.contacts],
    ['abandoned', reading.abandoned],
    ['withinPromise', reading.withinPromise],
    ...(reading.splits ?? []).flatMap((s): [string, number | undefined][] => [
      ['splits.answeredWithin', s.answeredWithin],
      ['splits.abandonedWithin', s.abandonedWithin],
    ]),
  ];
  for (const [name, value] of counts) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      return `${name} is ${String(value)}, not a count`;
  }
  for (const [name, value] of [
    ['longestWaitMs', reading.longestWaitMs],
    ['averageWaitMs', reading.averageWaitMs],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) return `${name} is ${String(value)}`;
  }
  if (reading.abandoned > reading.contacts) return 'more contacts abandoned than contacts';
  const answered = reading.contacts - reading.abandoned;
  if ((reading.withinPromise ?? 0) > answered) return 'more contacts answered within the limit than answered';
  for (const s of reading.splits ?? []) {
    if (s.answeredWithin > answered) return 'more contacts answered within a limit than answered';
    if ((s.abandonedWithin ?? 0) > reading.abandoned) return 'more contacts abandoned within a limit than abandoned';
  }
  if (!(reading.toMs > reading.fromMs)) return 'the interval is empty';
  return undefined;
}
