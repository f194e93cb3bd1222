import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../app/ports.ts';
import { MAX_TIMER_MS } from '../../domain/duration.ts';

/** Longest single `clock.sleep`: long waits are cut up so a clock that jumps (or a compressed one) is re-read. */
const MAX_SLEEP_MS = 3_600_000;

/** Sleeps on `clock` until its `now()` reaches `at`. Resolves false if `signal` aborted first. */
export async function sleepUntil(clock: Clock, at: number, signal: AbortSignal): Promise<boolean> {
  for (;;) {
    if (signal.aborted) return false;
    const left = at - clock.now();
    if (left <= 0) return true;
    try {
      await clock.sleep(Math.min(left, MAX_SLEEP_MS), signal);
    } catch (error) {
      if (signal.aborted) return false;
      throw error;
    }
  }
}

/** A wait as timers take it: negative, zero or NaN is 0, +Infinity stays (it is made of endless timers). */
const waitLength = (ms: number): number =>
  Number.isFinite(ms) ? Math.max(0, ms) : ms > 0 ? Number.POSITIVE_INFINITY : 0;

/** The longest single timer of a wait: `chunkMs`, within what one Node timer holds. */
const timerStep = (chunkMs: number): number => Math.max(1, Math.min(chunkMs, MAX_TIMER_MS));

/**
 * A real-time wait of any length: Node's timers hold at most 2^31-1 ms (24.8 days) and fire at once beyond that, so
 * a longer wait is made of timers of at most `chunkMs`. Rejects with an AbortError when `signal` aborts, like
 * `timers/promises`; a negative, zero or NaN wait resolves on the next turn of the loop.
 */
export async function delayAtMost(ms: number, signal?: AbortSignal, chunkMs = MAX_TIMER_MS): Promise<void> {
  const options = signal === undefined ? undefined : { signal };
  const step = timerStep(chunkMs);
  let left = waitLength(ms);
  do {
    const part = Math.min(left, step);
    await delay(part, undefined, options);
    left -= part;
  } while (left > 0);
}

/**
 * `delayAtMost` as a callback: calls `fire` after `ms` real ms (timers of at most `chunkMs`), unless the returned
 * function is called first. A negative, zero or NaN wait fires on the next turn of the loop; an infinite one never.
 */
export function timerAtMost(ms: number, fire: () => void, chunkMs = MAX_TIMER_MS): () => void {
  const step = timerStep(chunkMs);
  let handle: NodeJS.Timeout | undefined;
  const arm = (left: number): void => {
    const part = Math.min(left, step);
    handle = setTimeout(() => (left > part ? arm(left - part) : fire()), part);
  };
  arm(waitLength(ms));
  return () => clearTimeout(handle);
}
