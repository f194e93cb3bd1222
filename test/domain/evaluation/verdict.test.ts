import { describe, expect, it } from 'vitest';
import type { Claim, ClaimPromise, Target } from '../../../src/domain/claim.ts';
import { tallyJudgements } from '../../../src/domain/evaluation/tally.ts';
import { evaluateClaim, type Verdict } from '../../../src/domain/evaluation/verdict.ts';
import { judge } from '../../../src/domain/judgement.ts';
import type { Observation, Outcome } from '../../../src/domain/observation.ts';
import { ABSOLUTE, at, claim, instants, MINUTE, observation, share, weekly, WEEKDAYS, window } from '../builders.ts';

/*
 * A London office chat, Mon-Fri 09:00-17:00, over the week of Monday 2026-01-05 (GMT, so local = UTC): 40 promised
 * hours. Probing every 15 minutes gives 672 attempts: 160 in force and 512 out of hours. Tallies are built by judging
 * each observation, as the store does.
 */
const FROM = at('2026-01-05T00:00:00Z');
const TO = at('2026-01-12T00:00:00Z');
const office = weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:00')]);
const ANSWERED: ClaimPromise = { kind: 'answered' };
const Z2 = 1.959963984540054 ** 2;

function officeClaim(target: Target, minSamples = 30): Claim {
  return claim({ id: 'office-chat', hours: office, promise: ANSWERED, target, minSamples });
}

