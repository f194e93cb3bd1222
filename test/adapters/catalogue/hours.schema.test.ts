import { describe, expect, it } from 'vitest';
import { minuteOf, parseDays, splitRange, windowOf } from '../../../src/adapters/catalogue/hours.schema.ts';

describe('parseDays', () => {
  it.each([
    ['"daily" is every day', 'daily', [0, 1, 2, 3, 4, 5, 6]],
    ['"weekdays" is Monday to Friday', 'weekdays', [0, 1, 2, 3, 4]],
    ['"weekends" is Saturday and Sunday', 'weekends', [5, 6]],
    ['a single day', 'sat', [5]],
    ['a day in capitals', 'SUN', [6]],
    ['a range', 'mon-fri', [0, 1, 2, 3, 4]],
    ['a range with spaces', 'tue - thu', [1, 2, 3]],
    ['a range that wraps over the weekend', 'fri-mon', [0, 4, 5, 6]],
    ['a list, sorted and without repeats', ['wed', 'mon', 'mon-tue'], [0, 1, 2]],
    ['a list mixing names and ranges', ['weekends', 'mon'], [0, 5, 6]],
  ])('reads %s', (_name, spec, expected) => {
    expect(parseDays(spec)).toEqual(expected);
  });

  it.each([
    ['a misspelt day', 'mnday'],
    ['a misspelt range', 'mon-fir'],
    ['a range that starts and ends on the same day', 'mon-mon'],
    ['a list with one bad part', ['mon', 'funday']],
    ['an empty text', ''],
  ])('rejects %s', (_name, spec) => {
    expect(parseDays(spec)).toBeUndefined();
  });
});

describe('windowOf', () => {
  it.each([
    ['office hours', '09:00', '17:00', { fromMinute: 540, toMinute: 1020 }],
    ['a window to midnight written 24:00', '18:00', '24:00', { fromMinute: 1080, toMinute: 1440 }],
    ['a window to midnight written 00:00', '18:00', '00:00', { fromMinute: 1080, toMinute: 1440 }],
    ['a whole day', '00:00', '24:00', { fromMinute: 0, toMinute: 1440 }],
    ['a night shift past midnight', '22:00', '02:00', { fromMinute: 1320, toMinute: 1560 }],
    ['minutes', '08:15', '12:45', { fromMinute: 495, toMinute: 765 }],
  ])('maps %s', (_name, from, to, expected) => {
    expect(windowOf(from, to)).toEqual(expected);
  });

  it.each([
    ['00:00', 0],
    ['09:30', 570],
    ['23:59', 1439],
    ['24:00', 1440],
  ])('reads %s as minute %i of the day', (time, minute) => {
    expect(minuteOf(time)).toBe(minute);
  });

  it.each([
    ['09:00-13:00', { from: '09:00', to: '13:00' }],
    [' 09:00 - 13:00 ', { from: '09:00', to: '13:00' }],
    ['9-5', undefined],
    ['09:00', undefined],
  ])('splits the holiday range %j', (text, expected) => {
    expect(splitRange(text)).toEqual(expected);
  });
});
