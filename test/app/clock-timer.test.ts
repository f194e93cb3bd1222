import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';
import { startTimer } from '../../src/app/clock-timer.ts';
import type { Clock } from '../../src/app/ports.ts';
import { manualClock } from '../support/collector-fakes/manual-clock.ts';

describe('startTimer', () => {
  it("uses the clock's own timer when it has one", () => {
    const calls: number[] = [];
    const cancelled: string[] = [];
    const clock: Clock = {
      ...systemClock,
      sleep: () => Promise.reject(new Error('sleep must not be used')),
      after: (ms) => {
        calls.push(ms);
        return () => cancelled.push('cancelled');
      },
    };
    const cancel = startTimer(clock, 1_234, () => undefined);
    cancel();
    expect(calls).toEqual([1_234]);
    expect(cancelled).toEqual(['cancelled']);
  });

  it('on a clock with only sleep, fires when the sleep ends', async () => {
    const clock = manualClock(0);
    let fired = 0;
    startTimer(clock, 1_000, () => (fired += 1));
    await clock.advance(999);
    expect(fired).toBe(0);
    await clock.advance(1);
    expect(fired).toBe(1);
  });

  it('on a clock with only sleep, never fires once cancelled, and cancelling twice is harmless', async () => {
    const clock = manualClock(0);
    let fired = 0;
    const cancel = startTimer(clock, 1_000, () => (fired += 1));
    await clock.advance(500);
    cancel();
    cancel();
    await clock.advance(1_000);
    expect(fired).toBe(0);
  });

  it('on a clock that stands still while its sleeps end at once, never fires and lets the event loop turn', async () => {
    const clock: Clock = { now: () => 0, monotonic: () => 0, sleep: async () => {} };
    let fired = false;
    const cancel = startTimer(clock, 1_000, () => (fired = true));
    // A real timer still runs: the fallback's loop does not hold the event loop.
    await delay(20);
    cancel();
    expect(fired).toBe(false);
  });

  it('on the system clock, fires once after the wait unless cancelled', async () => {
    const fired: string[] = [];
    startTimer(systemClock, 5, () => fired.push('kept'));
    const cancel = startTimer(systemClock, 5, () => fired.push('cancelled'));
    cancel();
    await delay(50);
    expect(fired).toEqual(['kept']);
  });
});
