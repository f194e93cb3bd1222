import { setTimeout as delay } from 'node:timers/promises';
import type { DescribedClock } from '../../app/worker.port.ts';
import { validationError } from '../../domain/errors.ts';
import { timerAtMost } from './sleep-until.ts';

export interface CompressedClockOptions {
  /** How many times faster than real time the clock runs, e.g. 60 makes a real second a minute. */
  readonly factor: number;
  /** Epoch milliseconds the clock reads at the moment it is created. */
  readonly start: number;
  /**
   * Real epoch ms (`performance.timeOrigin + performance.now()`) at which the clock read `start`; default: now. A probe
   * worker rebuilds the service's clock from it (`describe()`), so both processes read the same `now()`.
   */
  readonly originWallMs?: number;
}

/**
 * A clock that runs `factor` times faster than real time, consistently: `now()` advances `factor` ms per real ms
 * from `start`, `monotonic()` is `performance.now() * factor`, and `sleep(ms)` (or `after(ms)`) waits `ms / factor`
 * real ms. Durations measured with it are in the compressed ("virtual") milliseconds, so a timing error of e if real
 * ms reads as e * factor.
 */
export function createCompressedClock(options: CompressedClockOptions): DescribedClock {
  const { factor, start } = options;
  if (!Number.isFinite(factor) || factor <= 0) {
    throw validationError('clock.factor', `a compressed clock's factor must be a positive number, not ${factor}`);
  }
  if (!Number.isFinite(start)) throw validationError('clock.start', 'a compressed clock needs a start time');
  const origin = options.originWallMs === undefined ? performance.now() : options.originWallMs - performance.timeOrigin;
  const originWallMs = performance.timeOrigin + origin;
  return Object.freeze({
    now: (): number => start + Math.floor((performance.now() - origin) * factor),
    monotonic: (): number => performance.now() * factor,
    sleep: (ms: number, signal?: AbortSignal): Promise<void> =>
      delay(Math.max(0, ms) / factor, undefined, signal === undefined ? undefined : { signal }),
    after: (ms: number, fire: () => void): (() => void) => timerAtMost(Math.max(0, ms) / factor, fire),
    describe: () => ({ kind: 'compressed', factor, start, originWallMs }) as const,
  });
}
