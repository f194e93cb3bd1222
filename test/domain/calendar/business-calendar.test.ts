import { describe, expect, it } from 'vitest';
import { epochOfLocal, deadlineAfter } from '../../../src/domain/calendar/business-calendar.ts';
import type { PromisedDeadline } from '../../../src/domain/email/promise-extraction.ts';
import type { Hours } from '../../../src/domain/claim.ts';
import { always, at, holiday, HOUR, weekly, WEEKDAYS, window } from '../builders.ts';

/** London office hours with a Christmas half day, Christmas Day and the Boxing Day substitute (Mon 28 Dec 2026) closed. */
const LONDON: Hours = weekly(
  'Europe/London',
  [window(WEEKDAYS, '09:00', '17:00')],
  [holiday('2026-12-24', ['09:00', '13:00']), holiday('2026-12-25'), holiday('2026-12-28')],
);
const NEW_YORK: Hours = weekly('America/New_York', [window(WEEKDAYS, '09:00', '17:00')]);
/** An evening desk: Mon-Fri 20:00 to 02:00 the next morning. */
const NIGHTS: Hours = weekly('Europe/London', [window(WEEKDAYS, '20:00', '02:00')]);

const businessDays = (days: number): PromisedDeadline => ({ kind: 'business-days', days });

describe('deadlineAfter in the claim calendar', () => {
  it.each<readonly [string, PromisedDeadline, string, Hours, string]>([
    [
      '24 hours ignore the calendar, weekend or not',
      { kind: 'elapsed', ms: 24 * HOUR },
      '2026-11-27T16:00:00Z',
      LONDON,
      '2026-11-28T16:00:00Z',
    ],
    [
      '2 business days from Monday morning end Wednesday at closing',
      businessDays(2),
      '2026-11-23T10:00:00Z',
      LONDON,
      '2026-11-25T17:00:00Z',
    ],
    [
      'a mail before opening counts from that day',
      businessDays(1),
      '2026-11-23T07:30:00Z',
      LONDON,
      '2026-11-24T17:00:00Z',
    ],
    [
      'a mail after Friday closing counts from Monday',
      businessDays(1),
      '2026-11-27T18:00:00Z',
      LONDON,
      '2026-12-01T17:00:00Z',
    ],
    ['a Saturday mail counts from Monday', businessDays(0), '2026-11-28T11:00:00Z', LONDON, '2026-11-30T17:00:00Z'],
    [
      'the next working day skips Christmas, the weekend and the substitute holiday',
      businessDays(1),
      '2026-12-24T10:00:00Z',
      LONDON,
      '2026-12-29T17:00:00Z',
    ],
    [
      'a holiday half day closes at its own time',
      businessDays(0),
      '2026-12-24T10:00:00Z',
      LONDON,
      '2026-12-24T13:00:00Z',
    ],
    [
      'after the half day closes, the day of receipt is the next business day',
      businessDays(0),
      '2026-12-24T14:00:00Z',
      LONDON,
      '2026-12-29T17:00:00Z',
    ],
    [
      '4 business hours run over the weekend',
      { kind: 'business-hours', hours: 4 },
      '2026-11-27T15:00:00Z',
      LONDON,
      '2026-11-30T11:00:00Z',
    ],
    [
      'business hours before opening start at opening',
      { kind: 'business-hours', hours: 2 },
      '2026-11-24T06:00:00Z',
      LONDON,
      '2026-11-24T11:00:00Z',
    ],
    [
      'business hours skip a closed holiday',
      { kind: 'business-hours', hours: 6 },
      '2026-12-24T11:00:00Z',
      LONDON,
      '2026-12-29T13:00:00Z',
    ],
    [
      '"by tomorrow" ends at midnight after the next day',
      { kind: 'calendar-days', days: 1 },
      '2026-11-28T10:00:00Z',
      LONDON,
      '2026-11-30T00:00:00Z',
    ],
    [
      'business days cross the change to summer time',
      businessDays(2),
      '2026-03-27T10:00:00Z',
      LONDON,
      '2026-03-31T16:00:00Z',
    ],
    ['closing is local time in New York', businessDays(0), '2026-11-23T21:00:00Z', NEW_YORK, '2026-11-23T22:00:00Z'],
    [
      'a 24/7 claim takes Monday to Friday as business days',
      businessDays(1),
      '2026-11-28T12:00:00Z',
      always('Europe/London'),
      '2026-12-02T00:00:00Z',
    ],
    ['a night desk closes the next morning', businessDays(1), '2026-11-23T21:00:00Z', NIGHTS, '2026-11-25T02:00:00Z'],
    [
      'a mail after a night desk closes counts from that evening',
      businessDays(0),
      '2026-11-24T03:00:00Z',
      NIGHTS,
      '2026-11-25T02:00:00Z',
    ],
  ])('%s', (_name, deadline, received, hours, due) => {
    expect(new Date(deadlineAfter(deadline, at(received), hours) as number).toISOString()).toBe(
      new Date(at(due)).toISOString(),
    );
  });

  it('gives no deadline for business days when the calendar never opens', () => {
    expect(deadlineAfter(businessDays(1), at('2026-11-23T10:00:00Z'), weekly('Europe/London', []))).toBeUndefined();
  });
});

describe('epochOfLocal', () => {
  it.each([
    ['a winter time', '2026-01-15', 9 * 60, 'Europe/London', '2026-01-15T09:00:00Z'],
    ['a summer time', '2026-07-15', 9 * 60, 'Europe/London', '2026-07-15T08:00:00Z'],
    ['a minute past midnight of the next day', '2026-07-15', 1_440 + 90, 'Europe/Berlin', '2026-07-15T23:30:00Z'],
    ['a time in the spring-forward gap lands after it', '2026-03-29', 60 + 30, 'Europe/London', '2026-03-29T01:30:00Z'],
    ['a zone west of UTC', '2026-11-23', 17 * 60, 'America/New_York', '2026-11-23T22:00:00Z'],
  ])('reads %s', (_name, date, minute, zone, iso) => {
    expect(new Date(epochOfLocal(date, minute, zone)).toISOString()).toBe(new Date(at(iso)).toISOString());
  });
});
