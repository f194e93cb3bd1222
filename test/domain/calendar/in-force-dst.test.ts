import { describe, expect, it } from 'vitest';
import { isInForce } from '../../../src/domain/calendar/in-force.ts';
import { hourOfWeek } from '../../../src/domain/calendar/zoned-time.ts';
import type { Hours } from '../../../src/domain/claim.ts';
import { at, DAILY, SAT, weekly, window } from '../builders.ts';

/*
 * The 2026 change days, all Sundays, with the offsets worked out by hand:
 * - Europe/London, 29 March: 01:00 GMT (+00:00) jumps to 02:00 BST (+01:00), at 01:00 UTC.
 * - Europe/London, 25 October: 02:00 BST (+01:00) falls back to 01:00 GMT (+00:00), at 01:00 UTC.
 * - America/New_York, 8 March: 02:00 EST (-05:00) jumps to 03:00 EDT (-04:00), at 07:00 UTC.
 * - America/New_York, 1 November: 02:00 EDT (-04:00) falls back to 01:00 EST (-05:00), at 06:00 UTC.
 * Wall-clock windows follow the local clock: an office day is 8 hours on every change day, a night window that
 * spans the change is an hour shorter in spring and an hour longer in autumn.
 */
const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const office = (zone: string): Hours => weekly(zone, [window(DAILY, '09:00', '17:00')]);
const small = (zone: string, from: string, to: string): Hours => weekly(zone, [window(DAILY, from, to)]);

type Row = readonly [string, Hours, string, boolean];

describe('isInForce for a 09:00-17:00 window on the change days', () => {
  it.each<Row>([
    ['London spring: closed at 08:59:59 BST', office(LONDON), '2026-03-29T08:59:59+01:00', false],
    ['London spring: open at 09:00 BST', office(LONDON), '2026-03-29T09:00:00+01:00', true],
    ['London spring: open at 16:59 BST', office(LONDON), '2026-03-29T16:59:00+01:00', true],
    ['London spring: closed at 17:00 BST', office(LONDON), '2026-03-29T17:00:00+01:00', false],
    ['London spring: the day before is still on GMT', office(LONDON), '2026-03-28T09:00:00+00:00', true],
    ['London autumn: closed at 08:59:59 GMT', office(LONDON), '2026-10-25T08:59:59+00:00', false],
    ['London autumn: open at 09:00 GMT', office(LONDON), '2026-10-25T09:00:00+00:00', true],
    ['London autumn: open at 16:59 GMT', office(LONDON), '2026-10-25T16:59:00+00:00', true],
    ['London autumn: closed at 17:00 GMT', office(LONDON), '2026-10-25T17:00:00+00:00', false],
    ['London autumn: the day before is still on BST', office(LONDON), '2026-10-24T09:00:00+01:00', true],
    ['New York spring: closed at 08:59:59 EDT', office(NEW_YORK), '2026-03-08T08:59:59-04:00', false],
    ['New York spring: open at 09:00 EDT', office(NEW_YORK), '2026-03-08T09:00:00-04:00', true],
    ['New York spring: open at 16:59 EDT', office(NEW_YORK), '2026-03-08T16:59:00-04:00', true],
    ['New York spring: closed at 17:00 EDT', office(NEW_YORK), '2026-03-08T17:00:00-04:00', false],
    ['New York autumn: closed at 08:59:59 EST', office(NEW_YORK), '2026-11-01T08:59:59-05:00', false],
    ['New York autumn: open at 09:00 EST', office(NEW_YORK), '2026-11-01T09:00:00-05:00', true],
    ['New York autumn: open at 16:59 EST', office(NEW_YORK), '2026-11-01T16:59:00-05:00', true],
    ['New York autumn: closed at 17:00 EST', office(NEW_YORK), '2026-11-01T17:00:00-05:00', false],
  ])('%s', (_name, hours, instant, expected) => {
    expect(isInForce(hours, at(instant))).toBe(expected);
  });
});

