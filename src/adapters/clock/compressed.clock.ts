import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../app/ports.ts';
import { validationError } from '../../domain/errors.ts';

export interface CompressedClockOptions {
  /** How many times faster than real time the clock runs, e.g. 60 makes a real second a minute. */
  readonly factor: number;
  /** Epoch milliseconds the clock reads at the moment it is created. */
  readonly start: number;
}

/**
 * A clock that runs `factor` times faster than real time, consistently: `now()` advances `factor` ms per real ms
 * from `start`, `monotonic()` is `performance.now() * factor`, and `sleep(ms)` waits `ms / factor` real ms.
 * Durations measured with it are in the compressed ("virtual") milliseconds, so a timing error of e if real ms
 * reads as e * factor.
 */
export function createCompressedClock(options: CompressedClockOptions): Clock {
  const { factor, start } = options;
  if (!Number.isFinite(factor) || factor <= 0) {
    throw validationError('clock.factor', `a compressed clock's factor must be a positive number, not ${factor}`);
  }
  if (!Number.isFinite(start)) throw validationError('clock.start', 'a compressed clock needs a start time');
  const origin = performance.now();
  return Object.freeze({
    now: (): number => start + Math.floor((performance.now() - origin) * factor),
    monotonic: (): number => performance.now() * factor,
    sleep: (ms: number, signal?: AbortSignal): Promise<void> =>
      delay(Math.max(0, ms) / factor, undefined, signal === undefined ? undefined : { signal }),
  });
}
