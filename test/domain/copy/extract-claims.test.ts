import { describe, expect, it } from 'vitest';
import type { ClaimPromise, Weekday } from '../../../src/domain/claim.ts';
import { extractClaims } from '../../../src/domain/copy/extract-claims.ts';
import type { ExtractedClaim, ExtractedHours } from '../../../src/domain/copy/extracted-claim.ts';
import { KeptError } from '../../../src/domain/errors.ts';

const WEEKDAYS: Weekday[] = [0, 1, 2, 3, 4];
const EVERY_DAY: Weekday[] = [0, 1, 2, 3, 4, 5, 6];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The single claim in `copy`; fails loudly when there is not exactly one. */
function only(copy: string): ExtractedClaim {
  const claims = extractClaims(copy, { format: 'text' });
  expect(claims, JSON.stringify(claims, null, 1)).toHaveLength(1);
  return claims[0] as ExtractedClaim;
}

const weekly = (windows: [Weekday[], number, number][], timeZone: string | null = null): ExtractedHours => ({
  kind: 'weekly',
  windows: windows.map(([days, from, to]) => ({ days, fromMinute: from * 60, toMinute: to * 60 })),
  timeZone,
});

describe('availability wording', () => {
  it.each<[string, string, ExtractedHours, boolean]>([
    ['"24/7" is always, and absolute', 'Live chat 24/7.', { kind: 'always' }, true],
    ['"24x7" is always', 'Phone support 24x7.', { kind: 'always' }, true],
    ['"24 hours a day, 7 days a week" is always', 'Call us 24 hours a day, 7 days a week.', { kind: 'always' }, true],
    ['"round the clock" is always', 'Our helpline is open round the clock.', { kind: 'always' }, true],
    ['"around the clock" is always', 'Chat with us around the clock.', { kind: 'always' }, true],
    ['"always open" is always', 'Our phone lines are always open.', { kind: 'always' }, true],
    ['"365 days a year" alone is always', 'Our helpline is open 365 days a year.', { kind: 'always' }, true],
    ['"any time" is always', 'Email us any time.', { kind: 'always' }, true],
    ['"open 24 hours" is always', 'Our call centre is open 24 hours.', { kind: 'always' }, true],
    ['"24/5" is every weekday, all day', 'Chat support 24/5.', weekly([[WEEKDAYS, 0, 24]]), true],
    [
      '"24 hours on weekdays" stays weekly and is not absolute',
      'Phone lines open 24 hours on weekdays.',
      weekly([[WEEKDAYS, 0, 24]]),
      false,
    ],
    [
      '"every day" with hours is weekly, not absolute',
      'Call us 8am to 8pm every day.',
      weekly([[EVERY_DAY, 8, 20]]),
      false,
    ],
    [
      '"365 days a year" with hours is weekly and absolute',
      'Call us from 7am to 11pm, 365 days a year.',
      weekly([[EVERY_DAY, 7, 23]]),
      true,
    ],
    [
      'days with no times leave the hours unstated',
      'Our phone lines are open 7 days a week.',
      { kind: 'unstated' },
      false,
    ],
  ])('%s', (_name, copy, hours, absolute) => {
    const claim = only(copy);
    expect(claim.hours).toEqual(hours);
    expect(claim.absolute).toBe(absolute);
  });
});

describe('weekly hours and time zones', () => {
  it.each<[string, string, ExtractedHours]>([
    ['"Mon-Fri 8am-8pm" is one window', 'Phone lines: Mon-Fri 8am-8pm.', weekly([[WEEKDAYS, 8, 20]])],
    [
      '"Monday to Friday, 9:00–17:30 GMT" is UK time',
      'Call us Monday to Friday, 9:00–17:30 GMT.',
      weekly([[WEEKDAYS, 9, 17.5]], 'Europe/London'),
    ],
    [
      '"weekdays 9 to 5 ET" reads 5 as 5pm, New York time',
      'Phone support weekdays 9 to 5 ET.',
      weekly([[WEEKDAYS, 9, 17]], 'America/New_York'),
    ],
    ['"Saturdays 10-4" reads 4 as 4pm', 'Live chat Saturdays 10-4.', weekly([[[5], 10, 16]])],
    [
      'times before days pair up ("8am to 8pm Monday to Friday")',
      'Call 8am to 8pm Monday to Friday.',
      weekly([[WEEKDAYS, 8, 20]]),
    ],
    [
      'two windows keep their own days',
      'Call Mon–Fri 8am–8pm and Sat 9am–5pm.',
      weekly([
        [WEEKDAYS, 8, 20],
        [[5], 9, 17],
      ]),
    ],
    ['"weekends" are Saturday and Sunday', 'Chat 9am-6pm at weekends.', weekly([[[5, 6], 9, 18]])],
    ['"until midnight" ends at 24:00', 'Chat is open from 8am until midnight.', weekly([[EVERY_DAY, 8, 24]])],
    ['a range past midnight runs into the next day', 'Phone lines open 6pm to 2am.', weekly([[EVERY_DAY, 18, 26]])],
    [
      '"8 a.m. to 8 p.m. ET" keeps its dots in one sentence',
      'Call Monday through Friday 8 a.m. to 8 p.m. ET.',
      weekly([[WEEKDAYS, 8, 20]], 'America/New_York'),
    ],
    [
      'CET is Central European time',
      'Phone support Mon–Fri 9:00–18:00 CET.',
      weekly([[WEEKDAYS, 9, 18]], 'Europe/Berlin'),
    ],
    ['PT is Pacific time', 'Chat Mon–Fri 7am–7pm PT.', weekly([[WEEKDAYS, 7, 19]], 'America/Los_Angeles')],
    ['"UK time" is London', 'Phone lines open 8am to 8pm UK time.', weekly([[EVERY_DAY, 8, 20]], 'Europe/London')],
    [
      'AEST is Sydney',
      'Our lines are open 8am to 6pm Monday to Friday (AEST).',
      weekly([[WEEKDAYS, 8, 18]], 'Australia/Sydney'),
    ],
    [
      'a zone restated in an aside is not a second set of hours',
      'Chat 9am to 5pm PT (that is 5pm to 1am UK time).',
      weekly([[EVERY_DAY, 9, 17]], 'America/Los_Angeles'),
    ],
    [
      'a closed day is left out',
      'Open Mon-Fri 8-8, Sat 9-5, Sun closed.',
      weekly([
        [WEEKDAYS, 8, 20],
        [[5], 9, 17],
      ]),
    ],
  ])('%s', (_name, copy, hours) => {
    expect(only(copy).hours).toEqual(hours);
  });

  it('uses the default time zone when the copy names none, and says so', () => {
    const [claim] = extractClaims('Phone lines: Mon-Fri 8am-8pm.', { defaultTimeZone: 'Europe/Dublin' });
    expect(claim?.hours).toEqual(weekly([[WEEKDAYS, 8, 20]], 'Europe/Dublin'));
    expect(claim?.because).toContain('hours.default-zone: no zone named, read as Europe/Dublin');
  });

  it('refuses a default time zone that is not an IANA zone', () => {
    expect(() => extractClaims('Call us 24/7.', { defaultTimeZone: 'Mars/Olympus' })).toThrow(KeptError);
  });
});

