import type { Judgement } from '../judgement.ts';

/** Counts of judgements for one claim in one clock hour, as stores keep them (the downsampled form). */
export interface HourTally {
  /** Epoch milliseconds of the UTC hour the observations started in. */
  readonly hourStart: number;
  /** Hour of the week in the claim's own time zone. */
  readonly hourOfWeek: number;
  readonly met: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly outOfForce: number;
}

/** The key of a tally: judgements with the same (hourStart, hourOfWeek) are counted together. */
export function tallyKey(hourStart: number, hourOfWeek: number): string {
  return `${hourStart}|${hourOfWeek}`;
}

export const HOUR_MS = 3_600_000;

export function hourStartOf(epochMs: number): number {
  return Math.floor(epochMs / HOUR_MS) * HOUR_MS;
}

/**
 * Rolls one claim's judgements up into hourly tallies, ordered by hour then slot: what a store keeps and a verdict
 * reads. Counted judgements are met or failed; the rest are out of force or (in force but) inconclusive.
 */
export function tallyJudgements(judgements: readonly Judgement[]): HourTally[] {
  const tallies = new Map<string, { -readonly [K in keyof HourTally]: HourTally[K] }>();
  for (const j of judgements) {
    const hourStart = hourStartOf(j.at);
    const key = tallyKey(hourStart, j.hourOfWeek);
    let tally = tallies.get(key);
    if (tally === undefined) {
      tally = { hourStart, hourOfWeek: j.hourOfWeek, met: 0, failed: 0, inconclusive: 0, outOfForce: 0 };
      tallies.set(key, tally);
    }
    if (!j.inForce) tally.outOfForce += 1;
    else if (!j.counted) tally.inconclusive += 1;
    else if (j.met) tally.met += 1;
    else tally.failed += 1;
  }
  return [...tallies.values()].sort((a, b) => a.hourStart - b.hourStart || a.hourOfWeek - b.hourOfWeek);
}
