import { describe, expect, it } from 'vitest';
import type { Claim, Hours } from '../../../src/domain/claim.ts';
import { slotTalliesOf, tallyJudgements } from '../../../src/domain/evaluation/tally.ts';
import { evaluateClaim } from '../../../src/domain/evaluation/verdict.ts';
import { judge } from '../../../src/domain/judgement.ts';
import type { Outcome } from '../../../src/domain/observation.ts';
import {
  ABSOLUTE,
  always,
  at,
  claim,
  HOUR,
  instants,
  MINUTE,
  observation,
  share,
  weekly,
  WEEKDAYS,
  window,
} from '../builders.ts';

/*
 * Stores hand verdicts the tallies of a window summed by hour of week (`slotTallies`). The verdict from those sums must
 * be the verdict from the hourly tallies, whatever the claim, zone, outcomes and window.
 */
const office = weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:00')]);
const kolkata = weekly('Asia/Kolkata', [window(WEEKDAYS, '09:30', '17:30')]);
const outcomes: readonly Outcome[] = [
  'answered',
  'answered',
  'answered',
  'answered',
  'unanswered',
  'inconclusive',
  'rejected',
];

/** Two weeks of attempts every `minutes`, outcomes cycling with a stride so hours differ. */
function tallies(subject: Claim, minutes: number, stride: number) {
  const times = instants(at('2026-01-05T00:00:00Z'), at('2026-01-19T00:00:00Z'), minutes * MINUTE);
  return tallyJudgements(
    times.map((t, i) =>
      judge(subject, observation(t + 7 * MINUTE, { outcome: outcomes[(i * stride) % outcomes.length] })),
    ),
  );
}

describe('evaluateClaim from slot tallies', () => {
  it.each<readonly [string, Hours, Claim['target'], number, number, string, string]>([
    [
      'a 24/7 absolute claim over both weeks',
      always('Europe/London'),
      ABSOLUTE,
      20,
      1,
      '2026-01-05T00:00:00Z',
      '2026-01-19T00:00:00Z',
    ],
    [
      'an office-hours share claim over one week',
      office,
      share(0.8),
      15,
      3,
      '2026-01-12T00:00:00Z',
      '2026-01-19T00:00:00Z',
    ],
    [
      'an office-hours share claim with a window starting mid-hour',
      office,
      share(0.5),
      10,
      2,
      '2026-01-06T10:30:00Z',
      '2026-01-09T16:00:00Z',
    ],
    [
      'a half-hour zone, where a UTC hour holds two hours of week',
      kolkata,
      share(0.7),
      15,
      5,
      '2026-01-05T00:00:00Z',
      '2026-01-12T00:00:00Z',
    ],
    ['a window with a single probed hour', office, share(0.5), 30, 1, '2026-01-07T10:00:00Z', '2026-01-07T11:00:00Z'],
    ['a window with nothing in it', office, ABSOLUTE, 30, 1, '2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z'],
  ])('gives the same verdict as hourly tallies: %s', (_name, hours, target, minutes, stride, from, to) => {
    const subject = claim({ hours, target, minSamples: 10 });
    const hourly = tallies(subject, minutes, stride);
    const window = { from: at(from), to: at(to), coverageTo: at(to) - HOUR };
    const fromHours = evaluateClaim(subject, hourly, window);
    const fromSlots = evaluateClaim(subject, slotTalliesOf(hourly, window.from, window.to), window);
    expect(fromSlots).toEqual(fromHours);
    expect(fromHours.samples.counted + fromHours.samples.inconclusive + fromHours.samples.outOfForce).toBe(
      hourly
        .filter((t) => t.hourStart + HOUR > window.from && t.hourStart < window.to)
        .reduce((n, t) => n + t.met + t.failed + t.inconclusive + t.outOfForce, 0),
    );
  });

  it('takes slot tallies as the window already applied: hours outside it are not there to cut', () => {
    const subject = claim({ hours: office, target: ABSOLUTE, minSamples: 1 });
    const hourly = tallies(subject, 30, 1);
    const week2 = { from: at('2026-01-12T00:00:00Z'), to: at('2026-01-19T00:00:00Z') };
    const allTime = evaluateClaim(subject, slotTalliesOf(hourly), week2);
    const cut = evaluateClaim(subject, slotTalliesOf(hourly, week2.from, week2.to), week2);
    expect(allTime.samples.counted).toBe(2 * cut.samples.counted);
  });
});
