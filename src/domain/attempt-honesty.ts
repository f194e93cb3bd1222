import type { ClaimPromise } from './claim.ts';
import { formatDuration } from './duration.ts';
import type { Observation, Timings } from './observation.ts';

/**
 * Whether an attempt measured the service or Kept's own trouble. Pure: the attempt runner (src/app/attempt-runner.ts)
 * feeds it what the channel returned and what Kept's self-health watch saw. See docs/architecture/probe-runner.md.
 */

/**
 * Kept's own delays can only lengthen what it measures, never shorten it: each timing starts from a timestamp taken
 * before the action it times (the message is stamped, then sent), and a reply is stamped when Kept reads it, which a
 * stall can only postpone. So Kept's trouble can turn a met promise into an apparent failure, never a failure into an
 * apparent success, and only failures are questioned.
 *
 * A failure counts as starvation when Kept's own delay reaches this fraction of how far past the promise's threshold
 * the measured time lies: a 1 s stall when the reply was read 3 s past a 1-minute promise could have moved it, so the
 * outcome is not trusted. A safety factor of 4 over "the stall is as long as the margin", because the loop-delay
 * maximum is sampled (a stall can fall between samples) and several stalls add up.
 */
export const STARVATION_FRACTION = 0.25;

/**
 * Delays below this many REAL milliseconds are timer granularity and garbage collection, never starvation: the
 * loop-delay histogram resolves 10 ms and a young-generation GC takes a few ms. On a compressed clock (the demo) the
 * floor is this times the clock's rate, in attempt-clock ms: a 5 ms pause is 2 s of a 400x clock.
 */
export const STARVATION_FLOOR_MS = 20;

/** The floor in the attempt clock's milliseconds. */
const floorOf = (health: AttemptHealth): number => STARVATION_FLOOR_MS * Math.max(1, health.clockRate);

/** What Kept's own health was during one attempt, in the attempt clock's milliseconds. */
export interface AttemptHealth {
  readonly loopDelayMaxMs: number;
  readonly timerDriftMaxMs: number;
  /** How late the attempt started against the scheduler's plan, when known. Recorded; not used to judge. */
  readonly lateStartMs?: number;
  /** How many attempt-clock ms one real ms was (1 on real time; the demo's compressed clock runs faster). */
  readonly clockRate: number;
}

/** The worst of Kept's own delays during the attempt: the figure compared with the margins. */
export const ownDelayMs = (health: AttemptHealth): number => Math.max(health.loopDelayMaxMs, health.timerDriftMaxMs);

/**
 * How far past a promise's threshold the measured time lies (how long a stall of Kept's would have to be to make a
 * met promise look failed), or undefined when no stall could have changed the outcome: a refusal, an inconclusive
 * attempt, or a promise met (Kept's delays only lengthen what it measures). The threshold is the promise's limit, or
 * the probe's time-out when the promise has none; the measured time is the timing the promise is about, or the time
 * waited when it never came. 0 when the measured time is right at the threshold (an unanswered attempt that waited
 * exactly its time-out).
 */
export function marginMs(promise: ClaimPromise, observation: Observation, timeoutMs: number): number | undefined {
  const { outcome, timings } = observation;
  if (outcome === 'inconclusive' || outcome === 'rejected') return undefined;
  const waited = timings.totalMs;
  const past = (threshold: number, measured: number): number | undefined =>
    measured >= threshold ? measured - threshold : undefined;
  switch (promise.kind) {
    case 'answered':
      return outcome === 'answered' ? undefined : past(timeoutMs, Math.max(waited, timeoutMs));
    case 'first-response':
      return past(promise.withinMs, timings.firstResponseMs ?? Math.max(waited, promise.withinMs));
    case 'human':
    case 'reply': {
      const threshold = promise.withinMs ?? timeoutMs;
      const measured = observation.humanReached ? (timings.humanMs ?? waited) : Math.max(waited, threshold);
      return past(threshold, measured);
    }
  }
}

/**
 * Why the outcome cannot be trusted because Kept was starved, or undefined when Kept's own delay could not have changed
 * it. `promises` are those of the claims the probe verifies; with none, the time-out is the only threshold.
 */
export function starvationReason(
  observation: Observation,
  health: AttemptHealth,
  promises: readonly ClaimPromise[],
  timeoutMs: number,
): string | undefined {
  const delay = ownDelayMs(health);
  if (delay < floorOf(health) || observation.outcome === 'inconclusive') return undefined;
  const checked: readonly ClaimPromise[] = promises.length > 0 ? promises : [{ kind: 'answered' }];
  const margins = checked.flatMap((promise) => marginMs(promise, observation, timeoutMs) ?? []);
  const tight = margins.filter((margin) => delay >= STARVATION_FRACTION * margin);
  if (tight.length === 0) return undefined;
  const margin = Math.min(...tight);
  return `${starvedPhrase(health)}, which could have changed the outcome (${formatDuration(Math.round(margin))} from a promise's limit); it would have been ${observation.outcome}`;
}

/** "Kept was starved: 1.4s loop delay during the attempt" (the larger of loop delay and timer drift). */
export function starvedPhrase(health: AttemptHealth): string {
  const loop = health.loopDelayMaxMs >= health.timerDriftMaxMs;
  const delay = Math.round(ownDelayMs(health));
  return `Kept was starved: ${formatDuration(delay)} ${loop ? 'loop delay' : 'timer drift'} during the attempt`;
}

/** Whether Kept was starved at all (over the floor), whatever the margins: used when an attempt ran out of time. */
export const wasStarved = (health: AttemptHealth): boolean => ownDelayMs(health) >= floorOf(health);

/**
 * Timings that never contradict each other: every duration is a finite, non-negative whole number of ms, and the
 * whole attempt is at least as long as any part of it (a channel that stamps total before its last reply was read
 * would otherwise show connectMs > totalMs).
 */
export function consistentTimings(timings: Timings): Timings {
  const clean = (ms: number | undefined): number | undefined =>
    ms === undefined || !Number.isFinite(ms) ? undefined : Math.max(0, Math.round(ms));
  const parts = {
    connectMs: clean(timings.connectMs),
    firstResponseMs: clean(timings.firstResponseMs),
    humanMs: clean(timings.humanMs),
    autoReplyMs: clean(timings.autoReplyMs),
  };
  const present = Object.values(parts).filter((ms): ms is number => ms !== undefined);
  const totalMs = Math.max(clean(timings.totalMs) ?? 0, ...present);
  const out: { -readonly [K in keyof Timings]: Timings[K] } = { totalMs };
  for (const [key, value] of Object.entries(parts) as [keyof typeof parts, number | undefined][]) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}
