import type { Clock } from '../../../src/app/ports.ts';

/** A clock that moves only when told: sleeps (the collection runner's budget) end as `advance` passes them. */
export function manualClock(startMs: number): Clock & { advance(ms: number): Promise<void> } {
  let now = startMs;
  let sleepers: { at: number; wake: () => void }[] = [];
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    monotonic: () => now,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        const sleeper = { at: now + ms, wake: () => resolve() };
        sleepers.push(sleeper);
        signal?.addEventListener('abort', () => {
          sleepers = sleepers.filter((s) => s !== sleeper);
          reject(new Error('aborted'));
        });
      }),
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const next = sleepers.filter((s) => s.at <= until).sort((a, b) => a.at - b.at)[0];
        if (next === undefined) break;
        now = next.at;
        sleepers = sleepers.filter((s) => s !== next);
        next.wake();
        await turn();
      }
      now = until;
      await turn();
    },
  };
}
