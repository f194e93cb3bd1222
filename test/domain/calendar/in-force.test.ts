import { describe, expect, it } from 'vitest';
import { isInForce } from '../../../src/domain/calendar/in-force.ts';
import type { Hours } from '../../../src/domain/claim.ts';
import { always, at, DAILY, FRI, holiday, SAT, WED, weekly, WEEKDAYS, window } from '../builders.ts';

const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';

// January 2026 in London is GMT (+00:00); 2026-01-05 is a Monday. July is BST (+01:00).
const officeLondon = weekly(LONDON, [window(WEEKDAYS, '09:00', '17:00')]);
const officeNewYork = weekly(NEW_YORK, [window(WEEKDAYS, '09:00', '17:00')]);
const weekendNights = weekly(LONDON, [window([FRI, SAT], '22:00', '02:00')]);
const wholeDay = weekly(LONDON, [window([WED], '00:00', '24:00')]);
const ninetyMinutePastMidnight = weekly(LONDON, [window(DAILY, '23:30', '01:00')]);

type Row = readonly [string, Hours, string, boolean];

describe('isInForce with plain weekly hours', () => {
  it.each<Row>([
    ['a 24/7 claim is in force on a Monday morning', always(LONDON), '2026-01-05T03:00:00+00:00', true],
    ['a 24/7 claim is in force on Christmas night', always(LONDON), '2026-12-25T23:59:59+00:00', true],
    ['a 24/7 claim is in force in the skipped spring hour', always(NEW_YORK), '2026-03-08T07:30:00Z', true],
    ['an office is closed one second before it opens', officeLondon, '2026-01-05T08:59:59+00:00', false],
    ['an office is open the minute it opens', officeLondon, '2026-01-05T09:00:00+00:00', true],
    ['an office is open in its last second', officeLondon, '2026-01-05T16:59:59+00:00', true],
    ['an office is closed the minute it closes', officeLondon, '2026-01-05T17:00:00+00:00', false],
    ['an office is open on Friday afternoon', officeLondon, '2026-01-09T15:00:00+00:00', true],
    ['an office is closed on Saturday', officeLondon, '2026-01-10T12:00:00+00:00', false],
    ['an office is closed on Sunday', officeLondon, '2026-01-11T12:00:00+00:00', false],
    ['a London office opens at 08:00 UTC in summer', officeLondon, '2026-07-06T09:00:00+01:00', true],
    ['a London office is closed at 16:00 UTC in summer', officeLondon, '2026-07-06T17:00:00+01:00', false],
    ['a New York office is open at 14:00 UTC in winter', officeNewYork, '2026-01-05T09:00:00-05:00', true],
    ['a New York office is closed at 13:59 UTC in winter', officeNewYork, '2026-01-05T08:59:00-05:00', false],
    ['a New York office Friday 16:30 is Friday 21:30 UTC', officeNewYork, '2026-01-09T16:30:00-05:00', true],
    [
      'a New York office is closed on Friday 19:30, already Saturday in UTC',
      officeNewYork,
      '2026-01-09T19:30:00-05:00',
      false,
    ],
    ['a whole-day window is open at midnight', wholeDay, '2026-01-07T00:00:00+00:00', true],
    ['a whole-day window is open at 23:59', wholeDay, '2026-01-07T23:59:59+00:00', true],
    ['a whole-day window does not spill into the next day', wholeDay, '2026-01-08T00:00:00+00:00', false],
  ])('%s', (_name, hours, instant, expected) => {
    expect(isInForce(hours, at(instant))).toBe(expected);
  });
});

