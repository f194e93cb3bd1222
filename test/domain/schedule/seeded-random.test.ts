import { describe, expect, it } from 'vitest';
import { randomFromText } from '../../../src/domain/schedule/seeded-random.ts';

describe('randomFromText', () => {
  it('gives the same sequence for the same text, and another for another text', () => {
    const draw = (text: string): number[] => {
      const random = randomFromText(text);
      return Array.from({ length: 5 }, () => random());
    };
    expect(draw('desk-chat@1767571200000')).toEqual(draw('desk-chat@1767571200000'));
    expect(draw('desk-chat@1767571200000')).not.toEqual(draw('desk-chat@1767578400000'));
  });

  it('draws in [0, 1), spread over the range', () => {
    const random = randomFromText('coverage');
    const values = Array.from({ length: 10_000 }, () => random());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const tenths = new Array<number>(10).fill(0);
    for (const v of values) tenths[Math.floor(v * 10)] = (tenths[Math.floor(v * 10)] as number) + 1;
    // 1,000 expected per tenth; a binomial's standard deviation is 30, so 850-1,150 is five of them.
    for (const count of tenths) expect(count).toBeGreaterThan(850);
    for (const count of tenths) expect(count).toBeLessThan(1_150);
  });
});
