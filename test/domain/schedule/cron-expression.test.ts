import { describe, expect, it } from 'vitest';
import { localTime } from '../../../src/domain/calendar/zoned-time.ts';
import { KeptError } from '../../../src/domain/errors.ts';
import {
  countFireTimes,
  isCron,
  nextFireTimes,
  parseCron,
  type CronExpression,
} from '../../../src/domain/schedule/cron-expression.ts';
import { at, DAY, MINUTE } from '../builders.ts';

const on = (allowed: readonly boolean[]): number[] => allowed.flatMap((yes, i) => (yes ? [i] : []));
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000', '');

describe('parseCron reads node-cron syntax', () => {
  it.each<readonly [string, string, (cron: CronExpression) => unknown, unknown]>([
    ['five fields fire at second 0', '*/15 * * * *', (c) => [c.seconds, on(c.minutes)], [[0], [0, 15, 30, 45]]],
    ['six fields put seconds first', '*/20 * * * * *', (c) => c.seconds, [0, 20, 40]],
    [
      'lists, ranges and stepped ranges combine',
      '1,5-7,10-20/5 * * * *',
      (c) => on(c.minutes),
      [1, 5, 6, 7, 10, 15, 20],
    ],
    ['a range that starts after it ends wraps past midnight', '0 22-2 * * *', (c) => on(c.hours), [0, 1, 2, 22, 23]],
    ['month names are read in any case', '0 0 1 jan,MAR-May *', (c) => on(c.months), [1, 3, 4, 5]],
    ['full month names are read', '0 0 1 january,december *', (c) => on(c.months), [1, 12]],
    ['day names make a working week', '0 9 * * mon-fri', (c) => on(c.daysOfWeek), [1, 2, 3, 4, 5]],
    ['day 7 is Sunday', '0 9 * * 7', (c) => on(c.daysOfWeek), [0]],
    ['a range up to 7 takes Sunday in', '0 9 * * 5-7', (c) => on(c.daysOfWeek), [0, 5, 6]],
    ['a day range from Friday to Monday wraps the week', '0 9 * * fri-mon', (c) => on(c.daysOfWeek), [0, 1, 5, 6]],
    ['a step over the days of the week starts on Sunday', '0 9 * * */2', (c) => on(c.daysOfWeek), [0, 2, 4, 6]],
    ['a nickname stands for its expression', '@hourly', (c) => c.fields, ['0', '0', '*', '*', '*', '*']],
    [
      'a question mark leaves a day field open',
      '0 9 ? * mon',
      (c) => [on(c.daysOfMonth).length, c.dayRule],
      [31, 'and'],
    ],
    ['both day fields set take either day', '0 9 1 * mon', (c) => c.dayRule, 'or'],
    ['one open day field takes both', '0 9 * * mon', (c) => c.dayRule, 'and'],
    ['a day field starting with * is open, as in classic cron', '0 9 */2 * mon', (c) => c.dayRule, 'and'],
    ['extra spaces between fields are fine', '0  9   * * *', (c) => on(c.hours), [9]],
  ])('%s', (_name, expression, read, expected) => {
    expect(read(parseCron(expression))).toEqual(expected);
  });

  it.each<readonly [string, string, string]>([
    ['too few fields', '* * *', '3 fields'],
    ['too many fields', '* * * * * * *', '7 fields'],
    ['a minute past 59', '60 * * * *', 'outside 0-59'],
    ['an hour past 23', '0 24 * * *', 'outside 0-23'],
    ['day of month 0', '0 0 0 * *', 'outside 1-31'],
    ['day of week 8', '* * * * 8', 'outside 0-7'],
    ['a step of zero', '*/0 * * * *', 'step of 0'],
    ['a step on a single value, which node-cron refuses', '5/15 * * * *', 'needs a range'],
    ['a day no month has', '0 0 30 2 *', 'none of its months has'],
    ['the L extension', '0 0 L * *', 'not a number or a name'],
    ['the # extension', '0 0 * * 1#2', 'characters'],
    ['a day name in the hour field', '0 mon * * *', 'not a number or a name'],
    ['a question mark in the hour field', '0 ? * * *', 'only the day fields'],
    ['an empty list item', '0 1,,2 * * *', 'write *, n'],
  ])('refuses %s', (_name, expression, message) => {
    expect(() => parseCron(expression)).toThrow(KeptError);
    expect(() => parseCron(expression)).toThrow(message);
    expect(isCron(expression)).toBe(false);
  });
});

