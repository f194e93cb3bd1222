import type { Clock } from '../../../src/app/ports.ts';

/** A clock standing at `nowMs` (collectors read `now` only to judge Retry-After dates and current windows). */
export function fixedClock(nowMs: number): Clock {
  return {
    now: () => nowMs,
    monotonic: () => nowMs,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason as Error);
        });
      }),
  };
}
