import { describe, expect, it } from 'vitest';
import type { ClaimPromise } from '../../src/domain/claim.ts';
import { tallyJudgements } from '../../src/domain/evaluation/tally.ts';
import { evaluateClaim } from '../../src/domain/evaluation/verdict.ts';
import { judge } from '../../src/domain/judgement.ts';
import type { Observation, Outcome } from '../../src/domain/observation.ts';
import { always, at, claim, HOUR, instants, MINUTE, observation } from './builders.ts';

/**
 * Verdicts only from attempts that could have met the promise: an attempt whose own time-out came before the promise
 * fell due is not counted; one that waited at least the promised time and got nothing is a failure.
 */

const REPLY_4H: ClaimPromise = { kind: 'reply', withinMs: 4 * HOUR };
const HUMAN_2M: ClaimPromise = { kind: 'human', withinMs: 2 * MINUTE };
const FIRST_1M: ClaimPromise = { kind: 'first-response', withinMs: MINUTE };
const ANSWERED: ClaimPromise = { kind: 'answered' };
const ANY_HUMAN: ClaimPromise = { kind: 'human', withinMs: null };

const START = at('2026-01-07T10:00:00Z');
const SENT_AFTER = 2_000;

/** An email attempt: the mail left 2 s after the start; replies are timed from then; it stopped after `waitedMs`. */
function mail(outcome: Outcome, waitedMs: number, replies: { autoMs?: number; humanMs?: number } = {}): Observation {
  return {
    id: `mail-${outcome}-${waitedMs}`,
    probeId: 'email-support',
    kind: 'email',
    startedAt: START,
    outcome,
    timings: {
      connectMs: SENT_AFTER,
      ...(replies.autoMs === undefined ? {} : { firstResponseMs: replies.autoMs, autoReplyMs: replies.autoMs }),
      ...(replies.humanMs === undefined ? {} : { humanMs: replies.humanMs }),
      totalMs: SENT_AFTER + waitedMs,
    },
    humanReached: replies.humanMs !== undefined,
    evidence: { details: { sentAt: START + SENT_AFTER } },
  };
}

/** A chat attempt that ended after `totalMs` with the given outcome (and how it ended, as the chat channels record it). */
function chat(
  outcome: Outcome,
  totalMs: number,
  humanReached = false,
  firstResponseMs?: number,
  ending?: string,
): Observation {
  const seen = observation(START, { outcome, humanReached, timings: { totalMs, humanMs: undefined, firstResponseMs } });
  return ending === undefined ? seen : { ...seen, evidence: { details: { ending } } };
}

