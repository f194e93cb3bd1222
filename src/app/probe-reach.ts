import type { ProbeSpec } from '../domain/catalogue.ts';
import type { Observation } from '../domain/observation.ts';
import { isNotReached, reachedTarget, reachStatusOf, stampReach, type ProbeReachStatus } from '../domain/reach.ts';
import type { ObservationStore } from './ports.ts';

/** How many of a probe's earlier attempts are read to find one that reached its target. */
const SCAN_LIMIT = 10_000;
/** How many of a probe's latest attempts are read for its status (the latest that is not inconclusive decides). */
const STATUS_LIMIT = 20;

/**
 * Whether a probe has ever reached its target, from the store (so it survives restarts) and then from each attempt
 * recorded: once reached, always reached. The store is asked only when an attempt did not reach the target, so a
 * healthy probe costs nothing. Each failed attempt of a never-reached probe reads its history again from the start: an
 * attempt that reached the target may be written later with an earlier start (an outbox replayed after a restart, a
 * second process on the store), so a range once read is not taken as settled.
 */
export interface ProbeReach {
  /** The observation as it is to be recorded: stamped "not yet reached" when it is a setup attempt (reach.ts). */
  stamp(probe: ProbeSpec | undefined, observation: Observation): Promise<Observation>;
}

export function createProbeReach(store: ObservationStore): ProbeReach {
  const reached = new Set<string>();

  async function reachedBefore(probeId: string, before: number): Promise<boolean> {
    if (reached.has(probeId)) return true;
    const query = { probeId, from: 0, to: before };
    const answered = await store.observations({ ...query, outcome: 'answered', limit: 1 });
    let found = answered.length > 0;
    for (const outcome of ['rejected', 'unanswered'] as const) {
      if (found) break;
      const earlier = await store.observations({ ...query, outcome, limit: SCAN_LIMIT });
      found = earlier.some(reachedTarget);
    }
    if (found) reached.add(probeId);
    return found;
  }

  return {
    async stamp(probe, observation) {
      if (reachedTarget(observation)) reached.add(observation.probeId);
      if (probe === undefined || !isNotReached(observation)) return observation;
      const expectReachable = probe.expectReachable === true;
      const everReached = expectReachable || (await reachedBefore(probe.id, observation.startedAt));
      return stampReach(observation, { everReached, expectReachable });
    },
  };
}

/**
 * Each probe's reach, from its latest attempts in the store (`kept verdicts`, the board, the API). A probe once
 * `reached` stays so (setup attempts are only ever stamped before the first reach): pass the same `reached` set to
 * each call and those probes are not read again.
 */
export async function probeReachStatuses(
  store: ObservationStore,
  probes: readonly ProbeSpec[],
  now: number,
  reached: Set<string> = new Set(),
): Promise<Map<string, ProbeReachStatus>> {
  const entries = await Promise.all(
    probes.map(async (probe): Promise<[string, ProbeReachStatus]> => {
      if (reached.has(probe.id)) return [probe.id, 'reached'];
      const latest = await store.observations({ probeId: probe.id, from: 0, to: now + 1, limit: STATUS_LIMIT });
      const status = reachStatusOf(latest);
      if (status === 'reached') reached.add(probe.id);
      return [probe.id, status];
    }),
  );
  return new Map(entries);
}

/** For each claim verified by probes that have never reached their target, those probes' ids. */
export function unreachedProbesByClaim(
  probes: readonly ProbeSpec[],
  statuses: ReadonlyMap<string, ProbeReachStatus>,
): Map<string, string[]> {
  const unreached = new Map<string, string[]>();
  for (const probe of probes) {
    if (statuses.get(probe.id) !== 'not-yet-reached') continue;
    for (const claimId of probe.verifies) unreached.set(claimId, [...(unreached.get(claimId) ?? []), probe.id]);
  }
  return unreached;
}
