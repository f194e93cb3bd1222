import type { ProbeSpec } from '../domain/catalogue.ts';
import type { Claim } from '../domain/claim.ts';
import { hourStartOf } from '../domain/evaluation/tally.ts';
import { evaluateClaim, type Verdict } from '../domain/evaluation/verdict.ts';
import type { ProbeReachStatus } from '../domain/reach.ts';
import type { ObservationStore } from './ports.ts';
import { probeReachStatuses, unreachedProbesByClaim } from './probe-reach.ts';

/**
 * Verdicts for many claims over the window [now - windowMs, now), from the store's tallies summed by hour of week
 * (`slotTallies`, aggregated where the data lives) in one query.
 * Each claim's window starts no earlier than its monitoring began; hours still under way are not yet required to
 * have been probed. The sums over [now - windowMs, now) are the sums over each claim's clipped window: nothing was
 * judged before its monitoring began.
 * Given the catalogue's `probes`, a claim verified by a probe that has never reached its target says so in its
 * reasons ("not yet reached: check the target …"): first when the verdict is unproven, last otherwise. `reached`
 * remembers, across calls, the probes known to have reached their target (they are not read again).
 */
export async function evaluateClaims(
  store: ObservationStore,
  claims: readonly Claim[],
  now: number,
  windowMs: number,
  probes: readonly ProbeSpec[] = [],
  reached?: Set<string>,
): Promise<Verdict[]> {
  const from = now - windowMs;
  const ids = claims.map((c) => c.id);
  const [tallies, since, reach] = await Promise.all([
    store.slotTallies(ids, from, now),
    store.monitoringSince(ids),
    probes.length === 0 ? new Map<string, ProbeReachStatus>() : probeReachStatuses(store, probes, now, reached),
  ]);
  const unreached = unreachedProbesByClaim(probes, reach);
  const coverageTo = hourStartOf(now);
  return claims.map((claim) => {
    const began = since.get(claim.id);
    const start = began === undefined ? from : Math.max(from, began);
    const window = { from: start, to: now, coverageTo: Math.max(start, coverageTo) };
    return evaluateClaim(claim, tallies.get(claim.id) ?? [], window, unreached.get(claim.id));
  });
}
