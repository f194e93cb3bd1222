import { describe, expect, it } from 'vitest';
import {
  autoReplyClaimId,
  deriveAutoReplyClaim,
  judgeAutoReplyPromise,
} from '../../../src/domain/email/auto-reply-claim.ts';
import { extractReplyPromise } from '../../../src/domain/email/promise-extraction.ts';
import type { Claim } from '../../../src/domain/claim.ts';
import type { Observation, Outcome } from '../../../src/domain/observation.ts';
import { at, HOUR, holiday, share, weekly, WEEKDAYS, window } from '../builders.ts';

const MAILBOX: Claim = {
  id: 'email-reply',
  copy: 'We reply to every email within one business day',
  publishedAt: ['https://acme.test/contact'],
  owner: 'support-ops',
  channels: ['email'],
  hours: weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:00')], [holiday('2026-12-25'), holiday('2026-12-28')]),
  promise: { kind: 'reply', withinMs: 48 * HOUR },
  target: share(0.95),
  minSamples: 10,
};

function emailObservation(fields: {
  sentAt: string;
  promise?: string;
  humanAfterMs?: number;
  totalMs?: number;
  outcome?: Outcome;
}): Observation {
  const sentAt = at(fields.sentAt);
  const human = fields.humanAfterMs;
  return {
    id: 'obs-1',
    probeId: 'support-mailbox',
    kind: 'email',
    startedAt: sentAt - 40,
    outcome: fields.outcome ?? (human === undefined ? 'unanswered' : 'answered'),
    timings: {
      connectMs: 40,
      autoReplyMs: 2_000,
      ...(human === undefined ? {} : { humanMs: human }),
      totalMs: fields.totalMs ?? (human ?? 72 * HOUR) + 40,
    },
    humanReached: human !== undefined,
    ...(fields.promise === undefined ? {} : { autoReplyPromise: fields.promise }),
    evidence: { details: { sentAt } },
  };
}

const WITHIN_24H = 'A member of our team will reply within 24 hours.';
const TWO_BUSINESS_DAYS = 'We aim to respond in 2 business days.';
const NEXT_WORKING_DAY = 'You will hear from us by end of next working day.';

describe('judgeAutoReplyPromise holds an auto-reply to its own promise', () => {
  it.each<readonly [string, Parameters<typeof emailObservation>[0], boolean, boolean, RegExp]>([
    [
      '24 hours promised, answered in 5 hours on a weekday: kept',
      { sentAt: '2026-11-24T10:00:00Z', promise: WITHIN_24H, humanAfterMs: 5 * HOUR },
      true,
      true,
      /human reply after 5h; promised 24h \(due after 1d\)/,
    ],
    [
      '24 hours promised on Saturday, answered on Monday: broken',
      { sentAt: '2026-11-28T10:00:00Z', promise: WITHIN_24H, humanAfterMs: 47 * HOUR },
      true,
      false,
      /human reply after 1d23h; promised 24h/,
    ],
    [
      '2 business days from Friday evening, answered Tuesday noon: kept',
      { sentAt: '2026-11-27T18:00:00Z', promise: TWO_BUSINESS_DAYS, humanAfterMs: 90 * HOUR },
      true,
      true,
      /promised 2 business days \(due after 4d23h\)/,
    ],
    [
      'next working day from Christmas Eve, answered on the 29th: kept',
      { sentAt: '2026-12-24T10:00:00Z', promise: NEXT_WORKING_DAY, humanAfterMs: 5 * 24 * HOUR },
      true,
      true,
      /promised 1 business day/,
    ],
    [
      'next working day from Christmas Eve, answered on the 30th: broken',
      { sentAt: '2026-12-24T10:00:00Z', promise: NEXT_WORKING_DAY, humanAfterMs: 6 * 24 * HOUR },
      true,
      false,
      /promised 1 business day/,
    ],
    [
      'no reply by the promised deadline: broken',
      { sentAt: '2026-11-24T10:00:00Z', promise: WITHIN_24H, totalMs: 30 * HOUR },
      true,
      false,
      /no human reply by the promised deadline/,
    ],
    [
      'the probe stopped waiting before the deadline: not counted',
      { sentAt: '2026-11-24T10:00:00Z', promise: TWO_BUSINESS_DAYS, totalMs: 20 * HOUR },
      false,
      false,
      /stopped waiting before the promised deadline/,
    ],
    [
      'our own failure: not counted',
      { sentAt: '2026-11-24T10:00:00Z', promise: WITHIN_24H, outcome: 'inconclusive' },
      false,
      false,
      /inconclusive/,
    ],
  ])('%s', (_name, fields, counted, met, reason) => {
    const judgement = judgeAutoReplyPromise(MAILBOX, emailObservation(fields));
    expect(judgement).toMatchObject({
      claimId: 'email-reply~auto-reply',
      observationId: 'obs-1',
      inForce: true,
      counted,
      met,
    });
    expect(judgement?.reason).toMatch(reason);
  });

  it('gives no judgement when no auto-reply promised a time', () => {
    expect(
      judgeAutoReplyPromise(MAILBOX, emailObservation({ sentAt: '2026-11-24T10:00:00Z', humanAfterMs: HOUR })),
    ).toBeUndefined();
    expect(
      judgeAutoReplyPromise(
        MAILBOX,
        emailObservation({ sentAt: '2026-11-24T10:00:00Z', promise: 'We will reply soon.' }),
      ),
    ).toBeUndefined();
  });
});

describe('deriveAutoReplyClaim', () => {
  it('makes a claim of the mailbox, in force around the clock, with the promise as its copy', () => {
    const claim = deriveAutoReplyClaim(
      MAILBOX,
      extractReplyPromise(WITHIN_24H) as NonNullable<ReturnType<typeof extractReplyPromise>>,
    );
    expect(claim).toEqual({
      id: autoReplyClaimId('email-reply'),
      copy: WITHIN_24H,
      publishedAt: ['auto-reply of the mailbox in claim email-reply'],
      owner: 'support-ops',
      channels: ['email'],
      hours: { kind: 'always', timeZone: 'Europe/London' },
      promise: { kind: 'reply', withinMs: 24 * HOUR },
      target: share(0.95),
      minSamples: 10,
    });
  });

  it.each<readonly [string, number, object]>([
    [TWO_BUSINESS_DAYS, 3 * 24 * HOUR, { business: { kind: 'business-days', days: 2 } }],
    ['We reply within 4 business hours.', 4 * HOUR, { business: { kind: 'business-hours', hours: 4 } }],
    ['We will get back to you by tomorrow.', 2 * 24 * HOUR, {}],
  ])(
    'gives "%s" a nominal length of %i ms, and its limit in business time (the judgement uses the calendar)',
    (text, withinMs, business) => {
      const claim = deriveAutoReplyClaim(
        MAILBOX,
        extractReplyPromise(text) as NonNullable<ReturnType<typeof extractReplyPromise>>,
      );
      expect(claim.promise).toEqual({ kind: 'reply', withinMs, ...business });
    },
  );
});