type FireRow = readonly [string, string, string, string, string, readonly string[]];

describe('nextFireTimes', () => {
  it.each<FireRow>([
    [
      'fires every quarter hour in [from, to)',
      '*/15 * * * *',
      'UTC',
      '2026-01-05T10:00:00Z',
      '2026-01-05T11:00:00Z',
      ['2026-01-05T10:00:00Z', '2026-01-05T10:15:00Z', '2026-01-05T10:30:00Z', '2026-01-05T10:45:00Z'],
    ],
    [
      'starts mid-minute at the next fire',
      '0 * * * * *',
      'UTC',
      '2026-01-05T10:00:30Z',
      '2026-01-05T10:03:00Z',
      ['2026-01-05T10:01:00Z', '2026-01-05T10:02:00Z'],
    ],
    [
      'reads the seconds field',
      '*/20 * * * * *',
      'UTC',
      '2026-01-05T10:00:00Z',
      '2026-01-05T10:01:00Z',
      ['2026-01-05T10:00:00Z', '2026-01-05T10:00:20Z', '2026-01-05T10:00:40Z'],
    ],
    [
      'reads hours in the given zone',
      '0 9 * * *',
      'America/New_York',
      '2026-01-05T00:00:00Z',
      '2026-01-07T00:00:00Z',
      ['2026-01-05T14:00:00Z', '2026-01-06T14:00:00Z'],
    ],
    [
      'reads a half-hour offset zone',
      '0 9 * * *',
      'Asia/Kolkata',
      '2026-01-05T00:00:00Z',
      '2026-01-06T00:00:00Z',
      ['2026-01-05T03:30:00Z'],
    ],
    [
      'keeps to weekdays of the zone, not of UTC',
      '0 20 * * fri',
      'America/New_York',
      '2026-01-05T00:00:00Z',
      '2026-01-12T00:00:00Z',
      ['2026-01-10T01:00:00Z'],
    ],
    [
      'takes either day when both day fields are set',
      '0 9 1 * mon',
      'UTC',
      '2026-07-01T00:00:00Z',
      '2026-07-15T00:00:00Z',
      ['2026-07-01T09:00:00Z', '2026-07-06T09:00:00Z', '2026-07-13T09:00:00Z'],
    ],
    [
      'takes both days when the day of month starts with *',
      '0 9 */2 * mon',
      'UTC',
      '2026-07-01T00:00:00Z',
      '2026-08-01T00:00:00Z',
      ['2026-07-13T09:00:00Z', '2026-07-27T09:00:00Z'],
    ],
    [
      'runs on the leap day only in a leap year',
      '0 0 29 2 *',
      'UTC',
      '2026-01-01T00:00:00Z',
      '2029-01-01T00:00:00Z',
      ['2028-02-29T00:00:00Z'],
    ],
    [
      'runs on the last hours of the year across midnight',
      '0 23,0 31 12 *',
      'UTC',
      '2026-12-31T00:00:00Z',
      '2027-01-02T00:00:00Z',
      ['2026-12-31T00:00:00Z', '2026-12-31T23:00:00Z'],
    ],
  ])('%s', (_name, expression, zone, from, to, expected) => {
    expect(nextFireTimes(expression, zone, at(from), at(to)).map(iso)).toEqual(expected.map((t) => iso(at(t))));
  });

  it('stops at the limit', () => {
    expect(nextFireTimes('* * * * *', 'UTC', at('2026-01-05T00:00:00Z'), at('2026-01-06T00:00:00Z'), 3)).toEqual([
      at('2026-01-05T00:00:00Z'),
      at('2026-01-05T00:01:00Z'),
      at('2026-01-05T00:02:00Z'),
    ]);
  });
});

