import { describe, expect, it } from 'vitest';
import type { Claim, ClaimPromise, Hours, Target } from '../../../src/domain/claim.ts';
import { judgePopulation, judgeReading, readingProblem } from '../../../src/domain/population/population-judgement.ts';
import type { PopulationGap, PopulationReading } from '../../../src/domain/population/population-reading.ts';
import { evaluatePopulation, witnessOf } from '../../../src/domain/population/population-verdict.ts';
import { ABSOLUTE, always, at, DAILY, holiday, HOUR, MINUTE, share, WEEKDAYS, weekly, window } from '../builders.ts';

const TWO_MINUTES: ClaimPromise = { kind: 'human', withinMs: 2 * MINUTE };

function phoneClaim(
  hours: Hours,
  promise: ClaimPromise = TWO_MINUTES,
  target: Target = ABSOLUTE,
  minSamples = 1,
): Claim {
  return {
    id: 'phone-claim',
    copy: 'a real person answers within 2 minutes',
    publishedAt: ['https://example.test/contact'],
    owner: 'support-ops',
    channels: ['phone'],
    hours,
    promise,
    target,
    minSamples,
  };
}

/** A 5-minute reading of one queue: by default 10 calls, all answered within 2m, longest wait 40s. */
type ReadingFields = { readonly [K in keyof PopulationReading]?: PopulationReading[K] | undefined };

function reading(fromMs: number, fields: ReadingFields = {}): PopulationReading {
  const all = {
    collectorId: 'desk',
    queue: 'support',
    channel: 'voice',
    fromMs,
    toMs: fromMs + 5 * MINUTE,
    contacts: 10,
    abandoned: 0,
    withinPromise: 10,
    thresholdMs: 2 * MINUTE,
    longestWaitMs: 40_000,
    source: 'test',
    ...fields,
  };
  // An undefined field removes a default (a platform that gives no split).
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as unknown as PopulationReading;
}

const LONDON_OFFICE = weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:00')]);

describe('population counts in and out of force', () => {
  const claim = phoneClaim(LONDON_OFFICE);
  // Monday 5 January 2026: London is on GMT, local time is UTC.
  it.each([
    ['before opening', '2026-01-05T08:00:00Z', 'out-of-force'],
    ['the first five minutes', '2026-01-05T09:00:00Z', 'counted'],
    ['the last five minutes', '2026-01-05T16:55:00Z', 'counted'],
    ['closing time', '2026-01-05T17:00:00Z', 'out-of-force'],
    ['Saturday', '2026-01-10T10:00:00Z', 'out-of-force'],
    ['an interval straddling opening', '2026-01-05T08:57:00Z', 'partly-in-force'],
  ])('%s is %s', (_name, iso, status) => {
    expect(judgeReading(claim, reading(at(iso))).status).toBe(status);
  });

  it('counts only in-force contacts in the verdict', () => {
    const readings = [
      reading(at('2026-01-05T08:00:00Z'), { contacts: 50, withinPromise: 0 }),
      reading(at('2026-01-05T09:00:00Z')),
    ];
    const verdict = evaluatePopulation(claim, judgePopulation(claim, readings, []), {
      from: at('2026-01-05T08:00:00Z'),
      to: at('2026-01-05T10:00:00Z'),
    });
    expect(verdict.contacts).toMatchObject({ counted: 10, met: 10, failed: 0, outOfForce: 50 });
    expect(verdict.status).toBe('kept');
  });

  it("is out of force on a closed holiday, and in force in a holiday's reduced hours", () => {
    const christmas = phoneClaim(
      weekly(
        'Europe/London',
        [window(WEEKDAYS, '09:00', '17:00')],
        [holiday('2026-12-25'), holiday('2026-12-24', ['09:00', '13:00'])],
      ),
    );
    expect(judgeReading(christmas, reading(at('2026-12-25T10:00:00Z'))).status).toBe('out-of-force');
    expect(judgeReading(christmas, reading(at('2026-12-24T12:00:00Z'))).status).toBe('counted');
    expect(judgeReading(christmas, reading(at('2026-12-24T14:00:00Z'))).status).toBe('out-of-force');
  });

  it('ignores a chat queue for a phone claim', () => {
    expect(judgeReading(claim, reading(at('2026-01-05T09:00:00Z'), { channel: 'chat' })).status).toBe('other-channel');
  });
});

