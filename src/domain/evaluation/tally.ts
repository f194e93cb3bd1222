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

/**
 * Counts of judgements for one claim in one hour of the week (in the claim's zone), summed over every clock hour of a
 * window: all a verdict needs, and 168 rows at most however long the window. Stores compute it where the data lives.
 */
export interface SlotTally {
  /** 0 = Monday 00:00 … 167 = Sunday 23:00 in the claim's time zone. */
  readonly hourOfWeek: number;
  readonly met: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly outOfForce: number;
}

/**
 * Sums hourly tallies by hour of the week: one entry per hour of the week that has any, ordered by hour of the week.
 * With `from`/`to`, only the hours that overlap [from, to) are summed (the rule `tallies()` and verdicts apply).
 */
export function slotTalliesOf(tallies: readonly HourTally[], from = -Infinity, to = Infinity): SlotTally[] {
  const slots = new Array<{ -readonly [K in keyof SlotTally]: SlotTally[K] } | undefined>(168);
  for (const t of tallies) {
    if (!(t.hourStart + HOUR_MS > from && t.hourStart < to)) continue;
    const slot = (slots[t.hourOfWeek] ??= {
      hourOfWeek: t.hourOfWeek,
      met: 0,
      failed: 0,
      inconclusive: 0,
      outOfForce: 0,
    });
    slot.met += t.met;
    slot.failed += t.failed;
    slot.inconclusive += t.inconclusive;
    slot.outOfForce += t.outOfForce;
  }
  return slots.filter((s) => s !== undefined);
}
