import { MAX_TIMER_MS } from '../domain/duration.ts';
import type { Clock } from './ports.ts';
import { abortQuietly } from './quiet-abort.ts';

/** Ends a fallback timer's sleep: a reason of our own, as `abort()` builds a DOMException with a stack. */
const CANCELLED = Object.freeze({ name: 'TimerCancelled', message: 'the timer was cancelled' });

/**
 * Calls `fire` once after `ms` on `clock`, unless the returned function is called first (calling it again, or after
 * `fire`, does nothing). `clock.after` when the clock has it (the system, compressed and catch-up clocks). Otherwise it
 * sleeps on the clock until its `monotonic()` has moved `ms` on, so any clock works, including one that stands still.
 */
export function startTimer(clock: Clock, ms: number, fire: () => void): () => void {
  if (clock.after !== undefined) return clock.after(ms, fire);
  const cancel = new AbortController();
  const until = clock.monotonic() + ms;
  void (async () => {
    // The first sleep starts within the call, and even a wait of 0 sleeps once: it never fires within the call.
    let left = ms;
    do {
      await clock.sleep(Math.min(Math.max(0, left), MAX_TIMER_MS), cancel.signal);
      const before = left;
      left = until - clock.monotonic();
      // A clock that stands still while its sleeps end at once (a test's) would loop on promises alone and starve
      // the event loop: let it turn once.
      if (left === before) await new Promise((resolve) => setImmediate(resolve));
    } while (left > 0 && !cancel.signal.aborted);
    if (!cancel.signal.aborted) fire();
  })().catch(() => undefined);
  return () => abortQuietly(cancel, CANCELLED);
}
