import { createHash } from 'node:crypto';
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Logger } from '../../app/ports.ts';
import { plannedRunKey, type FleetJob } from '../../app/fleet.ts';
import { probeQueueName, QUEUE_PREFIX } from './redis-connection.ts';

/** Seconds a finished job is kept, so a second scheduler that plans the same run late still finds it (no re-run). */
export const PLANNED_RUN_RETENTION_S = 24 * 3_600;

/**
 * The run id of a planned run: a UUID (version 8) made from the planned run's key, so every scheduler that plans the
 * same run gives it the same id, and the store keeps one observation for it whichever job or result arrives.
 */
export function runIdOf(key: string): string {
  const hex = createHash('sha256').update(`kept-run:${key}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface QueuePlanner {
  /**
   * Adds the planned run's job once: its job id is the planned run's key, and BullMQ ignores an add whose id is
   * taken (while the job is kept: PLANNED_RUN_RETENTION_S after it finished). Resolves the key.
   */
  plan(job: Omit<FleetJob, 'runId'>): Promise<string>;
  close(): Promise<void>;
}

/** The scheduler role's side of the queue: one BullMQ queue per location, created when first used. */
export function createQueuePlanner(connection: ConnectionOptions, log: Logger): QueuePlanner {
  const queues = new Map<string, Queue>();
  const queueFor = (location: string): Queue => {
    let queue = queues.get(location);
    if (queue === undefined) {
      queue = new Queue(probeQueueName(location), { connection, prefix: QUEUE_PREFIX });
      queue.on('error', (error) => log.warn('queue: Redis error (retrying)', { error: error.message }));
      queues.set(location, queue);
    }
    return queue;
  };
  return {
    async plan(planned) {
      const key = plannedRunKey(planned.probeId, planned.plannedAt, planned.location);
      const job: FleetJob = { ...planned, runId: runIdOf(key) };
      const queue = queueFor(job.location);
      await queue.add('probe', job, {
        jobId: key,
        attempts: 1,
        removeOnComplete: { age: PLANNED_RUN_RETENTION_S },
        removeOnFail: false,
      });
      return key;
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
