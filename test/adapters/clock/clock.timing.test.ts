import { describe, expect, it } from 'vitest';
import { createCatchUpClock } from '../../../src/adapters/clock/catch-up.clock.ts';
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import type { Clock } from '../../../src/app/ports.ts';
import { LOADED_MEDIAN_MS, LOADED_SLACK_MS, TIMER_EARLY_MS, median } from '../../support/timing.ts';

// How late the clocks' sleeps end, in real ms. A sleep of d real ms ends between d - TIMER_EARLY_MS and
// d + LOADED_SLACK_MS one at a time, and its median over five within d + LOADED_MEDIAN_MS (test/support/timing.ts).
// A clock that slept the wrong number of real ms (uncompressed, or at the wrong factor) is off by far more.

async function realSleeps(clock: Clock, ms: number, count = 5): Promise<number[]> {
  const took: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const before = performance.now();
    await clock.sleep(ms);
    took.push(performance.now() - before);
  }
  return took;
}

function expectAbout(took: readonly number[], realMs: number): void {
  const said = `slept ${took.map((t) => t.toFixed(1)).join(', ')} real ms for ${realMs}`;
  for (const t of took) {
    expect(t, said).toBeGreaterThanOrEqual(realMs - TIMER_EARLY_MS);
    expect(t, said).toBeLessThan(realMs + LOADED_SLACK_MS);
  }
  expect(median(took), said).toBeLessThan(realMs + LOADED_MEDIAN_MS);
}

describe('how long the clocks sleep', () => {
  it('the system clock sleeps the ms asked', async () => {
    expectAbout(await realSleeps(systemClock, 50), 50);
  });

  it('a compressed clock sleeps ms / factor real ms', async () => {
    expectAbout(await realSleeps(createCompressedClock({ factor: 100, start: 0 }), 3_000), 30);
  });

  it('a catch-up clock sleeps its simulated ms compressed, and a capped one at its own pace', async () => {
    const clock = createCatchUpClock({ start: Date.now() - 86_400_000, factor: 1_000 });
    expectAbout(await realSleeps(clock, 100_000), 100); // 100 simulated seconds = 100 real ms
    expectAbout(await realSleeps(clock.capped(100), 10_000), 100); // 10 capped seconds = 100 real ms
  });

  it('an aborted sleep ends as soon as its signal aborts', async () => {
    const stop = new AbortController();
    const started = performance.now();
    setTimeout(() => stop.abort(), 20);
    await expect(systemClock.sleep(5_000, stop.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(20 + LOADED_SLACK_MS);
  });

  it('the wall clock and the monotonic clock agree on elapsed time within their 1 ms resolution (median of five)', async () => {
    // Date.now() counts whole ms (1 ms each end); the reading pairs are adjacent, so only a preemption between the two
    // calls of a pair adds more, which a median of five leaves out.
    const gaps: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const [wall, mono] = [systemClock.now(), systemClock.monotonic()];
      await systemClock.sleep(50);
      gaps.push(Math.abs(systemClock.now() - wall - (systemClock.monotonic() - mono)));
    }
    expect(median(gaps), gaps.map((g) => g.toFixed(2)).join(', ')).toBeLessThanOrEqual(2);
  });
});
