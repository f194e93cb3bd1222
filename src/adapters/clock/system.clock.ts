import { setTimeout as delay } from 'node:timers/promises';
import type { DescribedClock } from '../../app/worker.port.ts';

/**
 * Real time: `now()` is the wall clock, `monotonic()` is `performance.now()`, and `sleep` is a timer that rejects
 * with an AbortError when its signal aborts.
 */
export const systemClock: DescribedClock = Object.freeze({
  now: (): number => Date.now(),
  monotonic: (): number => performance.now(),
  sleep: (ms: number, signal?: AbortSignal): Promise<void> =>
    delay(Math.max(0, ms), undefined, signal === undefined ? undefined : { signal }),
  describe: () => ({ kind: 'system' }) as const,
});
