import { catalogueLocations, type ProbeSpec } from '../domain/catalogue.ts';
import type { Claim } from '../domain/claim.ts';
import { hourStartOf, tallyJudgements } from '../domain/evaluation/tally.ts';
import { evaluateClaim, type Verdict, type VerdictStatus } from '../domain/evaluation/verdict.ts';
import type { Judgement } from '../domain/judgement.ts';
import type { Observation } from '../domain/observation.ts';

/**
 * A claim's evidence from one location (docs/architecture/fleet.md, "Locations"): the verdict its attempts from there
 * would give on their own, so a claim can be broken in one location and kept in another. The claim's own verdict stays
 * the one over every attempt.
 */
export interface LocationEvidence {
  readonly location: string;
  /** Observations made from this location in the window. */
  readonly attempts: number;
  readonly samples: Verdict['samples'];
  readonly compliance: number | null;
  readonly status: VerdictStatus;
  readonly reasons: readonly string[];
}

/** The locations a claim is probed from: those its probes name in the catalogue; empty when none names any. */
export function claimLocations(probes: readonly ProbeSpec[], claimId: string): readonly string[] {
  return catalogueLocations(probes.filter((p) => p.locations !== undefined && p.verifies.includes(claimId)));
}

/**
 * Per-location verdicts of one claim over a window, from its judged observations: each of `locations` in order,
 * judged like the claim (evaluateClaim) from the observations that carry that location. Observations without a
 * location (a single-machine run) or from a location not listed count in none.
 */
export function locationEvidence(
  claim: Claim,
  locations: readonly string[],
  judged: readonly { readonly observation: Observation; readonly judgement: Judgement }[],
  window: { readonly from: number; readonly to: number },
): LocationEvidence[] {
  const coverageTo = Math.max(window.from, hourStartOf(window.to));
  return locations.map((location) => {
    const here = judged.filter((j) => j.observation.location === location);
    const verdict = evaluateClaim(claim, tallyJudgements(here.map((j) => j.judgement)), { ...window, coverageTo });
    return {
      location,
      attempts: here.length,
      samples: verdict.samples,
      compliance: verdict.compliance,
      status: verdict.status,
      reasons: verdict.reasons,
    };
  });
}
