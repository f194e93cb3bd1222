import { describe, expect, it } from 'vitest';
import { observationToJson } from '../../src/adapters/json/observation.json.ts';
import { verdictJson } from '../../src/adapters/json/verdict.json.ts';
import { probeRunJson } from '../../src/cli/commands/probe-json.ts';
import { demoStatusLine } from '../../src/cli/demo-status.ts';
import { evaluateClaim } from '../../src/domain/evaluation/verdict.ts';
import { judge } from '../../src/domain/judgement.ts';
import { stampReach } from '../../src/domain/reach.ts';
import { alwaysHumanClaim, businessHoursClaim, chatObservation } from '../support/domain-fixtures.ts';

// What a person reads: `kept probe --json` with each claim's judgement, integer timings, and "not yet reached" on a
// verdict and the demo's status line.

const MONDAY_10AM = Date.parse('2026-11-23T10:00:00Z');
const SUNDAY_3AM = Date.parse('2026-11-22T03:00:00Z');

describe('kept probe --json', () => {
  it("gives each verified claim's judgement: met, not met, or not judged, and why", () => {
    const slow = chatObservation({
      startedAt: MONDAY_10AM,
      timings: { firstResponseMs: 800, humanMs: 90_000, totalMs: 90_100 },
    });
    const json = probeRunJson(slow, [judge(alwaysHumanClaim, slow), judge(businessHoursClaim, slow)]);
    expect(json.judgements.map((j) => [j.claimId, j.result, j.reason])).toEqual([
      ['chat-live-24-7', 'met', 'human in 90000 ms'],
      ['chat-business-hours', 'not-met', 'human in 90000 ms, over 60000 ms'],
    ]);
  });

  it('says why an attempt was not judged: out of hours, not yet reached', () => {
    const refused = stampReach(
      chatObservation({
        startedAt: SUNDAY_3AM,
        outcome: 'rejected',
        reason: 'the connection failed: connect ECONNREFUSED 127.0.0.1:9',
        humanReached: false,
        timings: { totalMs: 4 },
        evidence: { details: { notReached: true } },
      }),
      { everReached: false, expectReachable: false },
    );
    const json = probeRunJson(refused, [judge(alwaysHumanClaim, refused), judge(businessHoursClaim, refused)]);
    expect(json.judgements.map((j) => [j.result, j.inForce, j.counted, j.reason])).toEqual([
      [
        'not-judged',
        true,
        false,
        'not yet reached: check the target (the connection failed: connect ECONNREFUSED 127.0.0.1:9)',
      ],
      ['not-judged', false, false, 'outside the hours in force'],
    ]);
  });

  it('prints timings as integer milliseconds (channels measure fractions)', () => {
    const measured = chatObservation({
      startedAt: MONDAY_10AM,
      timings: { connectMs: 2.4, firstResponseMs: 801.5, humanMs: 20_000.49, totalMs: 20_100.7 },
    });
    expect(observationToJson(measured).timings).toEqual({
      connectMs: 2,
      firstResponseMs: 802,
      humanMs: 20_000,
      totalMs: 20_101,
    });
    expect(probeRunJson(measured, []).timings).toEqual(observationToJson(measured).timings);
  });
});

describe('a claim verified by a probe that has never reached its target', () => {
  const week = { from: 0, to: 7 * 86_400_000 };
  const unproven = evaluateClaim(businessHoursClaim, [], week, ['desk-chat-api']);

  it('says so first among its reasons, and in its JSON', () => {
    expect(unproven.reasons[0]).toMatch(/^not yet reached: check the target: probe "desk-chat-api" has never/);
    expect(verdictJson(unproven).notYetReached).toEqual(['desk-chat-api']);
    expect(verdictJson(evaluateClaim(businessHoursClaim, [], week)).notYetReached).toEqual([]);
  });

  it('counts its setup attempts with the inconclusive ones, and says so', () => {
    const tallies = [{ hourOfWeek: 3, met: 0, failed: 0, inconclusive: 2, outOfForce: 0 }];
    const verdict = evaluateClaim(alwaysHumanClaim, tallies, week, ['desk-chat-api']);
    expect(verdict.reasons.at(-1)).toBe('2 attempts not counted: inconclusive (our side failed) or not yet reached');
    expect(evaluateClaim(alwaysHumanClaim, tallies, week).reasons.at(-1)).toBe(
      '2 inconclusive attempts (our side failed) were not counted',
    );
  });

  it("says so on the demo's status line", () => {
    const at = Date.parse('2026-12-04T14:05:31Z');
    expect(demoStatusLine({ at, live: true, speed: 1, verdicts: [unproven], attempts: 2, inconclusive: 0 })).toBe(
      'Fri 14:05 UTC (live) · 2 attempts · chat-business-hours unproven 0 (not yet reached)',
    );
  });
});
