import { describe, expect, it } from 'vitest';
import { promisedSlots } from '../../../src/domain/calendar/in-force.ts';
import type { Hours } from '../../../src/domain/claim.ts';
import { always, at, DAILY, FRI, holiday, SAT, SUN, weekly, WEEKDAYS, window } from '../builders.ts';

const LONDON = 'Europe/London';
const KOLKATA = 'Asia/Kolkata';
const NEW_YORK = 'America/New_York';

/** Every slot day*24+hour for the given days and hours [fromHour, toHour). */
function slots(days: readonly number[], fromHour: number, toHour: number): number[] {
  return days.flatMap((day) => Array.from({ length: toHour - fromHour }, (_, i) => day * 24 + fromHour + i));
}
const sorted = (set: ReadonlySet<number>): number[] => [...set].sort((a, b) => a - b);

// Weeks: 2026-01-05 is a Monday (London on GMT). Kolkata's Monday 00:00 is Sunday 18:30 UTC.
const LONDON_WEEK = ['2026-01-05T00:00:00+00:00', '2026-01-12T00:00:00+00:00'] as const;
const KOLKATA_WEEK = ['2026-01-05T00:00:00+05:30', '2026-01-12T00:00:00+05:30'] as const;
const office = weekly(LONDON, [window(WEEKDAYS, '09:00', '17:00')]);

type Row = readonly [string, Hours, string, string, number[]];

