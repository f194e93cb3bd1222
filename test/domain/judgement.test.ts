import { describe, expect, it } from 'vitest';
import type { ClaimPromise } from '../../src/domain/claim.ts';
import { judge, meetsPromise } from '../../src/domain/judgement.ts';
import type { Outcome } from '../../src/domain/observation.ts';
import { at, claim, share, weekly, WEEKDAYS, window, observation, type TimingOverrides } from './builders.ts';

const ANSWERED: ClaimPromise = { kind: 'answered' };
const FIRST_MINUTE: ClaimPromise = { kind: 'first-response', withinMs: 60_000 };
const HUMAN_2M: ClaimPromise = { kind: 'human', withinMs: 120_000 };
const ANY_HUMAN: ClaimPromise = { kind: 'human', withinMs: null };
const REPLY_24H: ClaimPromise = { kind: 'reply', withinMs: 86_400_000 };

type Fields = { outcome?: Outcome; timings?: TimingOverrides; humanReached?: boolean };
const HUMAN_FAST: Fields = { timings: { firstResponseMs: 800, humanMs: 30_000 } };
const AT_THE_LIMITS: Fields = { timings: { firstResponseMs: 60_000, humanMs: 120_000 } };
const JUST_OVER: Fields = { timings: { firstResponseMs: 60_001, humanMs: 120_001 } };
const BOT_ONLY: Fields = { timings: { firstResponseMs: 900, humanMs: undefined }, humanReached: false };
const SILENT_ANSWER: Fields = { timings: { firstResponseMs: undefined, humanMs: undefined }, humanReached: false };
const HUMAN_UNTIMED: Fields = { timings: { firstResponseMs: 700, humanMs: undefined }, humanReached: true };
const SLOW_REPLY: Fields = { timings: { firstResponseMs: 1_000, humanMs: 90_000_000 } };
const UNANSWERED: Fields = { outcome: 'unanswered' };
const REJECTED: Fields = { outcome: 'rejected' };
const INCONCLUSIVE: Fields = { outcome: 'inconclusive' };

describe('meetsPromise for every promise and outcome', () => {
  it.each<readonly [string, ClaimPromise, Fields, boolean, string]>([
    ['"answered" is met by a human answer', ANSWERED, HUMAN_FAST, true, 'answered'],
    ['"answered" is met by a bot answer', ANSWERED, BOT_ONLY, true, 'answered'],
    ['"answered" is not met when unanswered', ANSWERED, UNANSWERED, false, 'outcome unanswered'],
    ['"answered" is not met when rejected', ANSWERED, REJECTED, false, 'outcome rejected'],
    ['"answered" is not met when inconclusive', ANSWERED, INCONCLUSIVE, false, 'outcome inconclusive'],
    ['a first response in time is met', FIRST_MINUTE, HUMAN_FAST, true, 'first response in 800 ms'],
    ['a first response from a bot counts', FIRST_MINUTE, BOT_ONLY, true, 'first response in 900 ms'],
    ['a first response exactly at the limit is met', FIRST_MINUTE, AT_THE_LIMITS, true, 'first response in 60000 ms'],
    [
      'a first response one millisecond late is not met',
      FIRST_MINUTE,
      JUST_OVER,
      false,
      'first response in 60001 ms, over 60000 ms',
    ],
    ['an answer with no first response is not met', FIRST_MINUTE, SILENT_ANSWER, false, 'no response'],
    ['a first response is not met when unanswered', FIRST_MINUTE, UNANSWERED, false, 'outcome unanswered'],
    ['a first response is not met when rejected', FIRST_MINUTE, REJECTED, false, 'outcome rejected'],
    ['a first response is not met when inconclusive', FIRST_MINUTE, INCONCLUSIVE, false, 'outcome inconclusive'],
    ['a human in time is met', HUMAN_2M, HUMAN_FAST, true, 'human in 30000 ms'],
    ['a human exactly at the limit is met', HUMAN_2M, AT_THE_LIMITS, true, 'human in 120000 ms'],
    ['a human one millisecond late is not met', HUMAN_2M, JUST_OVER, false, 'human in 120001 ms, over 120000 ms'],
    ['a bot is not a human', HUMAN_2M, BOT_ONLY, false, 'no human reached'],
    [
      'a human whose time was not measured cannot meet a time limit',
      HUMAN_2M,
      HUMAN_UNTIMED,
      false,
      'human reached, but when was not measured',
    ],
    ['a human is not met when unanswered', HUMAN_2M, UNANSWERED, false, 'outcome unanswered'],
    ['a human is not met when rejected', HUMAN_2M, REJECTED, false, 'outcome rejected'],
    ['a human is not met when inconclusive', HUMAN_2M, INCONCLUSIVE, false, 'outcome inconclusive'],
    ['any human is met by a slow human', ANY_HUMAN, SLOW_REPLY, true, 'human in 90000000 ms'],
    ['any human is met by a human whose time was not measured', ANY_HUMAN, HUMAN_UNTIMED, true, 'human reached'],
    ['any human is not met by a bot', ANY_HUMAN, BOT_ONLY, false, 'no human reached'],
    ['any human is not met when unanswered', ANY_HUMAN, UNANSWERED, false, 'outcome unanswered'],
    ['a reply in time is met', REPLY_24H, HUMAN_FAST, true, 'human in 30000 ms'],
    ['a reply after 25 hours is not met', REPLY_24H, SLOW_REPLY, false, 'human in 90000000 ms, over 86400000 ms'],
    ['an automatic acknowledgement is not a reply', REPLY_24H, BOT_ONLY, false, 'no human reached'],
    ['a reply is not met when rejected (bounced)', REPLY_24H, REJECTED, false, 'outcome rejected'],
    ['a reply is not met when unanswered', REPLY_24H, UNANSWERED, false, 'outcome unanswered'],
    ['a reply is not met when inconclusive', REPLY_24H, INCONCLUSIVE, false, 'outcome inconclusive'],
  ])('%s', (_name, promise, fields, met, reason) => {
    expect(meetsPromise(promise, observation(at('2026-01-07T10:15:00Z'), fields))).toEqual({ met, reason });
  });
});

