import type { ConnectionOptions } from 'bullmq';
import type { Registry } from 'prom-client';
import type { Clock, Logger } from '../../app/ports.ts';
import { uncoveredLocations } from '../../app/fleet-status.ts';
import { createFleetMetrics } from '../metrics/fleet.metrics.ts';
import { createFleetStatusReader } from './fleet-status.reader.ts';
import { redisClient, redisOptions } from './worker-registry.ts';

/** Real ms between reads of the fleet's state by the service. */
export const DEFAULT_FLEET_WATCH_MS = 5_000;

/**
 * The service's view of the fleet: every few seconds it reads the worker registry and the probe queues of the
 * catalogue's locations and exports them as metrics (fleet.metrics.ts). A location with probes that loses its last
 * worker is logged as an error ("no worker in uk since 03:12:04Z") and `KeptFleetNoWorker` fires on the metrics.
 */
export function startFleetWatch(options: {
  readonly connection: ConnectionOptions;
  readonly locations: readonly string[];
  readonly registry: Registry;
  readonly clock: Clock;
  readonly log: Logger;
  readonly pollMs?: number;
}): { close(): Promise<void> } {
  const { clock, log } = options;
  const startedAt = clock.now();
  const metrics = createFleetMetrics(options.registry, options.locations);
  // Reads give up after a reconnect attempt instead of waiting out an outage (which would freeze the metrics).
  const connection = { ...redisOptions(options.connection), maxRetriesPerRequest: 1 };
  const redis = redisClient(connection);
  redis.on('error', () => undefined); // the read fails, kept_fleet_queue_up goes to 0
  const reader = createFleetStatusReader({
    connection,
    redis,
    probed: options.locations,
    only: options.locations,
    clock,
  });
  const uncovered = new Set<string>();
  const stop = new AbortController();
  const loop = (async () => {
    while (!stop.signal.aborted) {
      try {
        const status = await reader.read();
        metrics.setStatus(status, () => startedAt);
        const now = new Set(uncoveredLocations(status).map((l) => l.location));
        for (const l of status.locations) {
          if (now.has(l.location) && !uncovered.has(l.location)) {
            const since = new Date(l.lastWorkerAt ?? startedAt).toISOString();
            log.error(`fleet: no worker in ${l.location} since ${since}`, { location: l.location, waiting: l.waiting });
          } else if (!now.has(l.location) && uncovered.has(l.location)) {
            log.info(`fleet: a worker takes ${l.location} again`, { location: l.location, workers: l.liveWorkers });
          }
        }
        uncovered.clear();
        for (const l of now) uncovered.add(l);
      } catch (error) {
        metrics.setUnreadable();
        log.warn('fleet: cannot read the fleet state from Redis (retrying)', { error: String(error) });
      }
      await clock.sleep(options.pollMs ?? DEFAULT_FLEET_WATCH_MS, stop.signal).catch(() => undefined);
    }
  })();
  return {
    async close() {
      stop.abort();
      await loop;
      await reader.close();
      redis.disconnect();
    },
  };
}