describe('promisedSlots', () => {
  it.each<Row>([
    ['24/7 over a week promises all 168 hours', always(LONDON), ...LONDON_WEEK, slots([0, 1, 2, 3, 4, 5, 6], 0, 24)],
    [
      '24/7 over a Monday promises its 24 hours',
      always(LONDON),
      '2026-01-05T00:00:00+00:00',
      '2026-01-06T00:00:00+00:00',
      slots([0], 0, 24),
    ],
    [
      '24/7 over a Wednesday promises Wednesday 00:00-23:00',
      always(LONDON),
      '2026-01-07T00:00:00+00:00',
      '2026-01-08T00:00:00+00:00',
      slots([2], 0, 24),
    ],
    [
      '24/7 over one Kolkata day promises that local day',
      always(KOLKATA),
      '2026-01-07T00:00:00+05:30',
      '2026-01-08T00:00:00+05:30',
      slots([2], 0, 24),
    ],
    ['Mon-Fri 09:00-17:00 over a week promises 40 hours', office, ...LONDON_WEEK, slots([0, 1, 2, 3, 4], 9, 17)],
    [
      'Mon-Fri 09:00-17:00 over three days promises 24 hours',
      office,
      '2026-01-05T00:00:00+00:00',
      '2026-01-08T00:00:00+00:00',
      slots([0, 1, 2], 9, 17),
    ],
    [
      'Mon-Fri 09:00-17:00 over a weekend promises nothing',
      office,
      '2026-01-10T00:00:00+00:00',
      '2026-01-12T00:00:00+00:00',
      [],
    ],
    [
      'Kolkata 09:30-17:30 touches nine hours a day',
      weekly(KOLKATA, [window(WEEKDAYS, '09:30', '17:30')]),
      ...KOLKATA_WEEK,
      slots([0, 1, 2, 3, 4], 9, 18),
    ],
    [
      'Kolkata 09:30-17:00 touches eight hours a day',
      weekly(KOLKATA, [window(WEEKDAYS, '09:30', '17:00')]),
      ...KOLKATA_WEEK,
      slots([0, 1, 2, 3, 4], 9, 17),
    ],
    [
      'Kolkata hours over a UTC-aligned week are the same local hours',
      weekly(KOLKATA, [window(WEEKDAYS, '09:30', '17:30')]),
      ...LONDON_WEEK,
      slots([0, 1, 2, 3, 4], 9, 18),
    ],
    [
      'a window opening at 09:50 still promises the 09:00 hour',
      weekly(LONDON, [window(DAILY, '09:50', '17:00')]),
      ...LONDON_WEEK,
      slots([0, 1, 2, 3, 4, 5, 6], 9, 17),
    ],
    [
      'a five-minute window 09:05-09:10 promises its hour',
      weekly(LONDON, [window(DAILY, '09:05', '09:10')]),
      ...LONDON_WEEK,
      slots([0, 1, 2, 3, 4, 5, 6], 9, 10),
    ],
    [
      'a window closing at 17:10 promises the 17:00 hour',
      weekly(LONDON, [window([0], '09:00', '17:10')]),
      ...LONDON_WEEK,
      slots([0], 9, 18),
    ],
    [
      'Friday 22:00-02:00 promises two hours each side of midnight',
      weekly(LONDON, [window([FRI], '22:00', '02:00')]),
      ...LONDON_WEEK,
      [118, 119, 120, 121],
    ],
    [
      'Sunday 23:00-01:00 wraps to Monday 00:00 of the same week',
      weekly(LONDON, [window([SUN], '23:00', '01:00')]),
      '2026-01-04T00:00:00+00:00',
      '2026-01-12T00:00:00+00:00',
      [0, 167],
    ],
    [
      'a closed holiday removes its day when the window holds that day once',
      weekly(LONDON, [window(WEEKDAYS, '09:00', '17:00')], [holiday('2026-01-07')]),
      ...LONDON_WEEK,
      slots([0, 1, 3, 4], 9, 17),
    ],
    [
      'a closed holiday removes nothing when the day occurs twice',
      weekly(LONDON, [window(WEEKDAYS, '09:00', '17:00')], [holiday('2026-01-07')]),
      '2026-01-05T00:00:00+00:00',
      '2026-01-19T00:00:00+00:00',
      slots([0, 1, 2, 3, 4], 9, 17),
    ],
    [
      'reduced holiday hours keep only their own hours',
      weekly(LONDON, [window(WEEKDAYS, '09:00', '17:00')], [holiday('2026-01-07', ['09:00', '13:00'])]),
      ...LONDON_WEEK,
      [...slots([0, 1], 9, 17), ...slots([2], 9, 13), ...slots([3, 4], 9, 17)],
    ],
    [
      'holiday hours on a Saturday add Saturday hours',
      weekly(LONDON, [window(WEEKDAYS, '09:00', '17:00')], [holiday('2026-01-10', ['10:00', '12:00'])]),
      ...LONDON_WEEK,
      [...slots([0, 1, 2, 3, 4], 9, 17), ...slots([5], 10, 12)],
    ],
    [
      'a holiday outside the window changes nothing',
      weekly(LONDON, [window(WEEKDAYS, '09:00', '17:00')], [holiday('2026-12-25')]),
      ...LONDON_WEEK,
      slots([0, 1, 2, 3, 4], 9, 17),
    ],
  ])('%s', (_name, hours, from, to, expected) => {
    expect(sorted(promisedSlots(hours, at(from), at(to)))).toEqual(expected);
  });
});

const everyHour = slots([0, 1, 2, 3, 4, 5, 6], 0, 24);
const without = (list: number[], ...gone: number[]): number[] => list.filter((slot) => !gone.includes(slot));

