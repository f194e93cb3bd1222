import type { ProbeSpec } from '../../domain/catalogue.ts';
import { channelOf, type ClaimChannel } from '../../domain/channel.ts';
import type { Observation } from '../../domain/observation.ts';
import type { ObservationStore } from '../ports.ts';

const PAGE = 10_000;

/** The catalogue's probes that measure a channel. */
export function probesOn(probes: readonly ProbeSpec[], channel: ClaimChannel): ProbeSpec[] {
  return probes.filter((p) => channelOf(p.kind) === channel);
}

/** The start of the latest recorded run of any of the probes, or null when none has run. */
export async function latestRun(store: ObservationStore, probeIds: readonly string[]): Promise<number | null> {
  const runs = await Promise.all(probeIds.map((id) => store.lastRunAt(id)));
  const known = runs.filter((t): t is number => t !== undefined);
  return known.length === 0 ? null : Math.max(...known);
}

/**
 * Every stored raw observation of the probes in [from, to), newest first. The store answers at most 10,000 per query,
 * newest first, so each probe is read page by page, moving the end of the range back to the oldest one seen.
 */
export async function observationsOf(store: ObservationStore, probeIds: readonly string[], from: number, to: number): Promise<Observation[]> {
  const seen = new Map<string, Observation>();
  for (const probeId of probeIds) {
    let end = to;
    for (;;) {
      const page = await store.observations({ probeId, from, to: end, limit: PAGE });
      let added = 0;
      for (const o of page) {
        if (!seen.has(o.id)) {
          seen.set(o.id, o);
          added += 1;
        }
      }
      if (page.length < PAGE) break;
      const oldest = Math.min(...page.map((o) => o.startedAt));
      // Overlap by a millisecond so observations sharing the oldest instant are not skipped; stop if nothing was new.
      end = added === 0 ? oldest : oldest + 1;
      if (end <= from) break;
    }
  }
  return [...seen.values()].sort((a, b) => b.startedAt - a.startedAt);
}
