import type { Claim } from '../domain/claim.ts';
import { hourStartOf } from '../domain/evaluation/tally.ts';
import { evaluateClaim, type Verdict } from '../domain/evaluation/verdict.ts';
import type { ObservationStore } from './ports.ts';

/**
 * Verdicts for many claims over the window [now - windowMs, now), from the store's tallies summed by hour of week
 * (`slotTallies`, aggregated where the data lives) in one query.
 * Each claim's window starts no earlier than its monitoring began; hours still under way are not yet required to
 * have been probed. The sums over [now - windowMs, now) are the sums over each claim's clipped window: nothing was
 * judged before its monitoring began.
 */
export async function evaluateClaims(
  store: ObservationStore,
  claims: readonly Claim[],
  now: number,
  windowMs: number,
): Promise<Verdict[]> {
  const from = now - windowMs;
  const ids = claims.map((c) => c.id);
  const [tallies, since] = await Promise.all([store.slotTallies(ids, from, now), store.monitoringSince(ids)]);
  const coverageTo = hourStartOf(now);
  return claims.map((claim) => {
    const began = since.get(claim.id);
    const start = began === undefined ? from : Math.max(from, began);
    return evaluateClaim(claim, tallies.get(claim.id) ?? [], {
      from: start,
      to: now,
      coverageTo: Math.max(start, coverageTo),
    });
  });
}
