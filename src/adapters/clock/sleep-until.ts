import type { Clock } from '../../app/ports.ts';

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
