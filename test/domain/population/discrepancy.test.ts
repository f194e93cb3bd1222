import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/domain/evaluation/verdict.ts';
import { wilsonInterval } from '../../../src/domain/evaluation/wilson.ts';
import { compareWitnesses, probesWitnessOf, witnessesOf } from '../../../src/domain/population/discrepancy.ts';
import type { PopulationVerdict, Witness } from '../../../src/domain/population/population-verdict.ts';

const witness = (source: Witness['source'], met: number, n: number): Witness => ({
  claimId: 'chat-live-24-7',
  source,
  from: 0,
  to: 1,
  status: 'unproven',
  n,
  met,
  compliance: n === 0 ? null : met / n,
  interval: n === 0 ? null : wilsonInterval(met, n),
  longestWaitMs: null,
});

describe('two witnesses of one claim', () => {
  it.each([
    [
      'the platform says all 280 met, the probes 60 of 120: the platform flatters',
      280,
      280,
      60,
      120,
      'platform-better',
    ],
    [
      'the platform says 500 of 1,000, the probes 30 of 30: the probes fared better',
      500,
      1_000,
      30,
      30,
      'probes-better',
    ],
  ] as const)('%s', (_name, popMet, popN, probeMet, probeN, direction) => {
    const found = compareWitnesses(witness('probes', probeMet, probeN), witness('population', popMet, popN), [
      'ivr',
      'bot',
    ]);
    expect(found?.direction).toBe(direction);
    expect(found?.gap).toBeGreaterThan(0);
    expect(found?.population.n).toBe(popN);
    expect(found?.probes.n).toBe(probeN);
  });

  it.each([
    ['intervals that overlap (95% of 1,000 against 28 of 30)', 950, 1_000, 28, 30],
    ['a platform that counted nothing (the bot never handed over)', 0, 0, 0, 120],
    ['probes that counted nothing', 280, 280, 0, 0],
    ['one probe attempt failed against 10 contacts met: its interval still reaches theirs', 10, 10, 0, 1],
  ] as const)('no discrepancy for %s', (_name, popMet, popN, probeMet, probeN) => {
    expect(compareWitnesses(witness('probes', probeMet, probeN), witness('population', popMet, popN), [])).toBeNull();
  });

  it('names the segments the platform does not count when its figure is the better one', () => {
    const found = compareWitnesses(witness('probes', 60, 120), witness('population', 280, 280), ['ivr', 'bot']);
    expect(found?.uncounted).toEqual(['bot', 'ivr']);
    expect(found?.reason).toBe(
      "the platform counted 100.0% of 280 contacts (95% interval 98.6%-100.0%) as meeting the promise; Kept's probes " +
        "50.0% of 120 attempts (95% interval 41.2%-58.8%): the platform's clock does not count the bot and ivr, " +
        'where customers wait',
    );
  });

  it('names no segment when the probes fared better, nor when the platform does not say', () => {
    const better = compareWitnesses(witness('probes', 30, 30), witness('population', 500, 1_000), ['bot']);
    expect(better?.uncounted).toEqual([]);
    expect(better?.reason).toMatch(/the probes fared better/);
    const unsaid = compareWitnesses(witness('probes', 60, 120), witness('population', 280, 280), []);
    expect(unsaid?.reason).toMatch(/does not see part of what customers live through$/);
  });

  it("pairs each claim's population verdict with the probes' verdict of the same claim", () => {
    const probes = {
      claimId: 'chat-live-24-7',
      status: 'broken',
      window: { from: 0, to: 1 },
      samples: { counted: 120, met: 60, failed: 60, inconclusive: 0, outOfForce: 0 },
      compliance: 0.5,
      interval: wilsonInterval(60, 120),
    } as unknown as Verdict;
    const population = (claimId: string): PopulationVerdict =>
      ({
        claimId,
        status: 'kept',
        window: { from: 0, to: 1 },
        contacts: { counted: 280, met: 280, failed: 0, notCounted: 0, outOfForce: 0, unjudged: 0 },
        compliance: 1,
        interval: wilsonInterval(280, 280),
        longestWaitMs: 19_000,
        uncounted: ['bot', 'ivr'],
      }) as unknown as PopulationVerdict;
    const paired = witnessesOf(
      [probes],
      new Map([
        ['chat-live-24-7', population('chat-live-24-7')],
        ['unprobed', population('unprobed')],
      ]),
    );
    expect(paired.get('chat-live-24-7')?.discrepancy?.direction).toBe('platform-better');
    expect(paired.get('chat-live-24-7')?.discrepancy?.uncounted).toEqual(['bot', 'ivr']);
    expect(paired.get('unprobed')).toMatchObject({ claimId: 'unprobed', discrepancy: null });
    expect(probesWitnessOf(probes)).toMatchObject({ source: 'probes', n: 120, met: 60, compliance: 0.5 });
  });
});
