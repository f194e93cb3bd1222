import { describe, expect, it } from 'vitest';
import { nextFireTimes } from '../../../src/domain/schedule/cron-expression.ts';
import { missedRuns } from '../../../src/domain/schedule/missed-runs.ts';
import { median } from '../../support/timing.ts';
import { at, DAY } from '../builders.ts';

// CPU-bound work, timed in real ms. Warm, this machine lists a week of a */5 schedule in 0.2-1 ms and counts a year
// of seconds in 200-550 ms, the higher figures with the machine busy (load average 16). With two CPU-bound processes
// beside it on two cores this process still gets two thirds of a core (3x slower at worst), and a preemption lands in
// single readings, which a median leaves out: bounds of 20 ms and 2 s. A walk through every minute or second
// instead of the schedule's fields (10,080 minutes, 31.5 million seconds, each through a time-zone conversion) fails.

function timed(work: () => void, times: number): number[] {
  work(); // the zone's formatter and the code are warm before the first reading
  const took: number[] = [];
  for (let i = 0; i < times; i++) {
    const began = performance.now();
    work();
    took.push(performance.now() - began);
  }
  return took;
}

describe('schedule arithmetic speed', () => {
  it('lists a week of a */5 schedule in under 20 ms (median of five)', () => {
    const from = at('2026-04-06T00:00:00Z');
    const took = timed(
      () => expect(nextFireTimes('*/5 * * * *', 'Europe/Paris', from, from + 7 * DAY)).toHaveLength(2_016),
      5,
    );
    expect(median(took), took.map((t) => t.toFixed(1)).join(', ')).toBeLessThan(20);
  });

  it('counts a year of an every-second schedule in under 2 s (median of three)', () => {
    const lastRunAt = at('2026-01-01T00:00:00Z');
    const took = timed(
      () =>
        missedRuns({
          cron: '* * * * * *',
          timeZone: 'Europe/London',
          jitterMs: 0,
          lastRunAt,
          now: lastRunAt + 365 * DAY,
        }),
      3,
    );
    expect(median(took), took.map((t) => t.toFixed(1)).join(', ')).toBeLessThan(2_000);
  });
});
