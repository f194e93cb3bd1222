import { DEFAULT_LOCATION } from '../domain/catalogue.ts';
import type { Observation } from '../domain/observation.ts';
import { PROBE_PROTOCOL_VERSION, type ProbeJob } from './worker.port.ts';

/**
 * The probe fleet's protocol (docs/architecture/fleet.md): schedulers plan runs as queue jobs, workers make the
 * attempts, the service judges and stores their results. The job is the worker protocol's `ProbeJob` plus where it
 * must run from; the result is the observation plus where it was made. Both travel as plain JSON.
 */
export { DEFAULT_LOCATION };

/** A planned run: the probe job and the location whose queue carries it. */
export interface FleetJob extends ProbeJob {
  readonly location: string;
  /** Epoch ms on the probe's clock the scheduler planned the run for (the fire time, before jitter). */
  readonly plannedAt: number;
}

/** What a worker sends back for a job (through its outbox, then the results queue). */
export interface FleetResult {
  readonly v: typeof PROBE_PROTOCOL_VERSION;
  readonly runId: string;
  readonly location: string;
  readonly observation: Observation;
}

/**
 * The planned run's key, the same in every scheduler: probe id, planned time and location (a probe that runs from
 * two locations has two runs of each planned time). It is the queue's job id, so two schedulers that plan the same
 * fire add one job. (BullMQ refuses `:` in custom ids; locations are lower-case ids.)
 */
export function plannedRunKey(probeId: string, plannedAt: number, location: string): string {
  return `${probeId.replace(/:/g, '_')}@${plannedAt}@${location}`;
}

/** Whether a value read from a queue is a FleetJob of this protocol version. */
export function isFleetJob(value: unknown): value is FleetJob {
  const job = value as Partial<FleetJob> | null;
  return (
    typeof job === 'object' &&
    job !== null &&
    job.v === PROBE_PROTOCOL_VERSION &&
    typeof job.runId === 'string' &&
    typeof job.probeId === 'string' &&
    typeof job.location === 'string' &&
    typeof job.plannedAt === 'number' &&
    typeof job.clock === 'object'
  );
}

/** Whether a value read from the results queue is a FleetResult of this protocol version. */
export function isFleetResult(value: unknown): value is FleetResult {
  const result = value as Partial<FleetResult> | null;
  return (
    typeof result === 'object' &&
    result !== null &&
    result.v === PROBE_PROTOCOL_VERSION &&
    typeof result.runId === 'string' &&
    typeof result.observation === 'object' &&
    result.observation !== null &&
    result.observation.id === result.runId
  );
}

/**
 * A job that failed in the queue (its worker died mid-attempt, so BullMQ found it stalled; or the worker could not
 * run it), or in a probe worker process: one `inconclusive` observation with the run id, never a retry, which would
 * measure another moment.
 */
export function lostRunObservation(
  job: ProbeJob & { readonly location?: string },
  startedAt: number,
  reason: string,
): Observation {
  return {
    id: job.runId,
    probeId: job.probeId,
    kind: job.kind,
    startedAt,
    outcome: 'inconclusive',
    reason,
    timings: { totalMs: 0 },
    humanReached: false,
    ...(job.location === undefined ? {} : { location: job.location }),
    evidence: {},
  };
}
