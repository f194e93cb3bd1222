import { describe, expect, it } from 'vitest';
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { KeptError } from '../../../src/domain/errors.ts';
import { TIMER_EARLY_MS } from '../../support/timing.ts';

// Order and lower bounds only, which load cannot break: a reading taken between two others lies between them, and a
// timer fires at most TIMER_EARLY_MS early. How late the clocks' sleeps end is clock.timing.test.ts's to measure.

describe('systemClock', () => {
  it('reads the wall clock and a monotonic clock, and sleeps at least the time asked', async () => {
    const [wallBefore, monoBefore] = [Date.now(), performance.now()];
    const [wall, mono] = [systemClock.now(), systemClock.monotonic()];
    const [wallAfter, monoAfter] = [Date.now(), performance.now()];
    expect(wall).toBeGreaterThanOrEqual(wallBefore);
    expect(wall).toBeLessThanOrEqual(wallAfter);
    expect(mono).toBeGreaterThanOrEqual(monoBefore);
    expect(mono).toBeLessThanOrEqual(monoAfter);

    await systemClock.sleep(50);

    expect(systemClock.monotonic() - mono).toBeGreaterThanOrEqual(50 - TIMER_EARLY_MS);
  });

  it('runs a callback timer (after) at least the time asked', async () => {
    const mono = systemClock.monotonic();
    const firedAt = await new Promise<number>((resolve) => systemClock.after?.(50, () => resolve(performance.now())));
    expect(firedAt - mono).toBeGreaterThanOrEqual(50 - TIMER_EARLY_MS);
  });

  it('stops sleeping when its signal aborts', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 20);

    // A sleep that ran its course would resolve, not reject.
    await expect(systemClock.sleep(5_000, stop.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('createCompressedClock', () => {
  it.each([
    [10, 100],
    [60, 30],
  ])('at factor %i, %i real ms read as factor times as many on both clocks', async (factor, realMs) => {
    const start = Date.UTC(2026, 0, 5, 9, 0);
    // The clock's origin lies between the real readings around its creation, and each of its readings between the
    // real readings around it: so it reads between factor times the shortest and the longest real span.
    const createdAfter = performance.now();
    const clock = createCompressedClock({ factor, start });
    const createdBefore = performance.now();

    await systemClock.sleep(realMs);
    const readAfter = performance.now();
    const [now, mono] = [clock.now(), clock.monotonic()];
    const readBefore = performance.now();

    expect(now - start).toBeGreaterThanOrEqual(Math.floor((readAfter - createdBefore) * factor));
    expect(now - start).toBeLessThanOrEqual((readBefore - createdAfter) * factor);
    expect(mono).toBeGreaterThanOrEqual(readAfter * factor);
    expect(mono).toBeLessThanOrEqual(readBefore * factor);
    expect(readAfter - createdBefore).toBeGreaterThanOrEqual(realMs - TIMER_EARLY_MS);
  });

  it('sleeps ms / factor real milliseconds', async () => {
    const clock = createCompressedClock({ factor: 100, start: 0 });
    const realStart = performance.now();
    const mono = clock.monotonic();

    await clock.sleep(3_000);

    expect(performance.now() - realStart).toBeGreaterThanOrEqual(3_000 / 100 - TIMER_EARLY_MS);
    expect(clock.monotonic() - mono).toBeGreaterThanOrEqual(3_000 - 100 * TIMER_EARLY_MS);
  });

  it('runs a callback timer (after) for ms / factor real milliseconds, and never once it is cancelled', async () => {
    const clock = createCompressedClock({ factor: 100, start: 0 });
    const realStart = performance.now();
    const fired = new Promise<number>((resolve) => clock.after?.(3_000, () => resolve(performance.now())));
    let cancelledFired = false;
    const cancel = clock.after?.(100, () => (cancelledFired = true));
    cancel?.();

    expect((await fired) - realStart).toBeGreaterThanOrEqual(3_000 / 100 - TIMER_EARLY_MS);
    expect(cancelledFired).toBe(false);
  });

  it('stops sleeping when its signal aborts', async () => {
    const clock = createCompressedClock({ factor: 2, start: 0 });
    await expect(clock.sleep(60_000, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it.each([[0], [-1], [Number.NaN]])('rejects a factor of %d', (factor) => {
    expect(() => createCompressedClock({ factor, start: 0 })).toThrow(KeptError);
  });
});
