import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { delayAtMost } from '../../../src/adapters/clock/sleep-until.ts';

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

  it.each([
    ['a wait made of several timers', 25, 10],
    ['a zero wait', 0, undefined],
    ['a negative wait', -5, undefined],
    ['a NaN wait', Number.NaN, undefined],
  ])('resolves %s', async (_name, ms, chunk) => {
    await expect(delayAtMost(ms, undefined, chunk)).resolves.toBeUndefined();
  });
});
