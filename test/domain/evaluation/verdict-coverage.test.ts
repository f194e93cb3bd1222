import { describe, expect, it } from 'vitest';
import type { Claim, Hours } from '../../../src/domain/claim.ts';
import { tallyJudgements, type HourTally } from '../../../src/domain/evaluation/tally.ts';
import { evaluateClaim, type Verdict } from '../../../src/domain/evaluation/verdict.ts';
import { judge } from '../../../src/domain/judgement.ts';
import type { Observation, Outcome } from '../../../src/domain/observation.ts';
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

// Wednesday 2026-01-07 in London (GMT): slots 2*24+h, labelled "Wed HH:00".
const office = weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:00')]);
const officeClaim = claim({ id: 'office-chat', hours: office, target: share(0.5), minSamples: 1 });

function tallies(subject: Claim, observations: readonly Observation[]): HourTally[] {
  return tallyJudgements(observations.map((o) => judge(subject, o)));
}

function verdictOf(subject: Claim, observations: readonly Observation[], from: string, to: string): Verdict {
  return evaluateClaim(subject, tallies(subject, observations), { from: at(from), to: at(to) });
}

/** Attempts on Wednesday in hour `hour`, 10 minutes apart, with the given outcomes. */
function wednesday(hour: number, outcomes: readonly Outcome[]): Observation[] {
  const start = at('2026-01-07T00:00:00Z') + hour * HOUR;
  return outcomes.map((outcome, i) => observation(start + i * 10 * MINUTE, { outcome }));
}
const ok = (n: number): Outcome[] => Array<Outcome>(n).fill('answered');
const ko = (n: number): Outcome[] => Array<Outcome>(n).fill('unanswered');

describe('evaluateClaim worst hours', () => {
  const observations = [
    ...wednesday(9, ko(2)), // 0%, 2 failures
    ...wednesday(10, ko(4)), // 0%, 4 failures: first among equals
    ...wednesday(11, [...ok(1), ...ko(3)]), // 25%
    ...wednesday(12, [...ok(1), ...ko(1)]), // 50%, 1 failure
    ...wednesday(13, [...ok(2), ...ko(2)]), // 50%, 2 failures
    ...wednesday(14, [...ok(3), ...ko(1)]), // 75%: sixth, left out
    ...wednesday(15, ok(4)), // no failure: never a worst hour
    ...wednesday(16, ok(4)),
  ];
  const verdict = verdictOf(officeClaim, observations, '2026-01-07T00:00:00Z', '2026-01-08T00:00:00Z');

  it.each([
    [0, 'Wed 10:00', 4, 0],
    [1, 'Wed 09:00', 2, 0],
    [2, 'Wed 11:00', 4, 1],
    [3, 'Wed 13:00', 4, 2],
    [4, 'Wed 12:00', 2, 1],
  ])('ranks worst hour #%i as %s (%i counted, %i met)', (rank, label, counted, met) => {
    expect(verdict.worstHours[rank]).toMatchObject({ label, counted, met, compliance: met / counted, promised: true });
  });

  it('lists at most five worst hours, only hours that failed', () => {
    expect(verdict.worstHours.map((h) => h.label)).toEqual([
      'Wed 10:00',
      'Wed 09:00',
      'Wed 11:00',
      'Wed 13:00',
      'Wed 12:00',
    ]);
  });

  it('has no worst hours when nothing failed', () => {
    const clean = verdictOf(officeClaim, wednesday(10, ok(3)), '2026-01-07T00:00:00Z', '2026-01-08T00:00:00Z');
    expect(clean.worstHours).toEqual([]);
  });
});

describe('evaluateClaim hours and coverage', () => {
  const observations = [
    ...wednesday(9, ok(2)),
    ...wednesday(10, [...ok(1), ...ko(2)]),
    ...wednesday(20, ko(3)),
    ...wednesday(11, ['inconclusive']),
  ];
  const verdict = verdictOf(officeClaim, observations, '2026-01-07T00:00:00Z', '2026-01-08T00:00:00Z');

  it.each([
    ['an hour met twice', 57, { label: 'Wed 09:00', promised: true, counted: 2, met: 2, compliance: 1 }],
    ['an hour met once of three', 58, { label: 'Wed 10:00', promised: true, counted: 3, met: 1, compliance: 1 / 3 }],
    [
      'an hour probed only inconclusively',
      59,
      { label: 'Wed 11:00', promised: true, counted: 0, met: 0, compliance: null },
    ],
    ['a promised hour never probed', 64, { label: 'Wed 16:00', promised: true, counted: 0, met: 0, compliance: null }],
    [
      'an out-of-hours hour with failures',
      68,
      { label: 'Wed 20:00', promised: false, counted: 0, met: 0, compliance: null },
    ],
    ['an hour outside the window', 9, { label: 'Mon 09:00', promised: false, counted: 0, met: 0, compliance: null }],
  ])('reports %s in its slot', (_name, slot, expected) => {
    expect(verdict.hours).toHaveLength(168);
    expect(verdict.hours[slot]).toEqual({ slot, ...expected });
  });

  it('counts promised and probed hours of the week', () => {
    expect(verdict.coverage).toEqual({
      promised: 8,
      probed: 2,
      ratio: 0.25,
      missing: ['Wed 11:00', 'Wed 12:00', 'Wed 13:00', 'Wed 14:00', 'Wed 15:00', 'Wed 16:00'],
    });
    expect(verdict.samples).toEqual({ counted: 5, met: 3, failed: 2, inconclusive: 1, outOfForce: 3 });
  });
});

