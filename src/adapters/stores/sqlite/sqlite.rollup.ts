import type { HourTally } from '../../../domain/evaluation/tally.ts';
import type { Judgement } from '../../../domain/judgement.ts';

type Counts = [claimKey: number, hourStart: number, hourOfWeek: number, met: number, failed: number, inconclusive: number, outOfForce: number];

/**
 * Judgements of one write, summed by (claim, UTC hour, hour of week) so each hour row is upserted once per transaction.
 * The four counts partition the judgements: met; failed = counted and not met; inconclusive = in force and not counted;
 * out of force.
 */
export class Rollup {
  readonly #hours = new Map<string, Counts>();

  add(claimKey: number, hourStart: number, judgement: Judgement): void {
    const key = `${claimKey}|${hourStart}|${judgement.hourOfWeek}`;
    let counts = this.#hours.get(key);
    if (counts === undefined) {
      counts = [claimKey, hourStart, judgement.hourOfWeek, 0, 0, 0, 0];
      this.#hours.set(key, counts);
    }
    counts[Rollup.column(judgement)] += 1;
  }

  rows(): IterableIterator<Counts> {
    return this.#hours.values();
  }

  /** Which count a judgement adds to: 3 met, 4 failed, 5 inconclusive, 6 out of force. */
  static column(judgement: Pick<Judgement, 'inForce' | 'counted' | 'met'>): 3 | 4 | 5 | 6 {
    if (!judgement.inForce) return 6;
    if (!judgement.counted) return 5;
    return judgement.met ? 3 : 4;
  }

  /** Orders tallies by hour, then hour of week, unless they already are (SQLite returns them in key order). */
  static sortIfNeeded(tallies: HourTally[]): void {
    for (let i = 1; i < tallies.length; i += 1) {
      const a = tallies[i - 1] as HourTally;
      const b = tallies[i] as HourTally;
      if (a.hourStart > b.hourStart || (a.hourStart === b.hourStart && a.hourOfWeek > b.hourOfWeek)) {
        tallies.sort((x, y) => x.hourStart - y.hourStart || x.hourOfWeek - y.hourOfWeek);
        return;
      }
    }
  }
}
