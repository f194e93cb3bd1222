import type { Verdict } from '../evaluation/verdict.ts';
import type { PopulationVerdict, Witness } from './population-verdict.ts';
import { witnessOf } from './population-verdict.ts';

/**
 * Two witnesses of one claim that do not agree: what the platform counted for every real customer, and what Kept's
 * probes lived through as customers, with 95% intervals that do not meet (docs/architecture/collectors.md, "Two
 * witnesses"). The usual cause is a platform clock that starts late (after the IVR, after the bot) or a queue that
 * never sees the customers the bot kept: `uncounted` names those segments.
 */
export interface Discrepancy {
  readonly claimId: string;
  /** `platform-better`: the platform's figure flatters (the probes waited longer); `probes-better`: the reverse. */
  readonly direction: 'platform-better' | 'probes-better';
  /** The distance between the two intervals, in share points (0-1): how far apart they are at their closest. */
  readonly gap: number;
  readonly population: WitnessSummary;
  readonly probes: WitnessSummary;
  /** Segments of a customer's wait the platform's clock does not count (`ivr`, `bot`), from its readings. */
  readonly uncounted: readonly string[];
  readonly reason: string;
}

export interface WitnessSummary {
  readonly n: number;
  readonly met: number;
  readonly compliance: number;
  readonly interval: { readonly lower: number; readonly upper: number };
}

/** Both witnesses of a claim side by side, and their discrepancy when their intervals do not meet. */
export interface TwoWitnesses {
  readonly claimId: string;
  readonly population: PopulationVerdict;
  readonly discrepancy: Discrepancy | null;
}

/** The probes' judgement of a claim as a witness: N attempts counted, compliance and its Wilson interval. */
export function probesWitnessOf(verdict: Verdict): Witness {
  return {
    claimId: verdict.claimId,
    source: 'probes',
    from: verdict.window.from,
    to: verdict.window.to,
    status: verdict.status,
    n: verdict.samples.counted,
    met: verdict.samples.met,
    compliance: verdict.compliance,
    interval: verdict.interval,
    longestWaitMs: null,
  };
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

function summary(witness: Witness): WitnessSummary | null {
  if (witness.n === 0 || witness.compliance === null || witness.interval === null) return null;
  return { n: witness.n, met: witness.met, compliance: witness.compliance, interval: witness.interval };
}

const described = (s: WitnessSummary, what: string): string =>
  `${percent(s.compliance)} of ${s.n} ${what} (95% interval ${percent(s.interval.lower)}-${percent(s.interval.upper)})`;

/**
 * Compares the probes' and the platform's witnesses of one claim over the same window. Pure. A discrepancy needs both
 * to have counted something and their 95% intervals not to meet: two witnesses whose intervals overlap may both be
 * right, and a witness with nothing counted says nothing. `uncounted` is what the platform's readings say its clock
 * leaves out; it is named when the platform's figure is the better one (the segments it does not count are where the
 * customers' extra wait is).
 */
export function compareWitnesses(
  probes: Witness,
  population: Witness,
  uncounted: readonly string[],
): Discrepancy | null {
  const p = summary(probes);
  const c = summary(population);
  if (p === null || c === null) return null;
  const platformBetter = c.interval.lower > p.interval.upper;
  const probesBetter = p.interval.lower > c.interval.upper;
  if (!platformBetter && !probesBetter) return null;
  const gap = platformBetter ? c.interval.lower - p.interval.upper : p.interval.lower - c.interval.upper;
  const both = `the platform counted ${described(c, 'contacts')} as meeting the promise; Kept's probes ${described(p, 'attempts')}`;
  const segments = [...uncounted].sort();
  const reason = platformBetter
    ? segments.length > 0
      ? `${both}: the platform's clock does not count the ${segments.join(' and ')}, where customers wait`
      : `${both}: the platform does not see part of what customers live through`
    : `${both}: the probes fared better than the platform's customers (another entry point, queue or hours?)`;
  return {
    claimId: probes.claimId,
    direction: platformBetter ? 'platform-better' : 'probes-better',
    gap,
    population: c,
    probes: p,
    uncounted: platformBetter ? segments : [],
    reason,
  };
}

/** Both witnesses of each claim a collector verifies: the population's verdict and the discrepancy with the probes'. */
export function witnessesOf(
  verdicts: readonly Verdict[],
  population: ReadonlyMap<string, PopulationVerdict>,
): Map<string, TwoWitnesses> {
  const byClaim = new Map(verdicts.map((v) => [v.claimId, v]));
  const out = new Map<string, TwoWitnesses>();
  for (const [claimId, verdict] of population) {
    const probes = byClaim.get(claimId);
    const discrepancy =
      probes === undefined ? null : compareWitnesses(probesWitnessOf(probes), witnessOf(verdict), verdict.uncounted);
    out.set(claimId, { claimId, population: verdict, discrepancy });
  }
  return out;
}