describe('across daylight saving', () => {
  // Every day 08:00-20:00 London time. Clocks go forward on Sunday 29 March 2026 at 01:00 UTC.
  const claim = phoneClaim(weekly('Europe/London', [window(DAILY, '08:00', '20:00')]));
  it('07:30 UTC is 07:30 local on Saturday (closed) and 08:30 local on Sunday (open)', () => {
    expect(judgeReading(claim, reading(at('2026-03-28T07:30:00Z'))).status).toBe('out-of-force');
    const sunday = judgeReading(claim, reading(at('2026-03-29T07:30:00Z')));
    expect(sunday.status).toBe('counted');
    expect(sunday.hourOfWeek).toBe(6 * 24 + 8);
  });
  it('19:30 UTC is in force in winter and out of force in summer', () => {
    expect(judgeReading(claim, reading(at('2026-03-28T19:30:00Z'))).status).toBe('counted');
    expect(judgeReading(claim, reading(at('2026-03-29T19:30:00Z'))).status).toBe('out-of-force');
  });
});

describe('abandoned contacts', () => {
  const from = at('2026-01-05T10:00:00Z');
  it('count against "a person answers": a customer who hung up after 40 minutes was not answered', () => {
    const claim = phoneClaim(always('Europe/London'), { kind: 'human', withinMs: null });
    const judged = judgeReading(claim, reading(from, { contacts: 10, abandoned: 1, longestWaitMs: 40 * MINUTE }));
    expect(judged).toMatchObject({ status: 'counted', met: 9, failed: 1 });
    const verdict = evaluatePopulation(claim, [judged], { from, to: from + 5 * MINUTE });
    expect(verdict.status).toBe('broken');
    expect(verdict.reasons[0]).toBe(
      '1 of 10 in-force contacts were not answered as promised; an absolute promise allows none',
    );
  });

  it('count against a time limit unless the platform says they gave up within it', () => {
    const claim = phoneClaim(always('Europe/London'), TWO_MINUTES, share(0.8));
    const unsplit = judgeReading(
      claim,
      reading(from, { contacts: 100, abandoned: 10, withinPromise: 85, longestWaitMs: 9 * MINUTE }),
    );
    expect(unsplit).toMatchObject({ met: 85, failed: 15, notCounted: 0, pastPromise: true });
    const split = judgeReading(
      claim,
      reading(from, {
        contacts: 100,
        abandoned: 10,
        withinPromise: undefined,
        thresholdMs: undefined,
        splits: [{ thresholdMs: 2 * MINUTE, answeredWithin: 85, abandonedWithin: 4 }],
        longestWaitMs: 9 * MINUTE,
      }),
    );
    expect(split).toMatchObject({ met: 85, failed: 11, notCounted: 4 });
  });
});

describe('an absolute claim', () => {
  const claim = phoneClaim(always('Europe/London'));
  const from = at('2026-01-05T00:00:00Z');
  const day = Array.from({ length: 288 }, (_, i) => reading(from + i * 5 * MINUTE));

  it('is kept when every in-force interval of a day was read and every wait met the promise', () => {
    const verdict = evaluatePopulation(claim, judgePopulation(claim, day, []), { from, to: from + 24 * HOUR });
    expect(verdict.status).toBe('kept');
    expect(verdict.contacts.counted).toBe(2_880);
  });

  it('is broken by a single long wait, even when the platform counted it within its service level', () => {
    const readings = day.map((r, i) => (i === 100 ? { ...r, longestWaitMs: 9 * MINUTE } : r));
    const verdict = evaluatePopulation(claim, judgePopulation(claim, readings, []), { from, to: from + 24 * HOUR });
    expect(verdict.status).toBe('broken');
    expect(verdict.contacts.failed).toBe(0);
    expect(verdict.pastPromise).toEqual([
      {
        collectorId: 'desk',
        queue: 'support',
        fromMs: from + 500 * MINUTE,
        toMs: from + 505 * MINUTE,
        longestWaitMs: 9 * MINUTE,
      },
    ]);
    expect(verdict.reasons[0]).toBe(
      'a contact waited 9m in force (2026-01-05 08:20 UTC, queue support), past the 2m promised; an absolute promise allows none',
    );
  });

  it('keeps the first 20 long waits and counts every one in its reason', () => {
    const readings = day.map((r, i) => (i % 10 === 0 ? { ...r, longestWaitMs: 9 * MINUTE } : r));
    const verdict = evaluatePopulation(claim, judgePopulation(claim, readings, []), { from, to: from + 24 * HOUR });
    expect(verdict.status).toBe('broken');
    expect(verdict.pastPromise).toHaveLength(20);
    expect(verdict.reasons[0]).toBe(
      'a contact waited 9m in force (2026-01-05 00:00 UTC, queue support), past the 2m promised, and in 28 more intervals; an absolute promise allows none',
    );
  });

  it('is broken by a long wait the platform did not split at the limit', () => {
    const r = reading(from, { withinPromise: 9, thresholdMs: 20_000, longestWaitMs: 3 * MINUTE });
    const judged = judgeReading(claim, r);
    expect(judged).toMatchObject({ status: 'unjudged', pastPromise: true });
    expect(evaluatePopulation(claim, [judged], { from, to: from + 5 * MINUTE }).status).toBe('broken');
  });
});

