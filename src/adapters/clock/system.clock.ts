import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../app/ports.ts';

/**
 * Real time: `now()` is the wall clock, `monotonic()` is `performance.now()`, and `sleep` is a timer that rejects
 * with an AbortError when its signal aborts.
 */
export const systemClock: Clock = Object.freeze({
  now: (): number => Date.now(),
  monotonic: (): number => performance.now(),
  sleep: (ms: number, signal?: AbortSignal): Promise<void> =>
    delay(Math.max(0, ms), undefined, signal === undefined ? undefined : { signal }),
});