describe('isInForce for night windows around the change', () => {
  it.each<Row>([
    [
      'London spring 00:00-02:00: closed just before midnight',
      small(LONDON, '00:00', '02:00'),
      '2026-03-28T23:59:59+00:00',
      false,
    ],
    [
      'London spring 00:00-02:00: open at midnight GMT',
      small(LONDON, '00:00', '02:00'),
      '2026-03-29T00:00:00+00:00',
      true,
    ],
    [
      'London spring 00:00-02:00: open until the jump',
      small(LONDON, '00:00', '02:00'),
      '2026-03-29T00:59:59+00:00',
      true,
    ],
    [
      'London spring 00:00-02:00: closed right after the jump to 02:00 BST',
      small(LONDON, '00:00', '02:00'),
      '2026-03-29T02:00:00+01:00',
      false,
    ],
    [
      'London spring 01:00-03:00: closed at 00:59:59 GMT',
      small(LONDON, '01:00', '03:00'),
      '2026-03-29T00:59:59+00:00',
      false,
    ],
    [
      'London spring 01:00-03:00: open from the jump to 02:00 BST',
      small(LONDON, '01:00', '03:00'),
      '2026-03-29T02:00:00+01:00',
      true,
    ],
    [
      'London spring 01:00-03:00: open at 02:59:59 BST',
      small(LONDON, '01:00', '03:00'),
      '2026-03-29T02:59:59+01:00',
      true,
    ],
    [
      'London spring 01:00-03:00: closed at 03:00 BST',
      small(LONDON, '01:00', '03:00'),
      '2026-03-29T03:00:00+01:00',
      false,
    ],
    [
      'London spring Saturday 22:00-06:00: open at 05:59 BST',
      weekly(LONDON, [window([SAT], '22:00', '06:00')]),
      '2026-03-29T05:59:59+01:00',
      true,
    ],
    [
      'London spring Saturday 22:00-06:00: closed at 06:00 BST',
      weekly(LONDON, [window([SAT], '22:00', '06:00')]),
      '2026-03-29T06:00:00+01:00',
      false,
    ],
    [
      'London autumn 00:00-02:00: closed just before midnight BST',
      small(LONDON, '00:00', '02:00'),
      '2026-10-24T23:59:59+01:00',
      false,
    ],
    [
      'London autumn 00:00-02:00: open at midnight BST',
      small(LONDON, '00:00', '02:00'),
      '2026-10-25T00:00:00+01:00',
      true,
    ],
    [
      'London autumn 00:00-02:00: open in the first 01:30 (BST)',
      small(LONDON, '00:00', '02:00'),
      '2026-10-25T01:30:00+01:00',
      true,
    ],
    [
      'London autumn 00:00-02:00: open in the second 01:30 (GMT)',
      small(LONDON, '00:00', '02:00'),
      '2026-10-25T01:30:00+00:00',
      true,
    ],
    [
      'London autumn 00:00-02:00: closed at 02:00 GMT',
      small(LONDON, '00:00', '02:00'),
      '2026-10-25T02:00:00+00:00',
      false,
    ],
    [
      'London autumn 01:00-03:00: closed at 00:59:59 BST',
      small(LONDON, '01:00', '03:00'),
      '2026-10-25T00:59:59+01:00',
      false,
    ],
    [
      'London autumn 01:00-03:00: open at the first 01:00 (BST)',
      small(LONDON, '01:00', '03:00'),
      '2026-10-25T01:00:00+01:00',
      true,
    ],
    [
      'London autumn 01:00-03:00: open at the second 01:00 (GMT)',
      small(LONDON, '01:00', '03:00'),
      '2026-10-25T01:00:00+00:00',
      true,
    ],
    [
      'London autumn 01:00-03:00: closed at 03:00 GMT',
      small(LONDON, '01:00', '03:00'),
      '2026-10-25T03:00:00+00:00',
      false,
    ],
    [
      'New York spring 01:00-03:00: open at 01:59:59 EST',
      small(NEW_YORK, '01:00', '03:00'),
      '2026-03-08T01:59:59-05:00',
      true,
    ],
    [
      'New York spring 01:00-03:00: closed right after the jump to 03:00 EDT',
      small(NEW_YORK, '01:00', '03:00'),
      '2026-03-08T03:00:00-04:00',
      false,
    ],
    [
      'New York spring 02:00-04:00: closed at 01:59:59 EST',
      small(NEW_YORK, '02:00', '04:00'),
      '2026-03-08T01:59:59-05:00',
      false,
    ],
    [
      'New York spring 02:00-04:00: open from the jump to 03:00 EDT',
      small(NEW_YORK, '02:00', '04:00'),
      '2026-03-08T03:00:00-04:00',
      true,
    ],
    [
      'New York spring 02:00-04:00: closed at 04:00 EDT',
      small(NEW_YORK, '02:00', '04:00'),
      '2026-03-08T04:00:00-04:00',
      false,
    ],
    [
      'New York autumn 01:00-03:00: closed at 00:59:59 EDT',
      small(NEW_YORK, '01:00', '03:00'),
      '2026-11-01T00:59:59-04:00',
      false,
    ],
    [
      'New York autumn 01:00-03:00: open at the first 01:00 (EDT)',
      small(NEW_YORK, '01:00', '03:00'),
      '2026-11-01T01:00:00-04:00',
      true,
    ],
    [
      'New York autumn 01:00-03:00: open in the second 01:59 (EST)',
      small(NEW_YORK, '01:00', '03:00'),
      '2026-11-01T01:59:59-05:00',
      true,
    ],
    [
      'New York autumn 01:00-03:00: open at 02:59:59 EST',
      small(NEW_YORK, '01:00', '03:00'),
      '2026-11-01T02:59:59-05:00',
      true,
    ],
    [
      'New York autumn 01:00-03:00: closed at 03:00 EST',
      small(NEW_YORK, '01:00', '03:00'),
      '2026-11-01T03:00:00-05:00',
      false,
    ],
  ])('%s', (_name, hours, instant, expected) => {
    expect(isInForce(hours, at(instant))).toBe(expected);
  });
});