describe('promisedSlots over the daylight-saving weeks', () => {
  it.each<Row>([
    [
      '24/7 in London in the spring week has no Sunday 01:00',
      always(LONDON),
      '2026-03-23T00:00:00+00:00',
      '2026-03-30T00:00:00+01:00',
      without(everyHour, 145),
    ],
    [
      '24/7 in London in the autumn week has all 168 hours',
      always(LONDON),
      '2026-10-19T00:00:00+01:00',
      '2026-10-26T00:00:00+00:00',
      everyHour,
    ],
    [
      '24/7 in New York in the spring week has no Sunday 02:00',
      always(NEW_YORK),
      '2026-03-02T00:00:00-05:00',
      '2026-03-09T00:00:00-04:00',
      without(everyHour, 146),
    ],
    [
      '24/7 in New York in the autumn week has all 168 hours',
      always(NEW_YORK),
      '2026-10-26T00:00:00-04:00',
      '2026-11-02T00:00:00-05:00',
      everyHour,
    ],
    [
      '24/7 over two London weeks including spring has all 168 hours',
      always(LONDON),
      '2026-03-23T00:00:00+00:00',
      '2026-04-06T00:00:00+01:00',
      everyHour,
    ],
    [
      'Mon-Fri 09:00-17:00 in the London spring week is 40 hours',
      office,
      '2026-03-23T00:00:00+00:00',
      '2026-03-30T00:00:00+01:00',
      slots([0, 1, 2, 3, 4], 9, 17),
    ],
    [
      'daily 01:00-03:00 in the London spring week loses only Sunday 01:00',
      weekly(LONDON, [window(DAILY, '01:00', '03:00')]),
      '2026-03-23T00:00:00+00:00',
      '2026-03-30T00:00:00+01:00',
      without(slots([0, 1, 2, 3, 4, 5, 6], 1, 3), 145),
    ],
    [
      'daily 09:00-17:00 on the London spring Sunday is 8 hours',
      weekly(LONDON, [window(DAILY, '09:00', '17:00')]),
      '2026-03-29T00:00:00+00:00',
      '2026-03-30T00:00:00+01:00',
      slots([6], 9, 17),
    ],
    [
      'Saturday 22:00-06:00 across the London autumn change',
      weekly(LONDON, [window([SAT], '22:00', '06:00')]),
      '2026-10-19T00:00:00+01:00',
      '2026-10-26T00:00:00+00:00',
      [142, 143, ...slots([6], 0, 6)],
    ],
  ])('%s', (_name, hours, from, to, expected) => {
    expect(sorted(promisedSlots(hours, at(from), at(to)))).toEqual(expected);
  });
});

describe('promisedSlots at the edges of the window', () => {
  it.each<Row>([
    [
      'a window inside one hour promises that hour',
      always(LONDON),
      '2026-01-05T09:10:00Z',
      '2026-01-05T09:20:00Z',
      [9],
    ],
    [
      'a window across an hour boundary promises both hours',
      always(LONDON),
      '2026-01-05T09:40:00Z',
      '2026-01-05T10:20:00Z',
      [9, 10],
    ],
    ['the end of the window is exclusive', always(LONDON), '2026-01-05T10:00:00Z', '2026-01-05T11:00:00Z', [10]],
    [
      'one second before a boundary promises the hour it is in',
      always(LONDON),
      '2026-01-05T09:59:30Z',
      '2026-01-05T10:00:00Z',
      [9],
    ],
    [
      'hours that closed before the window starts are not promised',
      weekly(LONDON, [window([0], '09:00', '10:50')]),
      '2026-01-05T10:50:00Z',
      '2026-01-05T12:00:00Z',
      [],
    ],
    [
      'hours that open after the window ends are not promised',
      weekly(LONDON, [window([0], '11:10', '12:00')]),
      '2026-01-05T10:00:00Z',
      '2026-01-05T11:10:00Z',
      [],
    ],
    ['an empty window promises nothing', always(LONDON), '2026-01-05T10:00:00Z', '2026-01-05T10:00:00Z', []],
    ['a reversed window promises nothing', always(LONDON), '2026-01-05T11:00:00Z', '2026-01-05T10:00:00Z', []],
  ])('%s', (_name, hours, from, to, expected) => {
    expect(sorted(promisedSlots(hours, at(from), at(to)))).toEqual(expected);
  });

  it('gives the same answer from its cache as on the first call', () => {
    const hours = weekly(LONDON, [window(WEEKDAYS, '08:45', '18:15')]);
    const first = sorted(promisedSlots(hours, at(LONDON_WEEK[0]), at(LONDON_WEEK[1])));
    const second = sorted(promisedSlots(hours, at(LONDON_WEEK[0]), at(LONDON_WEEK[1])));
    expect(first).toEqual(slots([0, 1, 2, 3, 4], 8, 19));
    expect(second).toEqual(first);
  });
});
