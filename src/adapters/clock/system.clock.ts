import type { DescribedClock } from '../../app/worker.port.ts';
import { delayAtMost } from './sleep-until.ts';

/**
 * Real time: `now()` is the wall clock, `monotonic()` is `performance.now()`, and `sleep` is a timer that rejects
 * with an AbortError when its signal aborts; a sleep longer than one timer holds (24.8 days) is made of several.
 */
export const systemClock: DescribedClock = Object.freeze({
  now: (): number => Date.now(),
  monotonic: (): number => performance.now(),
  sleep: (ms: number, signal?: AbortSignal): Promise<void> => delayAtMost(ms, signal),
  describe: () => ({ kind: 'system' }) as const,
});