// Slots: 0 = Monday 00:00; Sunday 00:00 is 144, Sunday 01:00 is 145, Sunday 02:00 is 146, Sunday 03:00 is 147.
describe('hourOfWeek on the change days', () => {
  it.each<readonly [string, string, string, number]>([
    ['London spring: 00:30 GMT is Sunday 00:00', LONDON, '2026-03-29T00:30:00+00:00', 144],
    [
      'London spring: the last millisecond before the jump is Sunday 00:00',
      LONDON,
      '2026-03-29T00:59:59.999+00:00',
      144,
    ],
    ['London spring: the jump lands in Sunday 02:00, skipping 01:00', LONDON, '2026-03-29T02:00:00+01:00', 146],
    ['London autumn: Saturday 23:30 BST is Saturday 23:00', LONDON, '2026-10-24T23:30:00+01:00', 143],
    ['London autumn: the first 01:30 (BST) is Sunday 01:00', LONDON, '2026-10-25T01:30:00+01:00', 145],
    ['London autumn: the second 01:30 (GMT) is Sunday 01:00 again', LONDON, '2026-10-25T01:30:00+00:00', 145],
    ['London autumn: 02:00 GMT is Sunday 02:00', LONDON, '2026-10-25T02:00:00+00:00', 146],
    ['New York spring: 01:30 EST is Sunday 01:00', NEW_YORK, '2026-03-08T01:30:00-05:00', 145],
    ['New York spring: the jump lands in Sunday 03:00, skipping 02:00', NEW_YORK, '2026-03-08T03:00:00-04:00', 147],
    ['New York autumn: the first 01:30 (EDT) is Sunday 01:00', NEW_YORK, '2026-11-01T01:30:00-04:00', 145],
    ['New York autumn: the second 01:30 (EST) is Sunday 01:00 again', NEW_YORK, '2026-11-01T01:30:00-05:00', 145],
    ['New York autumn: 02:00 EST is Sunday 02:00', NEW_YORK, '2026-11-01T02:00:00-05:00', 146],
    ['New York autumn: Monday 00:00 EST is slot 0', NEW_YORK, '2026-11-02T00:00:00-05:00', 0],
  ])('%s', (_name, zone, instant, expected) => {
    expect(hourOfWeek(at(instant), zone)).toBe(expected);
  });
});
