import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../app/ports.ts';
import type { DescribedClock } from '../../app/worker.port.ts';
import { timerAtMost } from './sleep-until.ts';

export interface CatchUpClockOptions {
  /** Simulated epoch ms at which the clock starts, in the past. */
  readonly start: number;
  /** How many simulated milliseconds pass per real millisecond until the clock reaches real time. */
  readonly factor: number;
  /** The real clock; defaults to Date.now / performance.now. */
  readonly realNow?: () => number;
  readonly realMonotonic?: () => number;
  /**
   * Real epoch ms (`performance.timeOrigin + performance.now()`) at which the replay started; default: now. A probe
   * worker rebuilds the service's clock from it (`describe()`), so both processes read the same `now()`. Only with the
   * default real clock.
   */
  readonly originWallMs?: number;
}

/**
 * A clock that replays the recent past fast and then runs in real time: it starts at `start`, runs `factor` times
 * faster than real time, and once it reaches the real present it stays there. `kept demo` uses it so a week of
 * probing happens in a minute and the stored history ends at the real "now". now(), monotonic(), sleep() and after()
 * agree.
 */
/** A catch-up clock: also says whether it has reached real time, and gives slower clocks for media. */
export interface CatchUpClock extends DescribedClock {
  caughtUp(): boolean;
  /**
   * A clock that reads the same `now()` but measures and sleeps at most `maxFactor` times faster than real time
   * (real time once caught up). Calls and browsers cannot be analysed at the replay's full speed (audio needs its
   * real packets, a page its real rendering), so the demo runs them, and the desk's phone and web chat, on this.
   */
  capped(maxFactor: number): DescribedClock;
}

export function createCatchUpClock(options: CatchUpClockOptions): CatchUpClock {
  const realNow = options.realNow ?? Date.now;
  const realMonotonic = options.realMonotonic ?? (() => performance.now());
  const { start, factor } = options;
  const given = options.originWallMs;
  const origin = given === undefined ? realMonotonic() : given - performance.timeOrigin;
  const realAtOrigin = given ?? realNow();
  /** Where another process finds this origin on its own performance timeline. */
  const originWallMs = given ?? performance.timeOrigin + origin;
  /** Real ms after the origin at which simulated time meets real time. */
  const meetAfter = Math.max(0, (realAtOrigin - start) / (factor - 1));
  const elapsed = (): number => realMonotonic() - origin;

  /** monotonic(), sleep() and after() of a clock that runs `pace` times real time until the meeting point. */
  const paced = (pace: number): Pick<Clock, 'monotonic' | 'sleep' | 'after'> => {
    /** Real ms of a wait of `ms` on this clock, from now: fast until the meeting point, real time after it. */
    const realMsOf = (ms: number): number => {
      const fastRealLeft = Math.max(0, meetAfter - elapsed());
      const fastLeft = fastRealLeft * pace;
      return ms <= fastLeft ? ms / pace : fastRealLeft + (ms - fastLeft);
    };
    return {
      monotonic: () => {
        const e = elapsed();
        return e < meetAfter ? e * pace : meetAfter * pace + (e - meetAfter);
      },
      async sleep(ms, signal) {
        await delay(realMsOf(ms), undefined, signal ? { signal } : undefined);
      },
      after: (ms, fire) => timerAtMost(realMsOf(Math.max(0, ms)), fire),
    };
  };
  const full = paced(factor);
  const now = (): number => Math.round(start + full.monotonic());
  const describe = (pace: number) => () => ({ kind: 'catch-up', factor, start, originWallMs, pace }) as const;

  return {
    now,
    ...full,
    describe: describe(factor),
    caughtUp: () => elapsed() >= meetAfter,
    capped: (maxFactor) => ({
      now,
      ...paced(Math.min(factor, maxFactor)),
      describe: describe(Math.min(factor, maxFactor)),
    }),
  };
}