describe('a share claim on counts', () => {
  const claim = phoneClaim(always('Europe/London'), TWO_MINUTES, share(0.95), 30);
  const from = at('2026-01-05T00:00:00Z');
  // 100 quarter hours of 100 calls each, 97 answered within 2m: 10,000 contacts, 9,700 met.
  const readings = Array.from({ length: 100 }, (_, i) =>
    reading(from + i * 15 * MINUTE, {
      toMs: from + (i + 1) * 15 * MINUTE,
      contacts: 100,
      abandoned: 2,
      withinPromise: 97,
      longestWaitMs: 5 * MINUTE,
    }),
  );
  const win = { from, to: from + 25 * HOUR };

  it('is kept on 10,000 contacts: the interval is narrow', () => {
    const verdict = evaluatePopulation(claim, judgePopulation(claim, readings, []), win);
    expect(verdict.status).toBe('kept');
    expect(verdict.contacts).toMatchObject({ counted: 10_000, met: 9_700, failed: 300 });
    expect(verdict.interval?.lower).toBeCloseTo(0.9664, 3);
    expect(verdict.reasons[0]).toBe(
      '97.0% of 10000 contacts met the promise (95% interval 96.6%-97.3%), meeting the 95.0% promised',
    );
    expect(witnessOf(verdict)).toMatchObject({ source: 'population', n: 10_000, met: 9_700, status: 'kept' });
  });

  it('is unproven at the same compliance on 100 contacts', () => {
    const verdict = evaluatePopulation(claim, judgePopulation(claim, readings.slice(0, 1), []), {
      from,
      to: from + 15 * MINUTE,
    });
    expect(verdict.status).toBe('unproven');
  });

  it('is broken when the whole interval lies below the target', () => {
    const poor = readings.map((r) => ({ ...r, withinPromise: 80 }));
    expect(evaluatePopulation(claim, judgePopulation(claim, poor, []), win).status).toBe('broken');
  });
});

describe('failure is not evidence', () => {
  const claim = phoneClaim(always('Europe/London'));
  const from = at('2026-01-05T10:00:00Z');
  const outage: PopulationGap = {
    collectorId: 'desk',
    fromMs: from + 5 * MINUTE,
    toMs: from + 10 * MINUTE,
    code: 'server-error',
    reason: 'the platform answered 503',
  };

  it('an outage interval is inconclusive: a gap, never kept', () => {
    const judged = judgePopulation(claim, [reading(from), reading(from + 10 * MINUTE)], [outage]);
    expect(judged.map((j) => j.status)).toEqual(['counted', 'gap', 'counted']);
    const verdict = evaluatePopulation(claim, judged, { from: from + 5 * MINUTE, to: from + 10 * MINUTE });
    expect(verdict.status).toBe('unproven');
    expect(verdict.contacts.counted).toBe(0);
    expect(verdict.reasons).toContain(
      'collection failed for 5m in force (1 intervals: server-error 1); those intervals are inconclusive',
    );
  });

  it('a later successful read of the same interval supersedes the gap', () => {
    const judged = judgePopulation(claim, [reading(from), reading(from + 5 * MINUTE)], [outage]);
    expect(judged.map((j) => j.status)).toEqual(['counted', 'counted']);
  });

  it("an outage outside the claim's hours is out of force", () => {
    const office = phoneClaim(LONDON_OFFICE);
    const night = { ...outage, fromMs: at('2026-01-05T02:00:00Z'), toMs: at('2026-01-05T03:00:00Z') };
    expect(judgePopulation(office, [], [night])[0]?.status).toBe('out-of-force');
  });

  it.each([
    ['a negative count', { contacts: -1 }, 'contacts is -1, not a count'],
    ['more abandoned than contacts', { abandoned: 11 }, 'more contacts abandoned than contacts'],
    [
      'more within the limit than answered',
      { abandoned: 2, withinPromise: 9 },
      'more contacts answered within the limit than answered',
    ],
    ['a fraction', { contacts: 2.5 }, 'contacts is 2.5, not a count'],
  ])('a reading with %s is refused', (_name, fields, problem) => {
    expect(readingProblem(reading(from, fields))).toBe(problem);
  });
});
