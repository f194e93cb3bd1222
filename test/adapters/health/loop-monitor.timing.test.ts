import { describe, expect, it } from 'vitest';
import { createLoopMonitor } from '../../../src/adapters/health/loop-monitor.ts';

/** Blocks the event loop for `ms` (what a 250 KB sign-off or a busy neighbour does to Kept). */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the loop monitor (real clock: serial pass)', () => {
  it('sees a 300 ms stall as loop delay and timer drift', async () => {
    const watch = createLoopMonitor().watch();
    await tick(30);
    block(300);
    await tick(30);
    const reading = watch.stop();
    // Lower bound only: the stall is at least 300 ms less the 10 ms histogram resolution and the 20 ms drift period
    // (a stall that starts just before a sample is due). Upper bound 3 s: a loaded 2-core box adds its own stalls.
    expect(reading.loopDelayMaxMs).toBeGreaterThanOrEqual(270);
    expect(reading.timerDriftMaxMs).toBeGreaterThanOrEqual(270);
    expect(reading.loopDelayMaxMs).toBeLessThan(3_000);
    expect(watch.stop()).toEqual(reading);
  });

  it('counts a stall still going on when the watch stops (the sampler had no chance to run)', async () => {
    const watch = createLoopMonitor().watch();
    await tick(30);
    block(250);
    const reading = watch.stop();
    // The sampler's timer is overdue by the stall less at most one 20 ms period.
    expect(reading.timerDriftMaxMs).toBeGreaterThanOrEqual(225);
  });

  it('gives overlapping attempts their own windows: a stall before a watch opened is not in it', async () => {
    const monitor = createLoopMonitor();
    const early = monitor.watch();
    await tick(30);
    block(300);
    await tick(50);
    const late = monitor.watch();
    await tick(100);
    const lateReading = late.stop();
    const earlyReading = early.stop();
    expect(earlyReading.timerDriftMaxMs).toBeGreaterThanOrEqual(270);
    // 150 ms: far below the 300 ms stall, far above what an idle loop shows (a few ms), allowing a loaded machine.
    expect(lateReading.timerDriftMaxMs).toBeLessThan(150);
    expect(lateReading.loopDelayMaxMs).toBeLessThan(150);
  });
});