describe('nextFireTimes on daylight-saving days', () => {
  // Europe/London: 2026-03-29 01:00 GMT jumps to 02:00 BST (01:00Z); 2026-10-25 02:00 BST falls back to 01:00 GMT (01:00Z).
  // America/New_York: 2026-03-08 02:00 EST jumps to 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT falls back to 01:00 EST (06:00Z).
  it.each<FireRow>([
    [
      'London: 01:30 does not exist on the spring day, so it does not fire',
      '30 1 * * *',
      'Europe/London',
      '2026-03-28T12:00:00Z',
      '2026-03-30T12:00:00Z',
      ['2026-03-30T00:30:00Z'],
    ],
    [
      'London: 02:30 on the spring day is the first half hour of summer time',
      '30 2 * * *',
      'Europe/London',
      '2026-03-29T00:00:00Z',
      '2026-03-30T00:00:00Z',
      ['2026-03-29T01:30:00Z'],
    ],
    [
      'London: 01:30 on the fall-back day fires at both real instants',
      '30 1 * * *',
      'Europe/London',
      '2026-10-24T12:00:00Z',
      '2026-10-25T12:00:00Z',
      ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z'],
    ],
    [
      'London: every 20 minutes runs through the repeated hour twice',
      '*/20 1 * * *',
      'Europe/London',
      '2026-10-25T00:00:00Z',
      '2026-10-25T03:00:00Z',
      [
        '2026-10-25T00:00:00Z',
        '2026-10-25T00:20:00Z',
        '2026-10-25T00:40:00Z',
        '2026-10-25T01:00:00Z',
        '2026-10-25T01:20:00Z',
        '2026-10-25T01:40:00Z',
      ],
    ],
    [
      'New York: 02:30 does not exist on the spring day, so it does not fire',
      '30 2 * * *',
      'America/New_York',
      '2026-03-07T12:00:00Z',
      '2026-03-09T12:00:00Z',
      ['2026-03-09T06:30:00Z'],
    ],
    [
      'New York: 03:00 on the spring day is an hour after 01:00',
      '0 1,3 * * *',
      'America/New_York',
      '2026-03-08T00:00:00Z',
      '2026-03-09T00:00:00Z',
      ['2026-03-08T06:00:00Z', '2026-03-08T07:00:00Z'],
    ],
    [
      'New York: 01:30 on the fall-back day fires at both real instants',
      '30 1 * * *',
      'America/New_York',
      '2026-11-01T00:00:00Z',
      '2026-11-02T00:00:00Z',
      ['2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z'],
    ],
  ])('%s', (_name, expression, zone, from, to, expected) => {
    expect(nextFireTimes(expression, zone, at(from), at(to)).map(iso)).toEqual(expected.map((t) => iso(at(t))));
  });

  it.each<readonly [string, string, string, string, number]>([
    [
      "an hourly cron fires 23 times on London's spring day",
      'Europe/London',
      '2026-03-29T00:00:00+00:00',
      '2026-03-30T00:00:00+01:00',
      23,
    ],
    [
      "an hourly cron fires 25 times on London's fall-back day",
      'Europe/London',
      '2026-10-25T00:00:00+01:00',
      '2026-10-26T00:00:00+00:00',
      25,
    ],
    [
      'an hourly cron fires 24 times on an ordinary London day',
      'Europe/London',
      '2026-07-01T00:00:00+01:00',
      '2026-07-02T00:00:00+01:00',
      24,
    ],
    [
      "an hourly cron fires 23 times on New York's spring day",
      'America/New_York',
      '2026-03-08T00:00:00-05:00',
      '2026-03-09T00:00:00-04:00',
      23,
    ],
    [
      "an hourly cron fires 25 times on New York's fall-back day",
      'America/New_York',
      '2026-11-01T00:00:00-04:00',
      '2026-11-02T00:00:00-05:00',
      25,
    ],
  ])('%s', (_name, zone, from, to, count) => {
    expect(nextFireTimes('0 * * * *', zone, at(from), at(to))).toHaveLength(count);
  });
});

