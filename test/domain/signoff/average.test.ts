import { describe, expect, it } from 'vitest';
import type { Claim } from '../../../src/domain/claim.ts';
import { tallyJudgements } from '../../../src/domain/evaluation/tally.ts';
import { evaluateClaim } from '../../../src/domain/evaluation/verdict.ts';
import { judge } from '../../../src/domain/judgement.ts';
import { evaluateAverage } from '../../../src/domain/signoff/average.ts';
import { always, at, claim, instants, MINUTE, observation, share } from '../builders.ts';

const FROM = at('2026-01-05T00:00:00Z');
const TO = at('2026-01-12T00:00:00Z');
const averageClaim: Claim = claim({
  hours: always('Europe/London'),
  promise: { kind: 'human', withinMs: 90_000 },
  target: share(0.95),
  minSamples: 30,
});

/** Hourly attempts over the week; `humanMs(i)` is when a person answered attempt i (null: nobody did). */
function result(humanMs: (i: number) => number | null, subject: Claim = averageClaim) {
  const observations = instants(FROM, TO, 60 * MINUTE).map((t, i) => {
    const ms = humanMs(i);
    // Unanswered attempts waited 100 s, past the 90 s promised: an attempt that gave up sooner would not count.
    return ms === null
      ? observation(t, { outcome: 'unanswered', timings: { totalMs: 100_000 } })
      : observation(t, { timings: { humanMs: ms } });
  });
  const judged = observations.map((o) => ({ observation: o, judgement: judge(subject, o) }));
  const verdict = evaluateClaim(subject, tallyJudgements(judged.map((j) => j.judgement)), { from: FROM, to: TO });
  return evaluateAverage(subject, judged, verdict);
}

describe('evaluateAverage', () => {
  it.each<[string, (i: number) => number | null, 'kept' | 'broken' | 'unproven', RegExp]>([
    [
      'an average well under the limit is kept, though single waits exceed it',
      (i) => (i % 10 === 0 ? 150_000 : 40_000),
      'kept',
      /average 51.1s \(95% interval 46.1s-56.2s\) is within the 1m30s promised/,
    ],
    [
      'an average clearly over the limit is broken',
      () => 120_000,
      'broken',
      /average 2m .* is over the 1m30s promised/,
    ],
    [
      'an average whose interval straddles the limit is unproven',
      (i) => (i % 2 === 0 ? 10_000 : 170_000),
      'unproven',
      /still includes the 1m30s limit/,
    ],
    [
      'unanswered attempts count at the time waited, as a lower bound',
      (i) => (i % 4 === 0 ? null : 30_000),
      'kept',
      /got nothing before the probe gave up/,
    ],
  ])('%s', (_name, humanMs, status, reason) => {
    const average = result(humanMs);
    expect(average.status).toBe(status);
    expect(average.reasons.join(' | ')).toMatch(reason);
    expect(average.count).toBe(168);
  });

  it('is unproven with too few attempts even when the average is fine', () => {
    const average = result(() => 10_000, { ...averageClaim, minSamples: 500 });
    expect(average.status).toBe('unproven');
    expect(average.reasons[0]).toBe('only 168 in-force observations; at least 500 are needed');
  });
});
