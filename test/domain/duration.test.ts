import { describe, expect, it } from 'vitest';
import { formatDuration, formatDurationExactly, isDuration, parseDuration } from '../../src/domain/duration.ts';
import { KeptError } from '../../src/domain/errors.ts';

describe('parseDuration', () => {
  it.each([
    ['milliseconds', '250ms', 250],
    ['seconds', '90s', 90_000],
    ['minutes', '2m', 120_000],
    ['hours', '24h', 86_400_000],
    ['days', '7d', 604_800_000],
    ['weeks', '1w', 604_800_000],
    ['hours and minutes', '1h30m', 5_400_000],
    ['every unit at once', '1w1d1h1m1s1ms', 694_861_001],
    ['minutes then seconds, not milliseconds', '5m5s', 305_000],
    ['a fraction of an hour', '1.5h', 5_400_000],
    ['a fraction of a second', '0.25s', 250],
    ['a fraction of a millisecond, rounded', '1.5ms', 2],
    ['zero', '0s', 0],
    ['leading and trailing spaces', '  2m ', 120_000],
    ['a repeated unit, added up', '1m1m', 120_000],
  ])('reads %s: "%s" is %i ms', (_name, text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it.each([
    ['an empty string', '', 'duration.empty', 'a duration is empty; write e.g. "90s", "2m" or "7d"'],
    ['only spaces', '   ', 'duration.empty', 'a duration is empty; write e.g. "90s", "2m" or "7d"'],
    [
      'a number without a unit',
      '90',
      'duration.invalid',
      '"90" is not a duration at character 1; write e.g. "90s", "2m", "1h30m" or "7d"',
    ],
    [
      'a unit without a number',
      'h',
      'duration.invalid',
      '"h" is not a duration at character 1; write e.g. "90s", "2m", "1h30m" or "7d"',
    ],
    [
      'a trailing number',
      '1m30',
      'duration.invalid',
      '"1m30" is not a duration at character 3; write e.g. "90s", "2m", "1h30m" or "7d"',
    ],
    [
      'a space between parts',
      '1h 30m',
      'duration.invalid',
      '"1h 30m" is not a duration at character 3; write e.g. "90s", "2m", "1h30m" or "7d"',
    ],
    [
      'a space before the unit, after leading spaces',
      '  2 m',
      'duration.invalid',
      '"  2 m" is not a duration at character 3; write e.g. "90s", "2m", "1h30m" or "7d"',
    ],
    [
      'a negative duration',
      '-5s',
      'duration.invalid',
      '"-5s" is not a duration at character 1; write e.g. "90s", "2m", "1h30m" or "7d"',
    ],
    [
      'an unknown unit',
      '3y',
      'duration.invalid',
      '"3y" is not a duration at character 1; write e.g. "90s", "2m", "1h30m" or "7d"',
    ],
    [
      'an upper-case unit',
      '2M',
      'duration.invalid',
      '"2M" is not a duration at character 1; write e.g. "90s", "2m", "1h30m" or "7d"',
    ],
    [
      'a dangling decimal point',
      '5.s',
      'duration.invalid',
      '"5.s" is not a duration at character 1; write e.g. "90s", "2m", "1h30m" or "7d"',
    ],
    [
      'words',
      'two minutes',
      'duration.invalid',
      '"two minutes" is not a duration at character 1; write e.g. "90s", "2m", "1h30m" or "7d"',
    ],
  ])('rejects %s (%j) as a validation error', (_name, text, code, message) => {
    let thrown: unknown;
    try {
      parseDuration(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KeptError);
    expect(thrown).toMatchObject({ kind: 'validation', code, message });
  });
});

describe('isDuration', () => {
  it.each([
    ['90s', true],
    ['1h30m', true],
    ['', false],
    ['90', false],
    ['soon', false],
  ])('says %j is a duration: %s', (text, expected) => {
    expect(isDuration(text)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    ['zero', 0, '0ms'],
    ['milliseconds', 850, '850ms'],
    ['a fraction of a millisecond, rounded', 12.4, '12ms'],
    ['just under a second that rounds up to one', 999.6, '1s'],
    ['one second', 1_000, '1s'],
    ['seconds with a tenth', 1_500, '1.5s'],
    ['seconds rounded to a tenth', 1_234, '1.2s'],
    ['whole seconds', 42_000, '42s'],
    ['just under a minute that rounds up to one', 59_999, '1m'],
    ['one minute', 60_000, '1m'],
    ['minutes and seconds', 90_000, '1m30s'],
    ['an hour', 3_600_000, '1h'],
    ['an hour and a half', 5_400_000, '1h30m'],
    ['an hour and some seconds', 3_630_000, '1h30s'],
    ['days', 259_200_000, '3d'],
    ['at most two units, the largest ones', 90_061_000, '1d1h'],
    ['a week as days', 604_800_000, '7d'],
  ])('writes %s (%f ms) as "%s"', (_name, ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it.each([850, 1_000, 42_000, 60_000, 90_000, 3_600_000, 5_400_000, 259_200_000, 604_800_000])(
    'writes %i ms in a form parseDuration reads back exactly',
    (ms) => {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    },
  );
});

describe('formatDurationExactly: every part, rounded up to the second', () => {
  it.each([
    [0, '0s'],
    [1, '1s'],
    [59_000, '59s'],
    [90_000, '1m30s'],
    [9_000_000, '2h30m'],
    [269_280_000, '3d2h48m'],
    [269_280_001, '3d2h48m1s'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatDurationExactly(ms)).toBe(text);
  });
});