/** The day-and-time label of an instant in London winter (UTC), e.g. "Wed 10:15". */
function label(t: number): string {
  const d = new Date(t);
  return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]} ${d.toISOString().slice(11, 16)}`;
}

/** Probes every `stepMinutes`; `outcomeAt` says what happened at each attempt ("skip" for no attempt). */
function probe(outcomeAt: (label: string, index: number) => Outcome | 'skip', stepMinutes = 15): Observation[] {
  return instants(FROM, TO, stepMinutes * MINUTE).flatMap((t, i) => {
    const outcome = outcomeAt(label(t), i);
    return outcome === 'skip' ? [] : [observation(t, { outcome })];
  });
}

function verdictOf(subject: Claim, observations: readonly Observation[]): Verdict {
  const tallies = tallyJudgements(observations.map((o) => judge(subject, o)));
  return evaluateClaim(subject, tallies, { from: FROM, to: TO });
}

const inOffice = (l: string): boolean =>
  !l.startsWith('Sat') && !l.startsWith('Sun') && l.slice(4) >= '09:00' && l.slice(4) < '17:00';
const allAnswered = (): Outcome => 'answered';
const officeHour = (l: string): string => `${l.slice(0, 7)}00`;

type Expectation = {
  status: Verdict['status'];
  reasons: string[];
  samples: Verdict['samples'];
  compliance: number | null;
};

describe('evaluateClaim verdict rules', () => {
  it.each<readonly [string, Claim, () => Observation[], Expectation]>([
    [
      'an absolute claim with every in-force attempt met is kept',
      officeClaim(ABSOLUTE),
      () => probe(allAnswered),
      {
        status: 'kept',
        reasons: ['all 160 in-force attempts met the promise, every promised hour probed'],
        samples: { counted: 160, met: 160, failed: 0, inconclusive: 0, outOfForce: 512 },
        compliance: 1,
      },
    ],
    [
      'an absolute claim is broken by a single in-force failure',
      officeClaim(ABSOLUTE),
      () => probe((l) => (l === 'Wed 10:15' ? 'unanswered' : 'answered')),
      {
        status: 'broken',
        reasons: ['1 of 160 in-force attempts failed; an absolute promise allows none'],
        samples: { counted: 160, met: 159, failed: 1, inconclusive: 0, outOfForce: 512 },
        compliance: 159 / 160,
      },
    ],
    [
      'an absolute claim is broken by its first failure, before coverage or minimum samples',
      officeClaim(ABSOLUTE),
      () => probe((l) => (l === 'Tue 11:00' ? 'rejected' : 'skip')),
      {
        status: 'broken',
        reasons: ['1 of 1 in-force attempts failed; an absolute promise allows none'],
        samples: { counted: 1, met: 0, failed: 1, inconclusive: 0, outOfForce: 0 },
        compliance: 0,
      },
    ],
    [
      'out-of-hours failures never break a claim',
      officeClaim(ABSOLUTE),
      () => probe((l) => (inOffice(l) ? 'answered' : 'unanswered')),
      {
        status: 'kept',
        reasons: ['all 160 in-force attempts met the promise, every promised hour probed'],
        samples: { counted: 160, met: 160, failed: 0, inconclusive: 0, outOfForce: 512 },
        compliance: 1,
      },
    ],
    [
      'inconclusive attempts are not counted but are reported',
      officeClaim(ABSOLUTE),
      () => probe((l) => (l === 'Wed 10:15' || l === 'Fri 16:45' ? 'inconclusive' : 'answered')),
      {
        status: 'kept',
        reasons: [
          'all 158 in-force attempts met the promise, every promised hour probed',
          '2 inconclusive attempts (our side failed) were not counted',
        ],
        samples: { counted: 158, met: 158, failed: 0, inconclusive: 2, outOfForce: 512 },
        compliance: 1,
      },
    ],
    [
      'a share claim is broken when the interval lies wholly below the target',
      officeClaim(share(0.95)),
      () => probe((_l, i) => (i % 2 === 0 ? 'answered' : 'unanswered')),
      {
        status: 'broken',
        reasons: ['compliance 50.0% (95% interval 42.3%-57.7%) is below the 95.0% promised'],
        samples: { counted: 160, met: 80, failed: 80, inconclusive: 0, outOfForce: 512 },
        compliance: 0.5,
      },
    ],
    [
      'a share claim is broken on clear evidence even before minimum samples and coverage',
      officeClaim(share(0.8)),
      () =>
        probe((l) =>
          l.startsWith('Mon 09') || l.startsWith('Mon 10') || l === 'Mon 11:00' || l === 'Mon 11:15'
            ? 'unanswered'
            : 'skip',
        ),
      {
        status: 'broken',
        reasons: ['compliance 0.0% (95% interval 0.0%-27.8%) is below the 80.0% promised'],
        samples: { counted: 10, met: 0, failed: 10, inconclusive: 0, outOfForce: 0 },
        compliance: 0,
      },
    ],
    [
      'a share claim is kept when the interval lies wholly above the target',
      officeClaim(share(0.9)),
      () => probe((l) => (l === 'Mon 09:00' || l === 'Thu 16:45' ? 'unanswered' : 'answered')),
      {
        status: 'kept',
        reasons: ['compliance 98.8% (95% interval 95.6%-99.7%) meets the 90.0% promised'],
        samples: { counted: 160, met: 158, failed: 2, inconclusive: 0, outOfForce: 512 },
        compliance: 158 / 160,
      },
    ],
    [
      'a 100% share is judged as absolute, so it can be kept',
      officeClaim(share(1)),
      () => probe(allAnswered),
      {
        status: 'kept',
        reasons: ['all 160 in-force attempts met the promise, every promised hour probed'],
        samples: { counted: 160, met: 160, failed: 0, inconclusive: 0, outOfForce: 512 },
        compliance: 1,
      },
    ],
    [
      'a 100% share is broken by a single failure',
      officeClaim(share(1)),
      () => probe((l) => (l === 'Thu 13:30' ? 'unanswered' : 'answered')),
      {
        status: 'broken',
        reasons: ['1 of 160 in-force attempts failed; an absolute promise allows none'],
        samples: { counted: 160, met: 159, failed: 1, inconclusive: 0, outOfForce: 512 },
        compliance: 159 / 160,
      },
    ],
    [
      'no observations at all leave a claim unproven',
      officeClaim(ABSOLUTE),
      () => [],
      {
        status: 'unproven',
        reasons: [
          'no in-force observations in the window',
          '40 promised hours of the week were never probed (Mon 09:00, Mon 10:00, Mon 11:00, Mon 12:00, Mon 13:00, Mon 14:00, …)',
        ],
        samples: { counted: 0, met: 0, failed: 0, inconclusive: 0, outOfForce: 0 },
        compliance: null,
      },
    ],
    [
      'only out-of-hours and inconclusive observations leave a claim unproven',
      officeClaim(share(0.9)),
      () => probe((l) => (inOffice(l) ? 'inconclusive' : 'answered')),
      {
        status: 'unproven',
        reasons: [
          'no in-force observations in the window',
          '40 promised hours of the week were never probed (Mon 09:00, Mon 10:00, Mon 11:00, Mon 12:00, Mon 13:00, Mon 14:00, …)',
          '160 inconclusive attempts (our side failed) were not counted',
        ],
        samples: { counted: 0, met: 0, failed: 0, inconclusive: 160, outOfForce: 512 },
        compliance: null,
      },
    ],
    [
      'promised hours never probed leave a faultless claim unproven, and are named',
      officeClaim(ABSOLUTE),
      () => probe((l) => (officeHour(l) === 'Wed 14:00' || officeHour(l) === 'Thu 09:00' ? 'skip' : 'answered')),
      {
        status: 'unproven',
        reasons: ['2 promised hours of the week were never probed (Wed 14:00, Thu 09:00)'],
        samples: { counted: 152, met: 152, failed: 0, inconclusive: 0, outOfForce: 512 },
        compliance: 1,
      },
    ],
    [
      'an hour probed only inconclusively was never probed',
      officeClaim(share(0.5)),
      () => probe((l) => (officeHour(l) === 'Fri 16:00' ? 'inconclusive' : 'answered')),
      {
        status: 'unproven',
        reasons: [
          '1 promised hours of the week were never probed (Fri 16:00)',
          '4 inconclusive attempts (our side failed) were not counted',
        ],
        samples: { counted: 156, met: 156, failed: 0, inconclusive: 4, outOfForce: 512 },
        compliance: 1,
      },
    ],
    [
      'too few in-force samples leave a claim unproven',
      officeClaim(ABSOLUTE, 50),
      () => probe(allAnswered, 60),
      {
        status: 'unproven',
        reasons: ['only 40 in-force observations; at least 50 are needed'],
        samples: { counted: 40, met: 40, failed: 0, inconclusive: 0, outOfForce: 128 },
        compliance: 1,
      },
    ],
    [
      'missing hours and too few samples are both given',
      officeClaim(share(0.5), 50),
      () => probe((l) => (l.startsWith('Mon') ? 'skip' : 'answered'), 60),
      {
        status: 'unproven',
        reasons: [
          '8 promised hours of the week were never probed (Mon 09:00, Mon 10:00, Mon 11:00, Mon 12:00, Mon 13:00, Mon 14:00, …)',
          'only 32 in-force observations; at least 50 are needed',
        ],
        samples: { counted: 32, met: 32, failed: 0, inconclusive: 0, outOfForce: 112 },
        compliance: 1,
      },
    ],
    [
      'an interval that straddles the target leaves a share claim unproven',
      officeClaim(share(0.9)),
      () =>
        probe(
          (l) => (['Mon 09:00', 'Tue 12:00', 'Wed 15:00', 'Fri 10:00'].includes(l) ? 'unanswered' : 'answered'),
          60,
        ),
      {
        status: 'unproven',
        reasons: [
          'compliance 90.0% but its 95% interval 76.9%-96.0% still includes the 90.0% target; more observations are needed',
        ],
        samples: { counted: 40, met: 36, failed: 4, inconclusive: 0, outOfForce: 128 },
        compliance: 0.9,
      },
    ],
  ])('%s', (_name, subject, observations, expected) => {
    const verdict = verdictOf(subject, observations());
    expect({
      status: verdict.status,
      reasons: verdict.reasons,
      samples: verdict.samples,
      compliance: verdict.compliance,
    }).toEqual(expected);
  });
});

describe('evaluateClaim intervals and targets', () => {
  it.each<readonly [string, Target, number, number, { absolute: boolean; share: number }]>([
    ['all of 160 for an absolute claim', ABSOLUTE, 160, 160, { absolute: true, share: 1 }],
    ['80 of 160 for a 95% claim', share(0.95), 80, 160, { absolute: false, share: 0.95 }],
    ['36 of 40 for a 90% claim', share(0.9), 36, 40, { absolute: false, share: 0.9 }],
  ])('reports the Wilson interval and the target for %s', (_name, target, met, counted, expectedTarget) => {
    const outcomes: Outcome[] = Array.from({ length: counted }, (_, i) => (i < met ? 'answered' : 'unanswered'));
    const step = counted === 40 ? 60 : 15;
    let next = 0;
    const verdict = verdictOf(
      officeClaim(target),
      probe((l) => (inOffice(l) ? (outcomes[next++] as Outcome) : 'skip'), step),
    );
    // The Wilson bounds solve (1 + z²/n)p² - (2p̂ + z²/n)p + p̂² = 0.
    const p = met / counted;
    const a = 1 + Z2 / counted;
    const b = 2 * p + Z2 / counted;
    const root = Math.sqrt(b * b - 4 * a * p * p);
    expect(verdict.target).toEqual(expectedTarget);
    expect(verdict.interval?.lower).toBeCloseTo((b - root) / (2 * a), 10);
    expect(verdict.interval?.upper).toBeCloseTo(met === counted ? 1 : (b + root) / (2 * a), 10);
  });

  it('gives no interval when nothing counted', () => {
    const verdict = verdictOf(officeClaim(share(0.9)), []);
    expect(verdict.interval).toBeNull();
    expect(verdict.compliance).toBeNull();
  });
});

describe('evaluateClaim on the worked example of docs/architecture/evaluation.md', () => {
  const verdict = verdictOf(
    officeClaim(share(0.9)),
    probe((l) => (l === 'Mon 09:00' || l === 'Thu 16:45' ? 'unanswered' : 'answered')),
  );

  it.each<readonly [string, (v: Verdict) => unknown, unknown]>([
    ['the status', (v) => v.status, 'kept'],
    ['the coverage', (v) => v.coverage, { promised: 40, probed: 40, ratio: 1, missing: [] }],
    [
      'the worst hours',
      (v) => v.worstHours.map((h) => `${h.label} ${h.met}/${h.counted}`),
      ['Mon 09:00 3/4', 'Thu 16:00 3/4'],
    ],
    [
      'the Monday 09:00 slot',
      (v) => v.hours[9],
      { slot: 9, label: 'Mon 09:00', promised: true, counted: 4, met: 3, compliance: 0.75 },
    ],
    [
      'the interval to four decimals',
      (v) => [v.interval?.lower.toFixed(4), v.interval?.upper.toFixed(4)],
      ['0.9556', '0.9966'],
    ],
  ])('gives %s', (_name, read, expected) => {
    expect(read(verdict)).toEqual(expected);
  });
});