const probedEvery = (from: string, to: string, minutes: number): Observation[] =>
  instants(at(from), at(to), minutes * MINUTE).map((t) => observation(t));

describe('evaluateClaim coverage across zones and clock changes', () => {
  it.each<readonly [string, Hours, string, string, number, Partial<Verdict['coverage']>, Verdict['status']]>([
    [
      '24/7 in London over the spring week: 167 hours exist and all are probed',
      always('Europe/London'),
      '2026-03-23T00:00:00+00:00',
      '2026-03-30T00:00:00+01:00',
      15,
      { promised: 167, probed: 167, ratio: 1 },
      'kept',
    ],
    [
      '24/7 in New York over the autumn week: the doubled hour is one slot',
      always('America/New_York'),
      '2026-10-26T00:00:00-04:00',
      '2026-11-02T00:00:00-05:00',
      30,
      { promised: 168, probed: 168, ratio: 1 },
      'kept',
    ],
    [
      'Kolkata 09:30-17:30 probed every 30 minutes covers nine hours a day',
      weekly('Asia/Kolkata', [window(WEEKDAYS, '09:30', '17:30')]),
      '2026-01-05T00:00:00+05:30',
      '2026-01-12T00:00:00+05:30',
      30,
      { promised: 45, probed: 45, ratio: 1 },
      'kept',
    ],
    [
      'Kolkata 09:30-17:30 probed hourly on the hour never sees 09:30-09:59',
      weekly('Asia/Kolkata', [window(WEEKDAYS, '09:30', '17:30')]),
      '2026-01-05T00:00:00+05:30',
      '2026-01-12T00:00:00+05:30',
      60,
      {
        promised: 45,
        probed: 40,
        ratio: 40 / 45,
        missing: ['Mon 09:00', 'Tue 09:00', 'Wed 09:00', 'Thu 09:00', 'Fri 09:00'],
      },
      'unproven',
    ],
  ])('%s', (_name, hours, from, to, minutes, coverage, status) => {
    // Probes start at local midnight, so hourly ones land on hh:00 local and never in 09:30-09:59.
    const subject = claim({ hours, target: ABSOLUTE, minSamples: 30 });
    const verdict = verdictOf(subject, probedEvery(from, to, minutes), from, to);
    expect(verdict.coverage).toMatchObject(coverage);
    expect(verdict.status).toBe(status);
  });
});

describe('evaluateClaim window bounds', () => {
  // One attempt per hour from Monday to the next Monday; a failure on Tuesday 10:00, outside the window below.
  const observations = instants(at('2026-01-05T00:00:00Z'), at('2026-01-12T00:00:00Z'), HOUR).map((t) =>
    observation(t + 20 * MINUTE, { outcome: t === at('2026-01-06T10:00:00Z') ? 'unanswered' : 'answered' }),
  );
  const subject = claim({ hours: office, target: ABSOLUTE, minSamples: 1 });
  const all = tallies(subject, observations);

  it.each([
    [
      'a window of Wednesday office hours promises and counts only Wednesday',
      '2026-01-07T00:00:00Z',
      '2026-01-08T00:00:00Z',
      8,
      8,
      'kept',
    ],
    [
      'a window that includes Tuesday sees its failure',
      '2026-01-06T00:00:00Z',
      '2026-01-08T00:00:00Z',
      16,
      16,
      'broken',
    ],
    [
      'a window ending at Tuesday 10:00 excludes the hour starting then',
      '2026-01-05T00:00:00Z',
      '2026-01-06T10:00:00Z',
      9,
      9,
      'kept',
    ],
    [
      'a window starting inside Tuesday 10:00 includes that hour',
      '2026-01-06T10:30:00Z',
      '2026-01-06T12:00:00Z',
      2,
      2,
      'broken',
    ],
    [
      'a window starting at Tuesday 11:00 excludes the hour before',
      '2026-01-06T11:00:00Z',
      '2026-01-06T17:00:00Z',
      6,
      6,
      'kept',
    ],
    [
      'a weekend window promises nothing and counts nothing',
      '2026-01-10T00:00:00Z',
      '2026-01-12T00:00:00Z',
      0,
      0,
      'unproven',
    ],
  ])('%s', (_name, from, to, promised, counted, status) => {
    const verdict = evaluateClaim(subject, all, { from: at(from), to: at(to) });
    expect(verdict.window).toEqual({ from: at(from), to: at(to) });
    expect(verdict.coverage.promised).toBe(promised);
    expect(verdict.samples.counted).toBe(counted);
    expect(verdict.status).toBe(status);
  });

  it('has full coverage when nothing is promised in the window', () => {
    const verdict = evaluateClaim(subject, all, { from: at('2026-01-10T00:00:00Z'), to: at('2026-01-12T00:00:00Z') });
    expect(verdict.coverage).toEqual({ promised: 0, probed: 0, ratio: 1, missing: [] });
    expect(verdict.reasons).toEqual(['no in-force observations in the window']);
  });
});
