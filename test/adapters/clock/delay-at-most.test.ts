import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { delayAtMost, timerAtMost } from '../../../src/adapters/clock/sleep-until.ts';

const settled = async (promise: Promise<unknown>): Promise<string> => {
  const marker = Symbol('pending');
  const result = await Promise.race([
    promise.then(
      () => 'resolved',
      (error: Error) => error.name,
    ),
    delay(30).then(() => marker),
  ]);
  return result === marker ? 'pending' : String(result);
};

/** Waits that end soon: [name, ms, chunk ms]. */
const WAITS_THAT_END: [string, number, number | undefined][] = [
  ['a wait made of several timers', 25, 10],
  ['a zero wait', 0, undefined],
  ['a negative wait', -5, undefined],
  ['a NaN wait', Number.NaN, undefined],
];

describe('delayAtMost: a real wait of any length', () => {
  it('is still waiting after a moment when asked for 30 days (a single timer that long fires at once)', async () => {
    const controller = new AbortController();
    const wait = delayAtMost(30 * 86_400_000, controller.signal);
    expect(await settled(wait)).toBe('pending');
    controller.abort();
    expect(await settled(wait)).toBe('AbortError');
  });

  it('is still waiting for an infinite wait, and ends when aborted', async () => {
    const controller = new AbortController();
    const wait = delayAtMost(Number.POSITIVE_INFINITY, controller.signal);
    expect(await settled(wait)).toBe('pending');
    controller.abort();
    expect(await settled(wait)).toBe('AbortError');
  });

  it.each(WAITS_THAT_END)('resolves %s', async (_name, ms, chunk) => {
    await expect(delayAtMost(ms, undefined, chunk)).resolves.toBeUndefined();
  });
});

describe('timerAtMost: the same wait as a callback that can be cancelled', () => {
  /** Starts a timer and says, after a moment, whether it fired. */
  const firedWithin = async (ms: number, chunk?: number, cancelAfterMs?: number): Promise<boolean> => {
    let fired = false;
    const cancel = timerAtMost(ms, () => (fired = true), chunk);
    if (cancelAfterMs !== undefined) {
      await delay(cancelAfterMs);
      cancel();
    }
    await delay(60);
    return fired;
  };

  it.each(WAITS_THAT_END)('fires for %s', async (_name, ms, chunk) => {
    expect(await firedWithin(ms, chunk)).toBe(true);
  });

  it.each([
    ['30 days (a single timer that long fires at once)', 30 * 86_400_000],
    ['an infinite wait', Number.POSITIVE_INFINITY],
  ])('has not fired after a moment for %s', async (_name, ms) => {
    let fired = false;
    const cancel = timerAtMost(ms, () => (fired = true), 10);
    await delay(60);
    cancel();
    expect(fired).toBe(false);
  });

  it('never fires once cancelled, before its first timer or after some of its timers ran', async () => {
    expect(await firedWithin(40, undefined, 0)).toBe(false);
    // 10-ms timers: cancelled while a later one is armed (it re-arms until 10 s have passed).
    expect(await firedWithin(10_000, 10, 25)).toBe(false);
  });

  it('fires once, and cancelling after it fired does nothing', async () => {
    let fired = 0;
    const cancel = timerAtMost(0, () => (fired += 1));
    await delay(30);
    cancel();
    expect(fired).toBe(1);
  });
});
