import type { Claim } from '../../domain/claim.ts';
import { describePromise } from '../../domain/claim.ts';
import { formatDuration } from '../../domain/duration.ts';
import type { Verdict } from '../../domain/evaluation/verdict.ts';
import type { Discrepancy, TwoWitnesses } from '../../domain/population/discrepancy.ts';
import type { PopulationVerdict } from '../../domain/population/population-verdict.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A claim as the API lists it: what was promised and, when known, its current verdict in brief. A claim a collector
 * verifies also has `population` (what the platform counted for real customers, in brief) and `discrepancy`.
 */
export function claimSummaryJson(claim: Claim, verdict: Verdict | undefined, witnesses?: TwoWitnesses) {
  return {
    id: claim.id,
    copy: claim.copy,
    owner: claim.owner,
    channels: claim.channels,
    publishedAt: claim.publishedAt,
    hours: claim.hours.kind === 'always' ? '24/7' : `weekly (${claim.hours.timeZone})`,
    promise: describePromise(claim.promise, formatDuration),
    target: claim.target.kind === 'absolute' ? 'absolute' : claim.target.share,
    status: verdict?.status ?? 'unproven',
    reasons: verdict?.reasons ?? ['not evaluated yet'],
    compliance: verdict?.compliance ?? null,
    interval: verdict?.interval ?? null,
    samples: verdict?.samples ?? null,
    coverage:
      verdict === undefined
        ? null
        : { promised: verdict.coverage.promised, probed: verdict.coverage.probed, ratio: verdict.coverage.ratio },
    window: verdict === undefined ? null : { from: iso(verdict.window.from), to: iso(verdict.window.to) },
    ...(witnesses === undefined
      ? {}
      : { population: populationBriefJson(witnesses.population), discrepancy: discrepancyJson(witnesses.discrepancy) }),
  };
}

/** The platform's witness in brief: its status and N contacts beside the probes' N attempts. */
export function populationBriefJson(population: PopulationVerdict) {
  return {
    status: population.status,
    contacts: population.contacts.counted,
    compliance: population.compliance,
    interval: population.interval,
    longestWaitMs: population.longestWaitMs,
    collectors: population.collectors,
  };
}

/** The platform's whole verdict for a claim: counts, coverage, gaps and what its clock does not count. */
export function populationVerdictJson(population: PopulationVerdict) {
  return {
    status: population.status,
    reasons: population.reasons,
    window: { from: iso(population.window.from), to: iso(population.window.to) },
    target: population.target,
    limitMs: population.limitMs,
    contacts: population.contacts,
    compliance: population.compliance,
    interval: population.interval,
    longestWaitMs: population.longestWaitMs,
    pastPromise: population.pastPromise.map((p) => ({
      collectorId: p.collectorId,
      queue: p.queue ?? null,
      from: iso(p.fromMs),
      to: iso(p.toMs),
      longestWaitMs: p.longestWaitMs,
    })),
    coverage: population.coverage,
    gaps: population.gaps,
    collectors: population.collectors,
    uncounted: population.uncounted,
  };
}

export function discrepancyJson(discrepancy: Discrepancy | null) {
  if (discrepancy === null) return null;
  return {
    direction: discrepancy.direction,
    gap: discrepancy.gap,
    uncounted: discrepancy.uncounted,
    reason: discrepancy.reason,
    platform: discrepancy.population,
    probes: discrepancy.probes,
  };
}

/**
 * Both witnesses of a claim (docs/architecture/collectors.md, "Two witnesses"): what Kept's probes got (N attempts)
 * beside what the platform counted for real customers (N contacts), and their discrepancy when the intervals do not
 * meet. Null for a claim no collector verifies.
 */
export function witnessesJson(verdict: Verdict | undefined, witnesses: TwoWitnesses | undefined) {
  if (witnesses === undefined) return null;
  return {
    probes:
      verdict === undefined
        ? null
        : {
            status: verdict.status,
            attempts: verdict.samples.counted,
            met: verdict.samples.met,
            compliance: verdict.compliance,
            interval: verdict.interval,
          },
    platform: populationVerdictJson(witnesses.population),
    discrepancy: discrepancyJson(witnesses.discrepancy),
  };
}

/** The whole verdict with hour-of-week coverage and compliance and the worst hours. */
export function verdictJson(verdict: Verdict) {
  return {
    status: verdict.status,
    reasons: verdict.reasons,
    window: { from: iso(verdict.window.from), to: iso(verdict.window.to) },
    target: verdict.target,
    samples: verdict.samples,
    compliance: verdict.compliance,
    interval: verdict.interval,
    coverage: verdict.coverage,
    worstHours: verdict.worstHours,
    hours: verdict.hours,
    notYetReached: verdict.notYetReached ?? [],
  };
}
