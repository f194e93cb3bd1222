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

/** Adds a judgement to a mutable tally keyed by (hourStart, hourOfWeek). */
export function tallyKey(hourStart: number, hourOfWeek: number): string {
  return `${hourStart}|${hourOfWeek}`;
}

export const HOUR_MS = 3_600_000;

export function hourStartOf(epochMs: number): number {
  return Math.floor(epochMs / HOUR_MS) * HOUR_MS;
}
