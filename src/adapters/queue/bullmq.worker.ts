import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Clock, Logger } from '../../app/ports.ts';
import { isFleetJob, lostRunObservation, type FleetJob } from '../../app/fleet.ts';
import { formatDuration } from '../../domain/duration.ts';
import type { Observation } from '../../domain/observation.ts';
import type { ResultOutbox } from './result-outbox.ts';
import { probeQueueName, QUEUE_PREFIX } from './redis-connection.ts';

export interface QueueWorkerOptions {
  readonly connection: ConnectionOptions;
  readonly location: string;
  readonly concurrency: number;
  /** Makes the attempt (the attempt runner: deadline, self-health); never rejects for a failed probe. */
  readonly attempt: (job: FleetJob, signal: AbortSignal) => Promise<Observation>;
  readonly outbox: ResultOutbox;
  readonly log: Logger;
  /**
   * Real ms a job's lock lasts without renewal (renewed every half of it while the worker lives): a worker killed
   * mid-attempt is found stalled within about this plus `stalledIntervalMs`. Default 30 s.
   */
  readonly lockDurationMs?: number;
  /** Real ms between stalled-job checks. Default 30 s. */
  readonly stalledIntervalMs?: number;
  /**
   * Real ms a job may wait in the queue and still be run: one that waited longer (no worker took the location for a
   * while) becomes an `inconclusive` observation at its planned time instead of a late attempt, which would measure
   * another moment and, after an outage, hit the target with every run missed at once. Default 5 minutes.
   */
  readonly maxQueueWaitMs?: number;
  /** Real time (the queue's timestamps are real time). */
  readonly realClock: Clock;
}

/** Default `maxQueueWaitMs`. */
export const DEFAULT_MAX_QUEUE_WAIT_MS = 5 * 60_000;

export interface RunningQueueWorker {
  /** Stops taking jobs; attempts in flight are aborted (they return what they have) and their results kept. */
  close(): Promise<void>;
}

/**
 * The worker role: a BullMQ worker on its location's queue that makes each planned run's attempt once. A stalled job
 * (its worker died) is never retried (`maxStalledCount: 0`, one attempt): it fails, and the service records it as one
 * `inconclusive` observation. The observation goes to the local result outbox (on disk) before the job completes.
 */
export function startQueueWorker(options: QueueWorkerOptions): RunningQueueWorker {
  const { log, outbox } = options;
  const closing = new AbortController();
  const processor = async (job: Job): Promise<{ runId: string }> => {
    const data: unknown = job.data;
    if (!isFleetJob(data)) throw new Error(`not a Kept probe job of this version: ${JSON.stringify(data)}`);
    const waited = options.realClock.now() - job.timestamp;
    const maxWait = options.maxQueueWaitMs ?? DEFAULT_MAX_QUEUE_WAIT_MS;
    if (waited > maxWait) {
      const reason =
        `not run: it waited ${formatDuration(waited)} in the ${data.location} queue for a worker (more than ` +
        `${formatDuration(maxWait)}); a late attempt would measure another moment`;
      log.warn('worker: a run waited too long in the queue; recorded as inconclusive', {
        job: job.id,
        waitedMs: waited,
        location: data.location,
      });
      outbox.keep({ ...lostRunObservation(data, data.plannedAt, reason), location: data.location });
      return { runId: data.runId };
    }
    const observation = await options.attempt(data, closing.signal);
    // The observation carries where it was made from: this worker's location, the job's queue.
    outbox.keep({ ...observation, location: data.location });
    return { runId: data.runId };
  };
  const worker = new Worker(probeQueueName(options.location), processor, {
    connection: options.connection,
    prefix: QUEUE_PREFIX,
    name: `kept-worker-${process.pid}`,
    concurrency: options.concurrency,
    maxStalledCount: 0,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
  });
  worker.on('error', (error) => log.warn('worker: Redis error (retrying)', { error: error.message }));
  worker.on('failed', (job, error) =>
    log.warn('worker: job failed', { job: job?.id, error: error.message, location: options.location }),
  );
  return {
    async close() {
      closing.abort(new DOMException('Kept worker stopped', 'AbortError'));
      await worker.close();
    },
  };
}
