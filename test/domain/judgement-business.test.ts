import { describe, expect, it } from 'vitest';
import { longestWaitMs } from '../../src/domain/calendar/business-calendar.ts';
import type { BusinessLimit, ClaimPromise, Hours } from '../../src/domain/claim.ts';
import { describePromise } from '../../src/domain/claim.ts';
import { formatDuration } from '../../src/domain/duration.ts';
import { judge } from '../../src/domain/judgement.ts';
import type { Observation, Outcome } from '../../src/domain/observation.ts';
import { at, claim, DAILY, HOUR, holiday, MINUTE, weekly, WEEKDAYS, window } from './builders.ts';

/** Promises in business time, judged on the claim's calendar: its weekly hours, time zone, daylight saving, holidays. */

/** London office hours with a Christmas half day, Christmas Day and the Boxing Day substitute (Mon 28 Dec) closed. */
const LONDON: Hours = weekly(
  'Europe/London',
  [window(WEEKDAYS, '09:00', '17:00')],
  [holiday('2026-12-24', ['09:00', '13:00']), holiday('2026-12-25'), holiday('2026-12-28')],
);
/** A late desk, open every day 16:00-22:00 London time. */
const LATE: Hours = weekly('Europe/London', [window(DAILY, '16:00', '22:00')]);

const reply = (business: BusinessLimit): ClaimPromise => ({
  kind: 'reply',
  withinMs: business.kind === 'business-hours' ? business.hours * HOUR : business.days * 24 * HOUR,
  business,
});
const FOUR_HOURS = reply({ kind: 'business-hours', hours: 4 });
const NEXT_DAY = reply({ kind: 'business-days', days: 1 });

/** An email sent at `sent` (the attempt started then); a human reply at `replied`, or none by `stopped`. */
function mail(sent: string, end: { replied?: string; stopped?: string }): Observation {
  const startedAt = at(sent);
  const humanMs = end.replied === undefined ? undefined : at(end.replied) - startedAt;
  const outcome: Outcome = humanMs === undefined ? 'unanswered' : 'answered';
  return {
    id: `mail-${sent}`,
    probeId: 'email-support',
    kind: 'email',
    startedAt,
    outcome,
    timings: {
      ...(humanMs === undefined ? {} : { humanMs }),
      totalMs: at(end.replied ?? end.stopped ?? sent) - startedAt,
    },
    humanReached: humanMs !== undefined,
    evidence: { details: { sentAt: startedAt } },
  };
}

