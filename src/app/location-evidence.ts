import { catalogueLocations, type ProbeSpec } from '../domain/catalogue.ts';
import type { Claim } from '../domain/claim.ts';
import { hourStartOf, tallyJudgements } from '../domain/evaluation/tally.ts';
import { evaluateClaim, type Verdict, type VerdictStatus } from '../domain/evaluation/verdict.ts';
import type { Judgement } from '../domain/judgement.ts';
import type { Observation } from '../domain/observation.ts';
import type { ObservationStore } from './ports.ts';

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

/** Most observations a claim's per-location evidence is judged from (the newest in the window). */
export const LOCATION_EVIDENCE_LIMIT = 10_000;

/**
 * A claim's per-location evidence over a window (whole hours, as the claim's verdict), read from the store (the newest
 * LOCATION_EVIDENCE_LIMIT observations; `complete` is false when the window held more), or undefined for a claim whose probes name no
 * location. What the API's and the board's claim pages show.
 */
export async function readLocationEvidence(
  store: Pick<ObservationStore, 'observations'>,
  probes: readonly ProbeSpec[],
  claim: Claim,
  judge: (claim: Claim, observation: Observation) => Judgement,
  window: { readonly from: number; readonly to: number },
): Promise<{ readonly locations: LocationEvidence[]; readonly complete: boolean } | undefined> {
  const places = claimLocations(probes, claim.id);
  if (places.length === 0) return undefined;
  // From the start of the window's first hour, as the claim's own verdict counts (its tallies are hourly).
  const observations = await store.observations({
    claimId: claim.id,
    from: hourStartOf(window.from),
    to: window.to,
    limit: LOCATION_EVIDENCE_LIMIT,
  });
  const judged = observations.map((observation) => ({ observation, judgement: judge(claim, observation) }));
  return {
    locations: locationEvidence(claim, places, judged, window),
    complete: observations.length < LOCATION_EVIDENCE_LIMIT,
  };
}
