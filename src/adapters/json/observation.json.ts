import { channelOf } from '../../domain/channel.ts';
import { boundObservation } from '../../domain/evidence-limits.ts';
import type { Observation } from '../../domain/observation.ts';

/**
 * The observation as JSON for other tools (CLI `probe --json`, API). Documented in docs/observation-json.md:
 * times are ISO 8601 UTC strings, durations are integer milliseconds with an `Ms` suffix.
 */
export interface ObservationJson {
  readonly id: string;
  readonly probeId: string;
  readonly kind: Observation['kind'];
  readonly channel: ReturnType<typeof channelOf>;
  readonly startedAt: string;
  readonly outcome: Observation['outcome'];
  readonly reason: string | null;
  readonly timings: Observation['timings'];
  readonly humanReached: boolean;
  readonly autoReplyPromise: string | null;
  readonly findings: readonly string[];
  readonly evidence: Observation['evidence'];
}

/** Bounded (`boundObservation`) even for observations stored before the limits: the API never serves an unbounded one. */
export function observationToJson(stored: Observation): ObservationJson {
  const observation = boundObservation(stored);
  return {
    id: observation.id,
    probeId: observation.probeId,
    kind: observation.kind,
    channel: channelOf(observation.kind),
    startedAt: new Date(observation.startedAt).toISOString(),
    outcome: observation.outcome,
    reason: observation.reason ?? null,
    timings: observation.timings,
    humanReached: observation.humanReached,
    autoReplyPromise: observation.autoReplyPromise ?? null,
    findings: observation.findings ?? [],
    evidence: observation.evidence,
  };
}