describe('isInForce with windows past midnight', () => {
  it.each<Row>([
    ['a Friday night window is closed before it opens', weekendNights, '2026-01-09T21:59:59+00:00', false],
    ['a Friday night window opens at 22:00 on Friday', weekendNights, '2026-01-09T22:00:00+00:00', true],
    ['a Friday night window runs into Saturday morning', weekendNights, '2026-01-10T01:59:59+00:00', true],
    ['a Friday night window closes at 02:00 on Saturday', weekendNights, '2026-01-10T02:00:00+00:00', false],
    ['a Saturday night window runs into Sunday morning', weekendNights, '2026-01-11T01:00:00+00:00', true],
    ['no window opens on Sunday night', weekendNights, '2026-01-11T22:30:00+00:00', false],
    ['no Sunday window spills into Monday', weekendNights, '2026-01-12T01:00:00+00:00', false],
    ['no Thursday window spills into Friday', weekendNights, '2026-01-09T01:00:00+00:00', false],
    ['a 23:30-01:00 window is open at 00:59', ninetyMinutePastMidnight, '2026-01-07T00:59:00+00:00', true],
    ['a 23:30-01:00 window is closed at 01:00', ninetyMinutePastMidnight, '2026-01-07T01:00:00+00:00', false],
  ])('%s', (_name, hours, instant, expected) => {
    expect(isInForce(hours, at(instant))).toBe(expected);
  });
});

// 2026-12-24 is a Thursday, 2026-12-25 a Friday, 2026-12-27 a Sunday.
const christmas = [
  holiday('2026-12-24', ['09:00', '13:00']),
  holiday('2026-12-25'),
  holiday('2026-12-27', ['10:00', '14:00']),
];
const officeWithHolidays = weekly(LONDON, [window(WEEKDAYS, '09:00', '17:00')], christmas);
const nightsWithHolidays = weekly(LONDON, [window(DAILY, '22:00', '02:00')], [holiday('2026-12-25')]);
const newYearsEve = weekly(
  LONDON,
  [window(WEEKDAYS, '09:00', '17:00')],
  [holiday('2026-12-31', ['20:00', '03:00']), holiday('2027-01-01')],
);
const eveningsNewYork = weekly(NEW_YORK, [window(DAILY, '18:00', '23:00')], [holiday('2026-12-25')]);

describe('isInForce on holidays', () => {
  it.each<Row>([
    ['a closed holiday closes a weekday office', officeWithHolidays, '2026-12-25T12:00:00+00:00', false],
    ['the day before a closed holiday is an ordinary day', officeWithHolidays, '2026-12-23T16:00:00+00:00', true],
    ['reduced hours open as usual', officeWithHolidays, '2026-12-24T09:00:00+00:00', true],
    ['reduced hours are open in their last minute', officeWithHolidays, '2026-12-24T12:59:59+00:00', true],
    ['reduced hours close early', officeWithHolidays, '2026-12-24T13:00:00+00:00', false],
    ['holiday hours open a day that is closed every other week', officeWithHolidays, '2026-12-27T11:00:00+00:00', true],
    ['holiday hours on a closed day still end', officeWithHolidays, '2026-12-27T14:00:00+00:00', false],
    ['a holiday does not reach the following Monday', officeWithHolidays, '2026-12-28T10:00:00+00:00', true],
    [
      'a night window is closed on the evening of a closed holiday',
      nightsWithHolidays,
      '2026-12-25T23:00:00+00:00',
      false,
    ],
    [
      'a night that starts on a closed holiday stays closed after midnight',
      nightsWithHolidays,
      '2026-12-26T01:00:00+00:00',
      false,
    ],
    [
      'a night that starts the day before a holiday runs into it',
      nightsWithHolidays,
      '2026-12-25T01:00:00+00:00',
      true,
    ],
    ['the night after a holiday is open again', nightsWithHolidays, '2026-12-26T23:00:00+00:00', true],
    ['holiday hours past midnight run into a closed holiday', newYearsEve, '2027-01-01T02:30:00+00:00', true],
    ['holiday hours past midnight end as given', newYearsEve, '2027-01-01T03:00:00+00:00', false],
    ['the weekly hours do not apply on a holiday with its own hours', newYearsEve, '2026-12-31T10:00:00+00:00', false],
    [
      'a holiday date is local: Christmas evening in New York is 26 December in UTC',
      eveningsNewYork,
      '2026-12-25T21:00:00-05:00',
      false,
    ],
    [
      'a holiday date is local: Christmas Eve evening in New York is 25 December in UTC',
      eveningsNewYork,
      '2026-12-24T21:00:00-05:00',
      true,
    ],
  ])('%s', (_name, hours, instant, expected) => {
    expect(isInForce(hours, at(instant))).toBe(expected);
  });
});