describe('speed wording', () => {
  it.each<[string, string, ClaimPromise, 'each' | 'average', number | null]>([
    [
      '"within 2 minutes" on chat is a first response',
      'Our live chat team responds within 2 minutes.',
      { kind: 'first-response', withinMs: 2 * MINUTE },
      'each',
      null,
    ],
    [
      '"in under an hour" is one hour',
      'We answer calls in under an hour.',
      { kind: 'first-response', withinMs: HOUR },
      'each',
      null,
    ],
    [
      '"in less than 30 seconds" is thirty seconds',
      'We answer calls in less than 30 seconds.',
      { kind: 'first-response', withinMs: 30_000 },
      'each',
      null,
    ],
    [
      'an email "within 24 hours" is a reply',
      'We reply to emails within 24 hours.',
      { kind: 'reply', withinMs: DAY },
      'each',
      null,
    ],
    [
      '"within one working day" is a day, in business time',
      'Emails are answered within one working day.',
      { kind: 'reply', withinMs: DAY, business: { kind: 'business-days', days: 1 } },
      'each',
      null,
    ],
    [
      '"within 4 business hours" is 4 hours of opening time',
      'We reply to tickets within 4 business hours.',
      { kind: 'reply', withinMs: 4 * HOUR, business: { kind: 'business-hours', hours: 4 } },
      'each',
      null,
    ],
    [
      '"by the next working day" is one business day',
      'Email us and we reply by the next working day.',
      { kind: 'reply', withinMs: DAY, business: { kind: 'business-days', days: 1 } },
      'each',
      null,
    ],
    [
      '"same business day" is a reply by the end of the day',
      'We reply to emails the same business day.',
      { kind: 'reply', withinMs: DAY },
      'each',
      null,
    ],
    [
      '"average wait under 90 seconds" limits the mean',
      'Average wait on our helpline is under 90 seconds.',
      { kind: 'first-response', withinMs: 90_000 },
      'average',
      null,
    ],
    [
      '"instantly" is read as thirty seconds',
      'Our chatbot answers instantly.',
      { kind: 'first-response', withinMs: 30_000 },
      'each',
      null,
    ],
    [
      '"immediately" is read as thirty seconds',
      'Calls are answered immediately.',
      { kind: 'first-response', withinMs: 30_000 },
      'each',
      null,
    ],
    [
      '"80% of calls within 20 seconds" keeps its share',
      'We answer 80% of calls within 20 seconds.',
      { kind: 'first-response', withinMs: 20_000 },
      'each',
      0.8,
    ],
    [
      '"median" is half the attempts',
      'Median first response time: 12 minutes.',
      { kind: 'first-response', withinMs: 12 * MINUTE },
      'each',
      0.5,
    ],
    [
      '"3 to 5 business days" takes the upper bound',
      'We respond to web forms within 3 to 5 business days.',
      { kind: 'reply', withinMs: 5 * DAY, business: { kind: 'business-days', days: 5 } },
      'each',
      null,
    ],
    [
      '"3 minutes 20 seconds" adds up',
      'Our average call waiting time was 3 minutes 20 seconds.',
      { kind: 'first-response', withinMs: 200_000 },
      'average',
      null,
    ],
    [
      '"call you back" is a reply on the phone',
      'An adviser will call you back within 1 hour.',
      { kind: 'human', withinMs: HOUR },
      'each',
      null,
    ],
  ])('%s', (_name, copy, promise, statistic, share) => {
    const claim = only(copy);
    expect(claim.promise).toEqual(promise);
    expect(claim.statistic).toBe(statistic);
    expect(claim.share).toBe(share);
  });

  it.each<[string, string]>([
    ['a refund time is not a contact promise', 'Refunds are issued within 7 working days.'],
    ['a loan decision is not a contact promise', 'Get a decision on your loan within 24 hours.'],
    ['"48 hours before" is notice, not speed', 'Let us know at least 48 hours before you move.'],
    ['"every 30 minutes" is a frequency', 'Status updates are posted every 30 minutes.'],
  ])('%s', (_name, copy) => {
    expect(extractClaims(copy)).toEqual([]);
  });
});
