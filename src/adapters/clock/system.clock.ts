import type { DescribedClock } from '../../app/worker.port.ts';
import { delayAtMost, timerAtMost } from './sleep-until.ts';

/**
 * Real time: `now()` is the wall clock, `monotonic()` is `performance.now()`, and `sleep` is a timer that rejects
 * with an AbortError when its signal aborts, and `after` its callback form; a wait longer than one timer holds (24.8
 * days) is made of several.
 */
export const systemClock: DescribedClock = Object.freeze({
  now: (): number => Date.now(),
  monotonic: (): number => performance.now(),
  sleep: (ms: number, signal?: AbortSignal): Promise<void> => delayAtMost(ms, signal),
  after: (ms: number, fire: () => void): (() => void) => timerAtMost(ms, fire),
  describe: () => ({ kind: 'system' }) as const,
});
