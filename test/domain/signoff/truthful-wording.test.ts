import { describe, expect, it } from 'vitest';
import type { ClaimPromise } from '../../../src/domain/claim.ts';
import {
  limitWords,
  niceLimit,
  suggestWording,
  type WordingSample,
} from '../../../src/domain/signoff/truthful-wording.ts';
import { describeHours, describeSlots } from '../../../src/domain/signoff/week-ranges.ts';
import { always, weekly, window, WEEKDAYS } from '../builders.ts';

const S = 1_000;
const M = 60 * S;
const slot = (day: number, hour: number): number => day * 24 + hour;
const hoursOf = (days: readonly number[], from: number, to: number): number[] =>
  days.flatMap((d) => Array.from({ length: to - from }, (_, i) => slot(d, from + i)));
const weekdays = [0, 1, 2, 3, 4];

/** `n` attempts in each slot, each reaching a person after `timing(slot, i)` ms (null: no person came). */
function samples(
  slots: readonly number[],
  n: number,
  timing: (slot: number, i: number) => number | null,
): WordingSample[] {
  return slots.flatMap((s) =>
    Array.from({ length: n }, (_, i) => {
      const t = timing(s, i);
      return { slot: s, reached: t !== null, timingMs: t };
    }),
  );
}

const human = (withinMs: number | null): ClaimPromise => ({ kind: 'human', withinMs });
const everyHour = Array.from({ length: 168 }, (_, i) => i);
const inOffice = (s: number): boolean => s % 24 >= 8 && s % 24 < 20 && Math.floor(s / 24) < 5;

describe('suggestWording', () => {
  it.each<[string, Parameters<typeof suggestWording>[0], string | null]>([
    [
      'a 24/7 chat answered by people only in office hours is offered for those hours, in UK time',
      {
        channels: ['chat'],
        promise: human(2 * M),
        share: 1,
        timeZone: 'Europe/London',
        samples: samples(everyHour, 4, (s) => (inOffice(s) ? 30 * S : null)),
      },
      'Chat: a person answers within 2 minutes, Mon-Fri 08:00-20:00 UK time',
    ],
    [
      'a promise kept in every hour keeps its wording as 24/7',
      {
        channels: ['chat'],
        promise: human(M),
        share: 0.95,
        timeZone: 'Europe/London',
        samples: samples(everyHour, 3, () => 20 * S),
      },
      'Chat: a person answers within 1 minute, 24/7',
    ],
    [
      'a promise with no time names the measured time, rounded up',
      {
        channels: ['chat'],
        promise: human(null),
        share: 1,
        timeZone: 'Europe/London',
        samples: samples(hoursOf(weekdays, 9, 17), 5, (_s, i) => 20 * S + i * 5 * S),
      },
      'Chat: a person answers within 45 seconds, Mon-Fri 09:00-17:00 UK time',
    ],
    [
      'too slow everywhere: the limit loosens to the p95, rounded up to a figure copy uses',
      {
        channels: ['phone'],
        promise: human(M),
        share: 0.95,
        timeZone: 'America/New_York',
        samples: samples(hoursOf(weekdays, 9, 17), 20, (_s, i) => (i < 19 ? 3 * M : 4.5 * M)),
      },
      'Phone: a person answers within 3 minutes, Mon-Fri 09:00-17:00 US Eastern time',
    ],
    [
      'an hour below the share is left out, splitting the day',
      {
        channels: ['chat'],
        promise: human(M),
        share: 0.95,
        timeZone: 'Europe/London',
        samples: samples(hoursOf(weekdays, 9, 17), 20, (s, i) => (s % 24 === 12 && i < 5 ? 5 * M : 30 * S)),
      },
      'Chat: a person answers within 1 minute, Mon-Fri 09:00-12:00, 13:00-17:00 UK time',
    ],
    [
      'hours with too few attempts are not named',
      {
        channels: ['chat'],
        promise: human(M),
        share: 0.95,
        timeZone: 'Europe/London',
        samples: [...samples(hoursOf(weekdays, 9, 17), 3, () => 30 * S), ...samples([slot(5, 10)], 2, () => 30 * S)],
      },
      'Chat: a person answers within 1 minute, Mon-Fri 09:00-17:00 UK time',
    ],
    [
      'different hours on Saturday are grouped separately',
      {
        channels: ['email'],
        promise: { kind: 'reply', withinMs: 4 * 3_600_000 },
        share: 0.95,
        timeZone: 'Europe/London',
        samples: samples([...hoursOf(weekdays, 8, 18), ...hoursOf([5], 10, 14)], 3, () => 3_600_000),
      },
      'Email: a person replies within 4 hours, Mon-Fri 08:00-18:00; Sat 10:00-14:00 UK time',
    ],
    [
      'a first-response promise says so',
      {
        channels: ['chat', 'phone'],
        promise: { kind: 'first-response', withinMs: 10 * S },
        share: 0.95,
        timeZone: 'Europe/London',
        samples: samples(hoursOf([0, 1, 2], 0, 24), 3, () => 2 * S),
      },
      'Chat and phone: a first response within 10 seconds, Mon-Wed 00:00-24:00 UK time',
    ],
    [
      'nothing qualifies when no person ever came',
      {
        channels: ['chat'],
        promise: human(M),
        share: 1,
        timeZone: 'Europe/London',
        samples: samples(everyHour, 5, () => null),
      },
      null,
    ],
    [
      'nothing qualifies without samples',
      { channels: ['chat'], promise: human(M), share: 1, timeZone: 'Europe/London', samples: [] },
      null,
    ],
  ])('%s', (_name, input, text) => {
    expect(suggestWording(input)?.text ?? null).toBe(text);
  });

  it('says what the wording rests on', () => {
    const wording = suggestWording({
      channels: ['chat'],
      promise: human(M),
      share: 0.95,
      timeZone: 'Europe/London',
      samples: samples(hoursOf(weekdays, 9, 17), 20, (_s, i) => (i + 1) * 2 * S),
    });
    expect(wording?.slots).toHaveLength(40);
    expect(wording?.limitMs).toBe(M);
    expect(wording?.measuredMs).toBe(38 * S);
    expect(wording?.basis).toBe(
      '800 attempts in 40 hours of the week with at least 3 attempts each, where at least 95% met it; p95 was 38 seconds',
    );
  });
});

