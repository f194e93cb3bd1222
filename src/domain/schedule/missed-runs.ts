import { countFireTimes, nextFireTimes, parseCron } from './cron-expression.ts';

/** Scheduled runs that were due while Kept was not running. */
export interface MissedRuns {
  readonly count: number;
  /** Fire time of the first and the last missed run (epoch ms). */
  readonly first: number;
  readonly last: number;
}

export interface MissedRunsInput {
  readonly cron: string;
  readonly timeZone: string;
  readonly jitterMs: number;
  /** Start of the latest recorded run of the probe (its scheduled time plus its jitter). */
  readonly lastRunAt: number;
  readonly now: number;
}

const DAY_MS = 86_400_000;
/** How far ahead to look for the fire after the first missed one (a yearly schedule needs a year; leap days, four). */
const INTERVAL_SEARCH_MS = 4 * 366 * DAY_MS;

/**
 * The runs that were due while Kept was down: fire times after the last recorded run whose run should have started
 * before now (fire time + jitter < now; a fire at exactly now is the scheduler's to run). The fire that produced the
 * last run is at or before it, so it is not counted.
 * A gap shorter than one schedule interval (the time from the first missed fire to the fire after it) plus the
 * jitter is ignored: that much silence is what an ordinary restart looks like. Returns undefined when nothing
 * was missed. Coverage runs are random and are not counted; neither are runs due before the last recorded one.
 */
export function missedRuns(input: MissedRunsInput): MissedRuns | undefined {
  const { timeZone, jitterMs, lastRunAt, now } = input;
  const cron = parseCron(input.cron);
  const dueBy = now - jitterMs;
  if (dueBy <= lastRunAt) return undefined;
  const missed = countFireTimes(cron, timeZone, lastRunAt + 1, dueBy);
  if (missed.count === 0 || missed.first === undefined || missed.last === undefined) return undefined;
  const [after] = nextFireTimes(cron, timeZone, missed.first + 1, missed.first + INTERVAL_SEARCH_MS, 1);
  const interval = after === undefined ? Number.POSITIVE_INFINITY : after - missed.first;
  if (now - lastRunAt < interval + jitterMs) return undefined;
  return { count: missed.count, first: missed.first, last: missed.last };
}

/** A sentence for the gap's `reason`. */
export function describeMissedRuns(missed: MissedRuns, cron: string, timeZone: string): string {
  const runs = missed.count === 1 ? '1 scheduled run' : `${missed.count} scheduled runs`;
  const span = `${new Date(missed.first).toISOString()} to ${new Date(missed.last).toISOString()}`;
  return `Kept was not running: ${runs} of "${cron}" (${timeZone}) from ${span} did not happen`;
}
