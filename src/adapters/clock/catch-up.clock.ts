import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../app/ports.ts';

export interface CatchUpClockOptions {
  /** Simulated epoch ms at which the clock starts, in the past. */
  readonly start: number;
  /** How many simulated milliseconds pass per real millisecond until the clock reaches real time. */
  readonly factor: number;
  /** The real clock; defaults to Date.now / performance.now. */
  readonly realNow?: () => number;
  readonly realMonotonic?: () => number;
}

/**
 * A clock that replays the recent past fast and then runs in real time: it starts at `start`, runs `factor` times
 * faster than real time, and once it reaches the real present it stays there. `kept demo` uses it so a week of
 * probing happens in a minute and the stored history ends at the real "now". now(), monotonic() and sleep() agree.
 */
export function createCatchUpClock(options: CatchUpClockOptions): Clock & { caughtUp(): boolean } {
  const realNow = options.realNow ?? Date.now;
  const realMonotonic = options.realMonotonic ?? (() => performance.now());
  const { start, factor } = options;
  const origin = realMonotonic();
  const realAtOrigin = realNow();
  /** Real ms after the origin at which simulated time meets real time. */
  const meetAfter = Math.max(0, (realAtOrigin - start) / (factor - 1));

  const elapsed = (): number => realMonotonic() - origin;
  const simulatedElapsed = (e: number): number => (e < meetAfter ? e * factor : meetAfter * factor + (e - meetAfter));

  return {
    now: () => Math.round(start + simulatedElapsed(elapsed())),
    monotonic: () => simulatedElapsed(elapsed()),
    caughtUp: () => elapsed() >= meetAfter,
    async sleep(ms, signal) {
      const e = elapsed();
      const fastLeft = Math.max(0, meetAfter - e) * factor;
      const realMs = ms <= fastLeft ? ms / factor : Math.max(0, meetAfter - e) + (ms - fastLeft);
      await delay(realMs, undefined, signal ? { signal } : undefined);
    },
  };
}
