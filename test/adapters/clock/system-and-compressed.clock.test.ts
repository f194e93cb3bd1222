import { describe, expect, it } from 'vitest';
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { KeptError } from '../../../src/domain/errors.ts';

describe('systemClock', () => {
  it('reads the wall clock and a monotonic clock that agree on elapsed time', async () => {
    const wall = systemClock.now();
    expect(Math.abs(wall - Date.now())).toBeLessThan(5);
    const mono = systemClock.monotonic();
    await systemClock.sleep(50);
    const wallElapsed = systemClock.now() - wall;
    const monoElapsed = systemClock.monotonic() - mono;

    expect(monoElapsed).toBeGreaterThanOrEqual(49);
    expect(Math.abs(wallElapsed - monoElapsed)).toBeLessThan(20);
  });

  it('stops sleeping when its signal aborts', async () => {
    const stop = new AbortController();
    const started = performance.now();
    setTimeout(() => stop.abort(), 20);

    await expect(systemClock.sleep(5_000, stop.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('createCompressedClock', () => {
  it.each([
    [10, 100],
    [60, 30],
  ])('at factor %i, %i real ms read as factor times as many on both clocks', async (factor, realMs) => {
    const start = Date.UTC(2026, 0, 5, 9, 0);
    const clock = createCompressedClock({ factor, start });
    const mono = clock.monotonic();
    const realStart = performance.now();

    await systemClock.sleep(realMs);
    const real = performance.now() - realStart;

    expect(clock.now() - start).toBeGreaterThanOrEqual(Math.floor(real * factor) - factor);
    expect(clock.now() - start).toBeLessThanOrEqual((real + 15) * factor);
    expect(clock.monotonic() - mono).toBeGreaterThanOrEqual(real * factor - factor);
  });

  it('sleeps ms / factor real milliseconds', async () => {
    const clock = createCompressedClock({ factor: 100, start: 0 });
    const realStart = performance.now();
    const mono = clock.monotonic();

    await clock.sleep(3_000);

    expect(performance.now() - realStart).toBeGreaterThanOrEqual(29);
    expect(performance.now() - realStart).toBeLessThan(500);
    expect(clock.monotonic() - mono).toBeGreaterThanOrEqual(2_900);
  });

  it('stops sleeping when its signal aborts', async () => {
    const clock = createCompressedClock({ factor: 2, start: 0 });
    await expect(clock.sleep(60_000, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it.each([[0], [-1], [Number.NaN]])('rejects a factor of %d', (factor) => {
    expect(() => createCompressedClock({ factor, start: 0 })).toThrow(KeptError);
  });
});