describe('wording helpers', () => {
  it.each([
    [41 * S, 45 * S],
    [60 * S, M],
    [70 * S, 2 * M],
    [3.2 * M, 5 * M],
    [50 * 3_600_000, 3 * 86_400_000],
  ])('niceLimit(%d) is %d', (ms, nice) => {
    expect(niceLimit(ms)).toBe(nice);
  });

  it.each([
    [45 * S, '45 seconds'],
    [M, '1 minute'],
    [5 * M, '5 minutes'],
    [3_600_000, '1 hour'],
    [24 * 3_600_000, '24 hours'],
    [3 * 86_400_000, '3 days'],
  ])('limitWords(%d) is "%s"', (ms, words) => {
    expect(limitWords(ms)).toBe(words);
  });

  it.each<[string, number[], string]>([
    ['every hour is 24/7', everyHour, '24/7'],
    ['office hours group into a day range', hoursOf(weekdays, 9, 17), 'Mon-Fri 09:00-17:00'],
    ['days apart with the same hours are listed together', hoursOf([0, 2, 3], 9, 12), 'Mon, Wed-Thu 09:00-12:00'],
    ['whole days read 00:00-24:00', hoursOf([5, 6], 0, 24), 'Sat-Sun 00:00-24:00'],
    ['nothing reads empty', [], ''],
  ])('describeSlots: %s', (_name, slots, text) => {
    expect(describeSlots(slots)).toBe(text);
  });

  it.each([
    [always('Europe/London'), '24/7'],
    [weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:30')]), 'Mon-Fri 09:00-17:30 UK time'],
    [weekly('Europe/Berlin', [window([4], '22:00', '02:00')]), 'Fri 22:00-02:00+1d Europe/Berlin time'],
  ])('describeHours(%j) is "%s"', (hours, text) => {
    expect(describeHours(hours)).toBe(text);
  });
});
