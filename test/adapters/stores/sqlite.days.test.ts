import { describe, expect, it } from 'vitest';
import {
  DayScanner,
  decodeDay,
  encodeDay,
  hourTallies,
  slotTallies,
  type DayCounts,
} from '../../../src/adapters/stores/sqlite/sqlite.days.ts';
import { HOUR } from '../../contract/store-fixtures.ts';

const DAY = 24 * HOUR;
const D1 = Date.UTC(2026, 0, 5);
const D2 = D1 + DAY;
const counts = (entries: [hour: number, slot: number, m: number, f: number, i: number, o: number][]): DayCounts =>
  new Map(entries.map(([hour, slot, ...c]) => [hour * 1000 + slot, c]));

describe('the packed day text of the SQLite rollup', () => {
  it.each<[string, DayCounts, string]>([
    ['one met attempt', counts([[10, 15, 1, 0, 0, 0]]), 'k15,1'],
    ['zeros written as nothing, trailing zeros dropped', counts([[0, 0, 0, 1, 0, 2]]), 'a0,,1,,2'],
    [
      'two local hours in one UTC hour, in hour-of-week order',
      counts([
        [4, 58, 0, 1, 0, 0],
        [4, 57, 1, 0, 0, 0],
      ]),
      'e57,1e58,,1',
    ],
    [
      'hours in order, the last hour of the day as x',
      counts([
        [23, 167, 0, 0, 3, 0],
        [1, 145, 12, 0, 0, 0],
      ]),
      'b145,12x167,,,3',
    ],
    ['big counts', counts([[2, 100, 123_456, 7, 89, 1_000]]), 'c100,123456,7,89,1000'],
  ])('encodes %s and decodes it back', (_, day, text) => {
    expect(encodeDay(day)).toBe(text);
    expect(decodeDay(text)).toEqual(day);
  });

  const folded = `${D1}:k15,1k16,,1,1x167,,,,2|${D2}:a0,4`;

  it.each<[string, number, number, [number, number, number, number, number, number][]]>([
    [
      'every hour of both days',
      D1,
      D2 + DAY,
      [
        [D1 + 10 * HOUR, 15, 1, 0, 0, 0],
        [D1 + 10 * HOUR, 16, 0, 1, 1, 0],
        [D1 + 23 * HOUR, 167, 0, 0, 0, 2],
        [D2, 0, 4, 0, 0, 0],
      ],
    ],
    ['the hours starting in the window only', D1 + 11 * HOUR, D2, [[D1 + 23 * HOUR, 167, 0, 0, 0, 2]]],
    ['nothing when the window holds no hour', D1 + 11 * HOUR, D1 + 23 * HOUR, []],
  ])('reads folded days into hourly tallies: %s', (_, from, to, expected) => {
    const tallies = hourTallies(new DayScanner(), folded, from, to);
    expect(tallies).toEqual(
      expected.map(([hourStart, hourOfWeek, met, failed, inconclusive, outOfForce]) => ({
        hourStart,
        hourOfWeek,
        met,
        failed,
        inconclusive,
        outOfForce,
      })),
    );
  });

  it('sums folded days by hour of week, in hour-of-week order', () => {
    const twoWeeks = `${D1}:k15,1,2|${D1 + 7 * DAY}:k15,3,,1|${D1 + 8 * DAY}:a24,,,,5`;
    expect(slotTallies(new DayScanner(), twoWeeks, D1, D1 + 9 * DAY)).toEqual([
      { hourOfWeek: 15, met: 4, failed: 2, inconclusive: 1, outOfForce: 0 },
      { hourOfWeek: 24, met: 0, failed: 0, inconclusive: 0, outOfForce: 5 },
    ]);
  });

  it('orders tallies by hour when days arrive out of order, and reads days before 1970', () => {
    const early = -2 * DAY;
    const tallies = hourTallies(new DayScanner(), `${D2}:b3,1|${early}:c3,1|${D1}:b3,1`, -Infinity, Infinity);
    expect(tallies.map((t) => t.hourStart)).toEqual([early + 2 * HOUR, D1 + HOUR, D2 + HOUR]);
  });

  it('grows its buffer past 4,096 tallies and reuses it from claim to claim', () => {
    const days = Array.from(
      { length: 400 },
      (_, d) =>
        `${D1 + d * DAY}:${Array.from({ length: 24 }, (_, h) => `${String.fromCharCode(97 + h)}${h},1`).join('')}`,
    );
    const scanner = new DayScanner();
    expect(hourTallies(scanner, days.join('|'), -Infinity, Infinity)).toHaveLength(9_600);
    expect(slotTallies(scanner, days[0] as string, -Infinity, Infinity)).toHaveLength(24);
  });
});