describe('judge holds a business-time promise to the claim calendar', () => {
  it.each<readonly [string, Hours, ClaimPromise, Observation, { counted: boolean; met: boolean }]>([
    // Fri 16:00 GMT: one business hour left on Friday, three on Monday, so due Mon 12:00.
    [
      'a Friday 16:00 mail answered on Monday at 11:30 meets "4 business hours" across the weekend',
      LONDON,
      FOUR_HOURS,
      mail('2026-01-09T16:00:00Z', { replied: '2026-01-12T11:30:00Z' }),
      { counted: true, met: true },
    ],
    [
      'a Friday 16:00 mail answered on Monday at 12:30 breaks "4 business hours"',
      LONDON,
      FOUR_HOURS,
      mail('2026-01-09T16:00:00Z', { replied: '2026-01-12T12:30:00Z' }),
      { counted: true, met: false },
    ],
    [
      'a Wednesday 15:00 mail answered that evening meets "4 business hours"',
      LONDON,
      FOUR_HOURS,
      mail('2026-01-07T15:00:00Z', { replied: '2026-01-07T20:00:00Z' }),
      { counted: true, met: true },
    ],
    [
      'a Wednesday 15:00 mail answered on Thursday at 11:05 breaks "4 business hours" (the evening does not count)',
      LONDON,
      FOUR_HOURS,
      mail('2026-01-07T15:00:00Z', { replied: '2026-01-08T11:05:00Z' }),
      { counted: true, met: false },
    ],
    [
      'a late desk counts its evening hours: 21:00 plus 4 business hours is 19:00 the next day',
      LATE,
      FOUR_HOURS,
      mail('2026-01-07T21:00:00Z', { replied: '2026-01-08T18:55:00Z' }),
      { counted: true, met: true },
    ],
    [
      'on the late desk, a reply at 19:05 the next day is late',
      LATE,
      FOUR_HOURS,
      mail('2026-01-07T21:00:00Z', { replied: '2026-01-08T19:05:00Z' }),
      { counted: true, met: false },
    ],
    // Clocks go forward on Sun 29 March 2026: Monday's 12:00 BST is 11:00 UTC.
    [
      'across the change to summer time, Friday 16:00 GMT plus 4 business hours is Monday 12:00 BST (11:00 UTC)',
      LONDON,
      FOUR_HOURS,
      mail('2026-03-27T16:00:00Z', { replied: '2026-03-30T10:55:00Z' }),
      { counted: true, met: true },
    ],
    [
      'across the change to summer time, a reply at Monday 11:30 UTC (12:30 BST) is late',
      LONDON,
      FOUR_HOURS,
      mail('2026-03-27T16:00:00Z', { replied: '2026-03-30T11:30:00Z' }),
      { counted: true, met: false },
    ],
    [
      '"by the next working day" from Friday 16:30 GMT runs to Monday 17:00 BST (16:00 UTC)',
      LONDON,
      NEXT_DAY,
      mail('2026-03-27T16:30:00Z', { replied: '2026-03-30T15:59:00Z' }),
      { counted: true, met: true },
    ],
    [
      '"by the next working day": Monday 16:30 UTC is after the 17:00 BST close',
      LONDON,
      NEXT_DAY,
      mail('2026-03-27T16:30:00Z', { replied: '2026-03-30T16:30:00Z' }),
      { counted: true, met: false },
    ],
    // Christmas: Thu 24 Dec open 09:00-13:00, Fri 25 and Mon 28 closed.
    [
      'a mail at 12:00 on Christmas Eve may be answered on Tuesday 29 December by 12:00',
      LONDON,
      FOUR_HOURS,
      mail('2026-12-24T12:00:00Z', { replied: '2026-12-29T11:45:00Z' }),
      { counted: true, met: true },
    ],
    [
      'a mail at 12:00 on Christmas Eve answered on Tuesday 29 December at 12:30 is late',
      LONDON,
      FOUR_HOURS,
      mail('2026-12-24T12:00:00Z', { replied: '2026-12-29T12:30:00Z' }),
      { counted: true, met: false },
    ],
    [
      '"by the next working day" from Christmas Eve runs to the close on Tuesday 29 December',
      LONDON,
      NEXT_DAY,
      mail('2026-12-24T10:00:00Z', { replied: '2026-12-29T16:30:00Z' }),
      { counted: true, met: true },
    ],
    [
      'a probe that stopped on Friday evening cannot judge a Friday 16:00 mail due on Monday',
      LONDON,
      FOUR_HOURS,
      mail('2026-01-09T16:00:00Z', { stopped: '2026-01-09T21:00:00Z' }),
      { counted: false, met: false },
    ],
    [
      'a probe that waited to Monday 12:00 and saw no reply counts a failure',
      LONDON,
      FOUR_HOURS,
      mail('2026-01-09T16:00:00Z', { stopped: '2026-01-12T12:00:00Z' }),
      { counted: true, met: false },
    ],
    [
      'a probe that waited 5 hours on a Wednesday morning counts a failure: the 4 business hours were over at 14:00',
      LONDON,
      FOUR_HOURS,
      mail('2026-01-07T10:00:00Z', { stopped: '2026-01-07T15:00:00Z' }),
      { counted: true, met: false },
    ],
  ])('%s', (_name, hours, promise, seen, expected) => {
    const judged = judge(claim({ id: 'reply-business', hours, promise }), seen);
    expect(judged).toMatchObject({ inForce: true, ...expected });
  });

  it('says how long this attempt was allowed, in business time and in ms', () => {
    const judged = judge(
      claim({ hours: LONDON, promise: FOUR_HOURS }),
      mail('2026-01-09T16:00:00Z', { replied: '2026-01-12T12:30:00Z' }),
    );
    expect(judged.reason).toBe(
      `human in ${(68 * HOUR + 30 * MINUTE).toString()} ms, over 4 business hours (${68 * HOUR} ms from this attempt)`,
    );
  });

  it('does not count an attempt when the calendar runs out of business days before the deadline', () => {
    // Open on one day only: 4 business hours from 10:00 never end.
    const oneDay = weekly('Europe/London', [], [holiday('2026-12-24', ['09:00', '13:00'])]);
    const judged = judge(
      claim({ hours: oneDay, promise: FOUR_HOURS }),
      mail('2026-12-24T10:00:00Z', { replied: '2026-12-24T11:00:00Z' }),
    );
    expect(judged).toMatchObject({ inForce: true, counted: false, met: false });
    expect(judged.reason).toMatch(/no business day/);
  });

  it('describes the promise in business time', () => {
    expect(describePromise(FOUR_HOURS, formatDuration)).toBe('a reply within 4 business hours');
    expect(describePromise(NEXT_DAY, formatDuration)).toBe('a reply within 1 business day');
  });
});

describe('longestWaitMs: how long a probe must wait to judge every attempt', () => {
  it.each<readonly [string, Hours, BusinessLimit, number]>([
    [
      '4 business hours in office hours: from Friday 17:00 to Monday 13:00',
      weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:00')]),
      { kind: 'business-hours', hours: 4 },
      68 * HOUR,
    ],
    [
      '1 business day in office hours: from Friday 17:00 to Tuesday 17:00',
      weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:00')]),
      { kind: 'business-days', days: 1 },
      96 * HOUR,
    ],
    [
      '4 business hours over Christmas: from Christmas Eve 13:00 to Tuesday 29 December 13:00',
      LONDON,
      { kind: 'business-hours', hours: 4 },
      120 * HOUR,
    ],
    [
      '4 business hours on a desk open every evening: from 22:00 to 20:00 the next day',
      LATE,
      { kind: 'business-hours', hours: 4 },
      22 * HOUR,
    ],
  ])('%s', (_name, hours, limit, expected) => {
    expect(longestWaitMs(limit, hours)).toBe(expected);
  });

  it('takes an elapsed deadline as it is', () => {
    expect(longestWaitMs({ kind: 'elapsed', ms: 4 * HOUR }, LONDON)).toBe(4 * HOUR);
  });
});
