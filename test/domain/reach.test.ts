import { describe, expect, it } from 'vitest';
import { judge } from '../../src/domain/judgement.ts';
import type { Observation, Outcome } from '../../src/domain/observation.ts';
import {
  isNotReached,
  isNotYetReached,
  NOT_YET_REACHED,
  notYetReachedNote,
  reachedTarget,
  reachStatusOf,
  stampReach,
} from '../../src/domain/reach.ts';
import { always, at, claim, observation, weekly, window, WEEKDAYS } from './builders.ts';

const NOON = at('2026-11-23T12:00:00Z'); // a Monday
const NIGHT = at('2026-11-23T23:00:00Z');

/** An attempt with `outcome`, marked by its channel as never reaching the service when `notReached`. */
function attempt(outcome: Outcome, notReached: boolean, startedAt = NOON): Observation {
  const base = observation(startedAt, { outcome });
  return notReached
    ? { ...base, reason: 'start request failed: ECONNREFUSED', evidence: { details: { notReached: true } } }
    : base;
}

const NEW = { everReached: false, expectReachable: false };
const REACHED = { everReached: true, expectReachable: false };
const EXPECTED = { everReached: false, expectReachable: true };

describe('reach: did the attempt get a word from the service?', () => {
  it.each<[string, Observation, boolean, boolean]>([
    ['connection refused (marked by the channel)', attempt('rejected', true), true, false],
    ['no response at all within the time-out (marked)', attempt('unanswered', true), true, false],
    ['HTTP 503 / SIP 486: refused by the service', attempt('rejected', false), false, true],
    ['silence on an open line', attempt('unanswered', false), false, true],
    ['answered', attempt('answered', false), false, true],
    ['inconclusive (our side failed) says nothing', attempt('inconclusive', false), false, false],
    ['a mark on an answered attempt means nothing', attempt('answered', true), false, true],
  ])('%s: not reached %s, reached %s', (_name, o, notReached, reached) => {
    expect(isNotReached(o)).toBe(notReached);
    expect(reachedTarget(o)).toBe(reached);
  });
});

describe('stamping an attempt "not yet reached" when it is recorded', () => {
  it.each<[string, Observation, typeof NEW, boolean]>([
    ['a new probe that cannot connect', attempt('rejected', true), NEW, true],
    ['a new probe whose service is silent (no mark)', attempt('unanswered', true), NEW, true],
    ['a new probe refused by the service (503)', attempt('rejected', false), NEW, false],
    ['a probe that reached its target before', attempt('rejected', true), REACHED, false],
    ['a probe whose catalogue says expectReachable: true', attempt('rejected', true), EXPECTED, false],
  ])('%s: stamped %s', (_name, o, before, stamped) => {
    expect(isNotYetReached(stampReach(o, before))).toBe(stamped);
  });

  it('leaves an attempt that is not a setup attempt as it was', () => {
    const o = attempt('rejected', true);
    expect(stampReach(o, REACHED)).toBe(o);
  });
});

describe('judging a "not yet reached" attempt', () => {
  const allDay = claim({ hours: always('Europe/London') });
  const office = claim({ hours: weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:00')]) });

  it('in force, it is not counted, with the rule and what the channel saw as the reason', () => {
    const j = judge(allDay, stampReach(attempt('rejected', true), NEW));
    expect([j.inForce, j.counted, j.met]).toEqual([true, false, false]);
    expect(j.reason).toBe(`${NOT_YET_REACHED} (start request failed: ECONNREFUSED)`);
  });

  it('out of hours it stays out of hours', () => {
    const j = judge(office, stampReach(attempt('rejected', true, NIGHT), NEW));
    expect([j.inForce, j.counted, j.reason]).toEqual([false, false, 'outside the hours in force']);
  });

  it('once the probe has reached its target, the same attempt is a counted failure', () => {
    const j = judge(allDay, stampReach(attempt('rejected', true), REACHED));
    expect([j.inForce, j.counted, j.met, j.reason]).toEqual([true, true, false, 'outcome rejected']);
  });

  it('with expectReachable, the first attempt that cannot connect is a counted failure', () => {
    const j = judge(allDay, stampReach(attempt('rejected', true), EXPECTED));
    expect([j.counted, j.met]).toEqual([true, false]);
  });

  it('a refusal by the service is a failure even for a new probe', () => {
    const j = judge(allDay, stampReach(attempt('rejected', false), NEW));
    expect([j.counted, j.met]).toEqual([true, false]);
  });
});

describe("a probe's reach status from its latest attempts (newest first)", () => {
  const stamped = stampReach(attempt('rejected', true), NEW);
  it.each<[string, Observation[], string]>([
    ['no attempts', [], 'unknown'],
    ['only inconclusive attempts', [attempt('inconclusive', false)], 'unknown'],
    ['latest is a setup attempt', [stamped, attempt('inconclusive', false)], 'not-yet-reached'],
    ['latest conclusive is a setup attempt', [attempt('inconclusive', false), stamped], 'not-yet-reached'],
    ['latest answered', [attempt('answered', false), stamped], 'reached'],
    [
      'latest an outage after a reach (not stamped)',
      [attempt('rejected', true), attempt('answered', false)],
      'reached',
    ],
  ])('%s: %s', (_name, newestFirst, status) => {
    expect(reachStatusOf(newestFirst)).toBe(status);
  });

  it('names the probes in the note a verdict carries', () => {
    expect(notYetReachedNote(['chat-api'])).toBe(
      'not yet reached: check the target: probe "chat-api" has never reached the target; failures to connect are ' +
        'not counted until it has',
    );
    expect(notYetReachedNote(['a', 'b'])).toMatch(/^not yet reached: check the target: probes "a", "b" have never/);
  });
});
