import { describe, expect, it } from 'vitest';
import { maxCronGapMs } from '../../../../src/adapters/alerting/rules/cron-gap.ts';
import { KeptError } from '../../../../src/domain/errors.ts';

const MINUTE = 60_000;

describe('maxCronGapMs', () => {
  it.each([
    ['every 4 minutes', '*/4 * * * *', 4 * MINUTE],
    ['every 7 minutes, restarting each hour (:56 -> :00 is only 4)', '*/7 * * * *', 7 * MINUTE],
    ['hourly on the hour', '0 * * * *', 60 * MINUTE],
    ['every 10 seconds, at minute resolution', '*/10 * * * * *', MINUTE],
    [
      'every half hour in weekday office hours: Friday 17:30 to Monday 09:00',
      '*/30 9-17 * * mon-fri',
      (63 * 60 + 30) * MINUTE,
    ],
    ['Monday, Wednesday and Friday at 09:00: Friday to Monday', '0 9 * * 1,3,5', 3 * 1_440 * MINUTE],
    ['Sunday written as 7', '0 12 * * 7', 7 * 1_440 * MINUTE],
    ['day of month or day of week (both restricted): at most a week', '0 12 1 * mon', 7 * 1_440 * MINUTE],
    ['once a year', '0 0 1 1 *', 365 * 1_440 * MINUTE],
    ['a list of minutes', '5,35 * * * *', 30 * MINUTE],
    ['a range with a step', '0 8-20/4 * * *', 12 * 60 * MINUTE],
  ])('%s (%s)', (_name, cron, expected) => {
    expect(maxCronGapMs(cron)).toBe(expected);
  });

  it.each([
    ['four fields', '* * * *', 'cron.invalid'],
    ['a minute out of range', '61 * * * *', 'cron.invalid'],
    ['an unknown weekday name', '0 9 * * funday', 'cron.invalid'],
    ['a zero step', '*/0 * * * *', 'cron.invalid'],
    ['a range running backwards', '0 17-9 * * *', 'cron.invalid'],
    ['a date that never comes', '0 0 31 2 *', 'cron.never'],
  ])('rejects %s (%s) with a validation error', (_name, cron, code) => {
    let caught: unknown;
    try {
      maxCronGapMs(cron);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KeptError);
    expect(caught).toMatchObject({ kind: 'validation', code });
  });
});