/** The plain definition: every minute whose local reading matches, read one by one. */
function bruteForce(cron: CronExpression, zone: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(from / MINUTE) * MINUTE; t < to; t += MINUTE) {
    const local = localTime(t, zone);
    const [month, dom, dow] = [
      Number(local.date.slice(5, 7)),
      Number(local.date.slice(8, 10)),
      (local.weekday + 1) % 7,
    ];
    const days =
      cron.dayRule === 'and'
        ? cron.daysOfMonth[dom] === true && cron.daysOfWeek[dow] === true
        : cron.daysOfMonth[dom] === true || cron.daysOfWeek[dow] === true;
    if (cron.minutes[local.minute] && cron.hours[local.hour] && cron.months[month] && days) {
      for (const s of cron.seconds) out.push(t + s * 1_000);
    }
  }
  return out;
}

describe('nextFireTimes agrees with reading every minute', () => {
  it.each<readonly [string, string, string, string]>([
    ['every 7 minutes in London over the spring week', '*/7 * * * *', 'Europe/London', '2026-03-26T00:00:00Z'],
    ['night hours in New York over the fall-back week', '5,35 22-3 * * *', 'America/New_York', '2026-10-29T00:00:00Z'],
    [
      'Lord Howe Island, whose clocks move by half an hour',
      '*/10 1-3 * * *',
      'Australia/Lord_Howe',
      '2026-10-01T00:00:00Z',
    ],
    ['Kathmandu, at +05:45', '0,15,30,45 * * * sat', 'Asia/Kathmandu', '2026-01-05T00:00:00Z'],
    ['the first of the month or a Sunday in Sydney', '30 9 1 * sun', 'Australia/Sydney', '2026-03-29T00:00:00Z'],
  ])('%s', (_name, expression, zone, from) => {
    const cron = parseCron(expression);
    const [start, end] = [at(from), at(from) + 8 * DAY];
    expect(nextFireTimes(cron, zone, start, end)).toEqual(bruteForce(cron, zone, start, end));
  });
});

describe('countFireTimes', () => {
  it.each<readonly [string, string, string, number, number]>([
    ['every second for a day', '* * * * * *', 'Europe/London', 0, DAY],
    ['every five minutes over a week with half a minute trimmed', '*/5 * * * *', 'America/New_York', 30_000, 7 * DAY],
    ['office hours over two weeks', '0 9-17 * * mon-fri', 'Asia/Kolkata', 0, 14 * DAY],
    ['nothing in a range with no fire', '0 0 1 1 *', 'UTC', DAY, 3 * DAY],
  ])('counts like listing: %s', (_name, expression, zone, fromOffset, toOffset) => {
    const base = at('2026-03-27T00:00:00Z');
    const [from, to] = [base + fromOffset, base + toOffset];
    const list = nextFireTimes(expression, zone, from, to);
    expect(countFireTimes(expression, zone, from, to)).toEqual(
      list.length === 0 ? { count: 0 } : { count: list.length, first: list[0], last: list[list.length - 1] },
    );
  });
});

describe('nextFireTimes at scale (how fast: schedule.timing.test.ts)', () => {
  it('lists a week of a */5 schedule, every week alike', () => {
    const start = at('2026-04-06T00:00:00Z');
    for (let week = 0; week < 5; week++) {
      const from = start + week * 7 * DAY;
      expect(nextFireTimes('*/5 * * * *', 'Europe/Paris', from, from + 7 * DAY)).toHaveLength(2_016);
    }
  });

  it('counts a year of a every-second schedule without listing it', () => {
    const from = at('2026-01-01T00:00:00Z');
    expect(countFireTimes('* * * * * *', 'America/New_York', from, from + 365 * DAY).count).toBe((365 * DAY) / 1_000);
  });
});
