import { describe, expect, it } from 'vitest';
import {
  extractReplyPromise,
  sentencesOf,
  type PromisedDeadline,
} from '../../../src/domain/email/promise-extraction.ts';

const HOUR = 3_600_000;
const hours = (n: number): PromisedDeadline => ({ kind: 'elapsed', ms: n * HOUR });
const minutes = (n: number): PromisedDeadline => ({ kind: 'elapsed', ms: n * 60_000 });
const businessDays = (days: number): PromisedDeadline => ({ kind: 'business-days', days });

describe('extractReplyPromise reads the time an auto-reply promises', () => {
  it.each<readonly [string, string, PromisedDeadline, string, boolean]>([
    ['hours', 'A member of our team will reply within 24 hours.', hours(24), 'within 24 hours', false],
    ['business days', 'We aim to respond in 2 business days.', businessDays(2), 'in 2 business days', true],
    [
      'end of next working day',
      'You will hear from us by end of next working day.',
      businessDays(1),
      'by end of next working day',
      false,
    ],
    [
      'end of the next business day, spelled out',
      'An agent will get back to you by the close of the following business day.',
      businessDays(1),
      'by the close of the following business day',
      false,
    ],
    [
      'a range of business days takes its upper end',
      'We will get back to you within 1-2 business days.',
      businessDays(2),
      'within 1-2 business days',
      false,
    ],
    [
      'a range in words',
      'We will get back to you in 1 to 2 working days.',
      businessDays(2),
      'in 1 to 2 working days',
      false,
    ],
    ['an hour range', 'We will reply within 24 to 48 hours.', hours(48), 'within 24 to 48 hours', false],
    ['a stated response time', 'Our current response time is 48 hours.', hours(48), '48 hours', false],
    [
      'a number with its figure in brackets',
      'Expect a reply within one (1) business day.',
      businessDays(1),
      'within one (1) business day',
      false,
    ],
    [
      'an abbreviation without a space',
      'We will get back to you in the next 24hrs.',
      hours(24),
      'in the next 24hrs',
      false,
    ],
    ['"h" glued to the number', 'Our agents answer every ticket within 4h.', hours(4), 'within 4h', false],
    [
      'working days with weekends excluded',
      'We respond to all emails within two working days (excluding weekends and bank holidays).',
      businessDays(2),
      'within two working days',
      false,
    ],
    [
      'plain days made business days by "excluding weekends"',
      'We reply within 3 days (excluding weekends).',
      businessDays(3),
      'within 3 days',
      false,
    ],
    ['within the hour', 'We will be in touch within the hour.', hours(1), 'within the hour', false],
    [
      'end of the business day',
      'Someone will get back to you by the end of the business day.',
      businessDays(0),
      'by the end of the business day',
      false,
    ],
    [
      'same business day',
      'We answer all enquiries the same business day.',
      businessDays(0),
      'the same business day',
      false,
    ],
    [
      'the next business day',
      'We will reply on the next business day.',
      businessDays(1),
      'on the next business day',
      false,
    ],
    [
      'a hyphenated response time',
      'We offer a 24-hour response time on all enquiries.',
      hours(24),
      '24-hour response',
      false,
    ],
    ['tomorrow', 'We will get back to you by tomorrow.', { kind: 'calendar-days', days: 1 }, 'by tomorrow', false],
    ['"allow up to"', 'Please allow up to 72 hours for a response.', hours(72), 'up to 72 hours', false],
    [
      'business hours',
      'We reply to all messages within 4 business hours.',
      { kind: 'business-hours', hours: 4 },
      'within 4 business hours',
      false,
    ],
    [
      'a review in working days',
      'Your request will be reviewed within 3 working days.',
      businessDays(3),
      'within 3 working days',
      false,
    ],
    ['minutes', 'You can expect an answer in under 30 minutes.', minutes(30), 'in under 30 minutes', false],
    ['half an hour, hedged', 'We usually respond within half an hour.', minutes(30), 'within half an hour', true],
    ['a week', "We'll get back to you within a week.", hours(168), 'within a week', false],
    [
      'a number in words',
      'We will contact you within twenty-four hours.',
      hours(24),
      'within twenty-four hours',
      false,
    ],
    [
      'a hedge in brackets (Freshdesk)',
      'A support representative will send you a personal response (usually within 24 hours).',
      hours(24),
      'within 24 hours',
      true,
    ],
    [
      'after other sentences',
      'Thanks! Our team is available Mon-Fri 9-5. We will respond within forty-eight hours.',
      hours(48),
      'within forty-eight hours',
      false,
    ],
    [
      'a line-wrapped sentence',
      'Thank you for your email. A member of the support team will\nget back to you within 2 business\ndays.',
      businessDays(2),
      'within 2 business days',
      false,
    ],
    [
      'a couple of days',
      'We will get back to you within a couple of days.',
      hours(48),
      'within a couple of days',
      false,
    ],
    [
      'business weeks',
      'We respond to written complaints within 2 business weeks.',
      businessDays(10),
      'within 2 business weeks',
      false,
    ],
  ])('%s: "%s"', (_name, text, deadline, phrase, hedged) => {
    const promise = extractReplyPromise(text);
    expect(promise?.deadline).toEqual(deadline);
    expect(promise?.phrase).toBe(phrase);
    expect(promise?.hedged).toBe(hedged);
    expect(text.replace(/\s+/g, ' ')).toContain(promise?.verbatim);
  });

  it.each([
    ['a vague time', 'We typically reply within a few hours.'],
    ['no time at all', 'We will respond as soon as possible.'],
    ['a warning about closing the ticket', 'If you do not reply within 7 days, this ticket will be closed.'],
    ['opening hours without a reply', 'Our office is open Monday to Friday, 9am to 5pm.'],
    ['a time that is not about replying', 'Refunds reach your card within 5 business days.'],
    ['an empty text', ''],
  ])('finds no promise in %s', (_name, text) => {
    expect(extractReplyPromise(text)).toBeUndefined();
  });

  it('takes the first promise when there are several', () => {
    const text = 'We reply within 24 hours.\n\nComplex cases may take up to 5 business days.';
    expect(extractReplyPromise(text)?.deadline).toEqual(hours(24));
  });
});

describe('sentencesOf', () => {
  it('joins wrapped lines and splits at sentence ends and blank lines', () => {
    expect(sentencesOf('Hello Sam,\n\nThanks for your mail. We will\nreply soon!\nBest,\n\nThe team')).toEqual([
      'Hello Sam,',
      'Thanks for your mail.',
      'We will reply soon!',
      'Best,',
      'The team',
    ]);
  });
});
