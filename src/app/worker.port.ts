import type { ProbeKind } from '../domain/channel.ts';
import type { Observation } from '../domain/observation.ts';
import type { Clock } from './ports.ts';

/**
 * The probe job protocol between the service process (scheduler, judging, storage) and probe worker processes
 * (the channels). Every message is plain JSON with the protocol version, so the same jobs and results can travel over
 * a child process's IPC channel today and a distributed queue (BullMQ) later. See docs/architecture/workers.md.
 */
export const PROBE_PROTOCOL_VERSION = 1;

/**
 * A clock another process can rebuild so that both read the same `now()`. Real-time origins are wall-clock epoch
 * milliseconds taken as `performance.timeOrigin + performance.now()`, which every process on a machine agrees on.
 */
export type ClockDescription =
  | { readonly kind: 'system' }
  /** `factor` times real time from `start` (simulated epoch ms), which it read at real epoch ms `originWallMs`. */
  | { readonly kind: 'compressed'; readonly factor: number; readonly start: number; readonly originWallMs: number }
  /**
   * Replays from `start` at `factor` times real time from real epoch ms `originWallMs` until it meets real time;
   * durations and sleeps run at `pace` (at most `factor`) times real time (the demo's capped media clock).
   */
  | {
      readonly kind: 'catch-up';
      readonly factor: number;
      readonly start: number;
      readonly originWallMs: number;
      readonly pace: number;
    };

/** A clock that says how to rebuild it in another process (every clock Kept ships does). */
export interface DescribedClock extends Clock {
  describe(): ClockDescription;
}

export function isDescribedClock(clock: Clock): clock is DescribedClock {
  return typeof (clock as Partial<DescribedClock>).describe === 'function';
}

/** One attempt of one probe, sent to a worker. `runId` is the observation's id: a job and its result are one run. */
export interface ProbeJob {
  readonly v: typeof PROBE_PROTOCOL_VERSION;
  readonly runId: string;
  readonly probeId: string;
  readonly kind: ProbeKind;
  /** The clock the attempt runs on (the same `now()` as the service's clock for this probe). */
  readonly clock: ClockDescription;
  /** Epoch ms the scheduler meant the attempt to start, when known (the worker records the lateness). */
  readonly plannedAt?: number;
}

/** Why an attempt must stop, as AbortSignal.reason: `TimeoutError` for a deadline, `AbortError` for a shutdown. */
export interface AbortNotice {
  readonly name: string;
  readonly message: string;
}

/**
 * What came of a job: the worker's observation, or `lost` when no observation can come (the worker died, did not stop
 * when asked, or Kept stopped before any worker took the job); the caller records `lost` as inconclusive.
 */
export type ProbeJobResult =
  | {
      readonly v: typeof PROBE_PROTOCOL_VERSION;
      readonly runId: string;
      readonly kind: 'observation';
      readonly observation: Observation;
    }
  | {
      readonly v: typeof PROBE_PROTOCOL_VERSION;
      readonly runId: string;
      readonly kind: 'lost';
      readonly reason: string;
    };

/**
 * Where probe attempts run, apart from the service (child processes, or a queue). `run` never rejects for a worker's
 * failure: it resolves `lost`. Jobs are idempotent by run id: a job whose run id is already in flight joins that run,
 * and a result for a run already settled is ignored, so no attempt is counted twice.
 */
export interface ProbeWorkers {
  /** Starts the workers; rejects when none can start (a bad catalogue in the worker, a missing entry). */
  start(): Promise<void>;
  /** Runs one job. When `signal` aborts the worker is told to stop the attempt and return what it has. */
  run(job: ProbeJob, signal: AbortSignal): Promise<ProbeJobResult>;
  /** Stops the workers; runs still in flight resolve `lost`. */
  stop(): Promise<void>;
  /** Why some attempts cannot be made now (a worker that keeps failing to start), for readiness; empty when fine. */
  problems(): readonly string[];
}
