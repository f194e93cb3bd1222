import { Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../../app/ports.ts';
import { locationStatuses, type FleetStatus, type QueueDepth } from '../../app/fleet-status.ts';
import { probeQueueName, QUEUE_PREFIX } from './redis-connection.ts';
import { queuedLocations, readWorkerRegistry } from './worker-registry.ts';

export interface FleetStatusReader {
  /** Workers, and per location (the probed ones, those with a worker or a queue) its queue and liveness. */
  read(): Promise<FleetStatus>;
  close(): Promise<void>;
}

/**
 * Reads the fleet's state from Redis: the worker registry (heartbeat keys), and each location's probe queue (job
 * counts by state, the oldest waiting job's age). Queues are opened when first needed and kept.
 */
export function createFleetStatusReader(options: {
  readonly connection: ConnectionOptions;
  readonly redis: Redis;
  /** Locations the catalogue's probes run from (reported even with no queue or worker yet). */
  readonly probed: readonly string[];
  readonly clock: Clock;
  /** Only these locations (the catalogue's), for bounded metrics; default every location found in Redis. */
  readonly only?: readonly string[];
}): FleetStatusReader {
  const queues = new Map<string, Queue>();
  const queueOf = (location: string): Queue => {
    let queue = queues.get(location);
    if (queue === undefined) {
      queue = new Queue(probeQueueName(location), { connection: options.connection, prefix: QUEUE_PREFIX });
      queue.on('error', () => undefined); // the read that needed it fails and says why
      queues.set(location, queue);
    }
    return queue;
  };
  const depthOf = async (location: string, now: number): Promise<QueueDepth> => {
    const queue = queueOf(location);
    const counts = await queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed');
    const [oldest] = await queue.getJobs(['wait', 'prioritized'], 0, 0, true);
    return {
      waiting: (counts['wait'] ?? 0) + (counts['prioritized'] ?? 0),
      active: counts['active'] ?? 0,
      delayed: counts['delayed'] ?? 0,
      failed: counts['failed'] ?? 0,
      lagSeconds: oldest === undefined ? 0 : Math.max(0, (now - oldest.timestamp) / 1_000),
    };
  };
  const keep = (location: string): boolean => options.only === undefined || options.only.includes(location);
  return {
    async read() {
      const now = options.clock.now();
      const registry = await readWorkerRegistry(options.redis);
      const workers = registry.workers.filter((w) => keep(w.location));
      const names = [...new Set([...options.probed, ...(await queuedLocations(options.redis))])].filter(keep);
      const depths = new Map(await Promise.all(names.map(async (l) => [l, await depthOf(l, now)] as const)));
      return {
        at: now,
        workers,
        locations: locationStatuses({
          now,
          probed: options.probed,
          workers,
          queues: depths,
          lastSeen: registry.lastSeen,
        }),
      };
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