describe('judge counts only attempts that could have met the promise', () => {
  it.each<readonly [string, ClaimPromise, Observation, { counted: boolean; met: boolean; reason: RegExp }]>([
    [
      'an email probe that waited 5 minutes does not count against a 4-hour reply promise',
      REPLY_4H,
      mail('unanswered', 5 * MINUTE),
      {
        counted: false,
        met: false,
        reason: /^not counted: the probe stopped waiting after 5m, before the promise fell due \(4h, due after 4h\)/,
      },
    ],
    [
      'an auto-acknowledgement and then 5 minutes of silence do not count against a 4-hour reply promise either',
      REPLY_4H,
      mail('unanswered', 5 * MINUTE, { autoMs: 3_000 }),
      { counted: false, met: false, reason: /stopped waiting after 5m/ },
    ],
    [
      'an email probe that waited 4h15m and got no reply is a failure',
      REPLY_4H,
      mail('unanswered', 4 * HOUR + 15 * MINUTE),
      { counted: true, met: false, reason: /^outcome unanswered$/ },
    ],
    [
      'an email probe that waited exactly the 4 hours promised and got no reply is a failure',
      REPLY_4H,
      mail('unanswered', 4 * HOUR),
      { counted: true, met: false, reason: /^outcome unanswered$/ },
    ],
    [
      'a reply after 5 hours, seen by a probe that waits 3 days, is a failure',
      REPLY_4H,
      mail('answered', 5 * HOUR, { humanMs: 5 * HOUR }),
      { counted: true, met: false, reason: /^human in 18000000 ms, over 14400000 ms$/ },
    ],
    [
      'a reply after 3 hours meets the 4-hour promise',
      REPLY_4H,
      mail('answered', 3 * HOUR, { humanMs: 3 * HOUR }),
      { counted: true, met: true, reason: /^human in 10800000 ms$/ },
    ],
    [
      'a chat probe that gave up after 1 minute does not count against "a person within 2 minutes"',
      HUMAN_2M,
      chat('unanswered', MINUTE),
      {
        counted: false,
        met: false,
        reason: /stopped waiting after 1m, before the promise fell due \(2m, due after 2m\)/,
      },
    ],
    [
      'a chat probe that waited the full 2 minutes in silence is a failure of "a person within 2 minutes"',
      HUMAN_2M,
      chat('unanswered', 2 * MINUTE),
      { counted: true, met: false, reason: /^outcome unanswered$/ },
    ],
    [
      'a chat probe that gave up after 30 seconds does not count against "a first response within a minute"',
      FIRST_1M,
      chat('unanswered', 30_000),
      { counted: false, met: false, reason: /stopped waiting after 30s/ },
    ],
    [
      'a chat closed by the service after 30 seconds with only a bot is a failure of "a person within 2 minutes"',
      HUMAN_2M,
      chat('answered', 30_000, false, 900, 'closed'),
      { counted: true, met: false, reason: /^no human reached$/ },
    ],
    [
      'a bot, then the probe\'s own time-out after 1 minute, does not count against "a person within 2 minutes"',
      HUMAN_2M,
      chat('answered', MINUTE, false, 900, 'timeout'),
      { counted: false, met: false, reason: /stopped waiting after 1m, before the promise fell due/ },
    ],
    [
      'a bot, then the probe\'s own time-out after 3 minutes, is a failure of "a person within 2 minutes"',
      HUMAN_2M,
      chat('answered', 3 * MINUTE, false, 900, 'timeout'),
      { counted: true, met: false, reason: /^no human reached$/ },
    ],
    [
      'a bot that leads nowhere (a dead end the probe found) is a failure, however soon',
      HUMAN_2M,
      chat('answered', 20_000, false, 900, 'dead-end'),
      { counted: true, met: false, reason: /^no human reached$/ },
    ],
    [
      'an email answered only by an auto-acknowledgement when its 5-minute time-out came cannot judge a 4-hour reply',
      REPLY_4H,
      {
        ...mail('answered', 5 * MINUTE, { autoMs: 3_000 }),
        evidence: { details: { sentAt: START + SENT_AFTER, ending: 'deadline' } },
      },
      { counted: false, met: false, reason: /stopped waiting after 5m/ },
    ],
    [
      'a chat refused by the service after 2 seconds is a failure, whatever the limit',
      HUMAN_2M,
      chat('rejected', 2_000),
      { counted: true, met: false, reason: /^outcome rejected$/ },
    ],
    [
      '"answered" has no deadline: silence until the probe\'s time-out is a failure',
      ANSWERED,
      chat('unanswered', 5_000),
      { counted: true, met: false, reason: /^outcome unanswered$/ },
    ],
    [
      '"a person at some point" has no deadline: silence until the probe\'s time-out is a failure',
      ANY_HUMAN,
      chat('unanswered', 10_000),
      { counted: true, met: false, reason: /^outcome unanswered$/ },
    ],
    [
      'an inconclusive attempt still never counts',
      REPLY_4H,
      mail('inconclusive', MINUTE),
      { counted: false, met: false, reason: /^inconclusive: the probe itself failed$/ },
    ],
  ])('%s', (_name, promise, seen, expected) => {
    const judged = judge(claim({ id: 'reply-4h', hours: always('Europe/London'), promise }), seen);
    expect(judged).toMatchObject({ inForce: true, counted: expected.counted, met: expected.met });
    expect(judged.reason).toMatch(expected.reason);
  });
});

describe('"we reply within 4 hours", absolute, 24/7: a week of hourly mails and no reply at all', () => {
  const FROM = at('2026-01-05T00:00:00Z');
  const TO = at('2026-01-12T00:00:00Z');
  const subject = claim({ id: 'reply-4h', hours: always('Europe/London'), promise: REPLY_4H, minSamples: 30 });
  const week = (waitedMs: number) =>
    instants(FROM, TO, HOUR).map((t, i) => ({
      ...mail('unanswered', waitedMs),
      id: `mail-${i}`,
      startedAt: t,
      evidence: { details: { sentAt: t } },
    }));

  it.each<readonly [string, number, 'broken' | 'unproven', RegExp]>([
    [
      'is unproven, not broken, when the probe waited 5 minutes each time',
      5 * MINUTE,
      'unproven',
      /168 inconclusive attempts .* were not counted/,
    ],
    [
      'is broken when the probe waited the default 4h24m each time',
      4 * HOUR + 24 * MINUTE,
      'broken',
      /168 of 168 in-force attempts failed/,
    ],
  ])('%s', (_name, waitedMs, status, reason) => {
    const verdict = evaluateClaim(subject, tallyJudgements(week(waitedMs).map((o) => judge(subject, o))), {
      from: FROM,
      to: TO,
    });
    expect(verdict.status).toBe(status);
    expect(verdict.reasons.join(' | ')).toMatch(reason);
  });
});
