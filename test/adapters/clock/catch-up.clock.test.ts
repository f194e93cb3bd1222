import { describe, expect, it } from 'vitest';
import { createCatchUpClock } from '../../../src/adapters/clock/catch-up.clock.ts';
import { TIMER_EARLY_MS } from '../../support/timing.ts';

/** A hand-driven real clock: the test moves `t` (real milliseconds) itself. */
function realClock(startEpoch: number) {
  const state = { t: 0 };
  return { state, realNow: () => startEpoch + state.t, realMonotonic: () => state.t };
}

describe('catch-up clock', () => {
  const realStart = Date.parse('2026-11-23T12:00:00Z');
  const start = realStart - 2 * 86_400_000; // two days in the past

  it.each([
    ['starts at the simulated start', 0, start],
    ['runs factor times faster before catching up', 1_000, start + 1_000 * 1_000],
    ['meets real time and stays on it', 400_000, realStart + 400_000],
  ])('%s', (_name, realElapsed, expected) => {
    const real = realClock(realStart);
    const clock = createCatchUpClock({ start, factor: 1_000, ...real });
    real.state.t = realElapsed;
    expect(Math.abs(clock.now() - expected)).toBeLessThan(1_000 * 0.5 + 1);
  });

  it('says when it has caught up with real time', () => {
    const real = realClock(realStart);
    const clock = createCatchUpClock({ start, factor: 1_000, ...real });
    // 172,800,000 ms behind, closing at 999 ms per real ms: it meets real time after ~172,973 real ms.
    real.state.t = 172_000;
    expect(clock.caughtUp()).toBe(false);
    real.state.t = 173_500;
    expect(clock.caughtUp()).toBe(true);
    expect(Math.abs(clock.now() - (realStart + 173_500))).toBeLessThanOrEqual(1);
  });

  it('measures durations in simulated milliseconds, consistent with now()', () => {
    const real = realClock(realStart);
    const clock = createCatchUpClock({ start, factor: 1_000, ...real });
    const m0 = clock.monotonic();
    const n0 = clock.now();
    real.state.t = 2.5;
    expect(clock.monotonic() - m0).toBeCloseTo(2_500, 6);
    expect(clock.now() - n0).toBe(2_500);
  });

  it('gives a capped clock that reads the same now() but measures at most the cap times real time', () => {
    const real = realClock(realStart);
    const clock = createCatchUpClock({ start, factor: 1_000, ...real });
    const media = clock.capped(60);
    const m0 = media.monotonic();
    real.state.t = 2_000;
    expect(media.now()).toBe(clock.now());
    expect(media.monotonic() - m0).toBeCloseTo(120_000, 6);
    // Past the meeting point both run in real time.
    real.state.t = 200_000;
    const [fast, slow] = [clock.monotonic(), media.monotonic()];
    real.state.t = 200_250;
    expect(clock.monotonic() - fast).toBeCloseTo(250, 6);
    expect(media.monotonic() - slow).toBeCloseTo(250, 6);
    expect(clock.capped(5_000).monotonic()).toBe(clock.monotonic());
  });

  it('sleeps a capped clock at its own pace', async () => {
    const media = createCatchUpClock({ start: Date.now() - 86_400_000, factor: 1_000 }).capped(100);
    const before = performance.now();
    await media.sleep(10_000); // 10 capped seconds = 100 real ms
    const waited = performance.now() - before;
    // A lower bound only (a timer fires at most TIMER_EARLY_MS early); how late it ends: clock.timing.test.ts.
    expect(waited).toBeGreaterThanOrEqual(100 - TIMER_EARLY_MS);
  });

  it('sleeps the compressed real time for a simulated duration', async () => {
    const clock = createCatchUpClock({ start: Date.now() - 86_400_000, factor: 1_000 });
    const before = performance.now();
    await clock.sleep(100_000); // 100 simulated seconds = 100 real ms
    const waited = performance.now() - before;
    // A lower bound only (a timer fires at most TIMER_EARLY_MS early); how late it ends: clock.timing.test.ts.
    expect(waited).toBeGreaterThanOrEqual(100 - TIMER_EARLY_MS);
  });

  it('runs a callback timer (after) at the same pace as its sleep, and never once it is cancelled', async () => {
    const media = createCatchUpClock({ start: Date.now() - 86_400_000, factor: 1_000 }).capped(100);
    const before = performance.now();
    const fired = new Promise<number>((resolve) => media.after?.(10_000, () => resolve(performance.now())));
    let cancelledFired = false;
    const cancel = media.after?.(1_000, () => (cancelledFired = true));
    cancel?.();
    // A lower bound only (a timer fires at most TIMER_EARLY_MS early); how late it ends: clock.timing.test.ts.
    expect((await fired) - before).toBeGreaterThanOrEqual(100 - TIMER_EARLY_MS);
    expect(cancelledFired).toBe(false);
  });

  it('stops sleeping when the signal aborts', async () => {
    const clock = createCatchUpClock({ start: Date.now() - 86_400_000, factor: 10 });
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toThrow();
  });
});