// Mon-Fri 09:00-17:00 in London; 2026-01-07 is a Wednesday (slot 2*24+10 = 58 at 10:15), 2026-01-10 a Saturday.
const office = weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:00')]);
const IN_FORCE = '2026-01-07T10:15:00Z';
const OUT_OF_HOURS = '2026-01-10T10:15:00Z';
const JUST_CLOSED = '2026-01-07T17:00:00Z';

describe('judge', () => {
  it.each<
    readonly [
      string,
      ClaimPromise,
      string,
      Fields,
      { inForce: boolean; counted: boolean; met: boolean; reason: string; hourOfWeek: number },
    ]
  >([
    [
      'an in-force answer that meets the promise counts as met',
      HUMAN_2M,
      IN_FORCE,
      HUMAN_FAST,
      { inForce: true, counted: true, met: true, reason: 'human in 30000 ms', hourOfWeek: 58 },
    ],
    [
      'an in-force answer that misses the promise counts as failed',
      HUMAN_2M,
      IN_FORCE,
      BOT_ONLY,
      { inForce: true, counted: true, met: false, reason: 'no human reached', hourOfWeek: 58 },
    ],
    [
      'an in-force unanswered attempt counts as failed',
      ANSWERED,
      IN_FORCE,
      UNANSWERED,
      { inForce: true, counted: true, met: false, reason: 'outcome unanswered', hourOfWeek: 58 },
    ],
    [
      'an in-force rejected attempt counts as failed',
      FIRST_MINUTE,
      IN_FORCE,
      REJECTED,
      { inForce: true, counted: true, met: false, reason: 'outcome rejected', hourOfWeek: 58 },
    ],
    [
      'an in-force inconclusive attempt never counts',
      HUMAN_2M,
      IN_FORCE,
      INCONCLUSIVE,
      { inForce: true, counted: false, met: false, reason: 'inconclusive: the probe itself failed', hourOfWeek: 58 },
    ],
    [
      'an inconclusive attempt never counts, even for "answered"',
      ANSWERED,
      IN_FORCE,
      INCONCLUSIVE,
      { inForce: true, counted: false, met: false, reason: 'inconclusive: the probe itself failed', hourOfWeek: 58 },
    ],
    [
      'an out-of-hours success never counts',
      HUMAN_2M,
      OUT_OF_HOURS,
      HUMAN_FAST,
      { inForce: false, counted: false, met: false, reason: 'outside the hours in force', hourOfWeek: 130 },
    ],
    [
      'an out-of-hours failure never counts',
      ANSWERED,
      OUT_OF_HOURS,
      UNANSWERED,
      { inForce: false, counted: false, met: false, reason: 'outside the hours in force', hourOfWeek: 130 },
    ],
    [
      'an out-of-hours inconclusive attempt is out of hours',
      ANSWERED,
      OUT_OF_HOURS,
      INCONCLUSIVE,
      { inForce: false, counted: false, met: false, reason: 'outside the hours in force', hourOfWeek: 130 },
    ],
    [
      'an attempt at closing time is out of hours',
      ANSWERED,
      JUST_CLOSED,
      HUMAN_FAST,
      { inForce: false, counted: false, met: false, reason: 'outside the hours in force', hourOfWeek: 65 },
    ],
  ])('%s', (_name, promise, instant, fields, expected) => {
    const subject = claim({ id: 'office-chat', hours: office, promise, target: share(0.9) });
    const seen = observation(at(instant), fields);
    expect(judge(subject, seen)).toEqual({
      claimId: 'office-chat',
      observationId: seen.id,
      at: at(instant),
      ...expected,
    });
  });
});
