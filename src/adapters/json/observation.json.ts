import { channelOf } from '../../domain/channel.ts';
import { boundObservation, type EvidenceLimits } from '../../domain/evidence-limits.ts';
import type { Observation, Timings } from '../../domain/observation.ts';

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
  /** Where a fleet attempt was made from (its worker's location); absent for a single-machine attempt. */
  readonly location?: string;
  readonly evidence: Observation['evidence'];
}

/**
 * How much of each observation a list serves (the API's observation lists and a claim's page list up to 10,000):
 * 16 KiB each at most, so a list's size follows its length, not what peers sent. The cuts are in `evidence.truncated`.
 */
export const LISTED_EVIDENCE_LIMITS: EvidenceLimits = {
  textChars: 2_048,
  transcriptLines: 50,
  detailChars: 2_048,
  detailItems: 50,
  observationChars: 16_384,
};

/** Timings as the format documents them: integer milliseconds (channels measure fractions; rounded here only). */
export function integerTimings(timings: Timings): Timings {
  const rounded = Object.entries(timings).map(([key, ms]) => [key, typeof ms === 'number' ? Math.round(ms) : ms]);
  return Object.fromEntries(rounded) as unknown as Timings;
}

/**
 * Bounded (`boundObservation`, by default to the stored limits) even for observations stored before the limits: the
 * API never serves an unbounded one.
 */
export function observationToJson(stored: Observation, limits?: EvidenceLimits): ObservationJson {
  const observation = boundObservation(stored, limits);
  return {
    id: observation.id,
    probeId: observation.probeId,
    kind: observation.kind,
    channel: channelOf(observation.kind),
    startedAt: new Date(observation.startedAt).toISOString(),
    outcome: observation.outcome,
    reason: observation.reason ?? null,
    timings: integerTimings(observation.timings),
    humanReached: observation.humanReached,
    autoReplyPromise: observation.autoReplyPromise ?? null,
    findings: observation.findings ?? [],
    ...(observation.location === undefined ? {} : { location: observation.location }),
    evidence: observation.evidence,
  };
}
