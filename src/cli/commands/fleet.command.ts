import type { Command } from 'commander';
import { systemClock } from '../../adapters/clock/system.clock.ts';
import { probedLocations, uncoveredLocations, type FleetStatus } from '../../app/fleet-status.ts';
import { KeptError, transientError } from '../../domain/errors.ts';
import { redactUrl } from '../../domain/secret.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';
import { EXIT } from '../exit.ts';
import { positiveWholeFlag } from '../flags.ts';
import { fleetStatusText } from './fleet-status.text.ts';

interface StatusFlags {
  readonly queue: string;
  readonly catalogue?: string[];
  readonly json?: boolean;
  readonly timeoutMs: number;
}

/** Reads the fleet's state once, or fails as unavailable (exit 4) when Redis does not answer in time. */
async function readStatus(opts: StatusFlags): Promise<FleetStatus> {
  const catalogue =
    opts.catalogue === undefined
      ? undefined
      : await loadCatalogueOrThrow(opts.catalogue, process.env, 'judge', () => undefined);
  const { redisConnection } = await import('../../adapters/queue/redis-connection.ts');
  const { redisClient, redisOptions } = await import('../../adapters/queue/worker-registry.ts');
  const { createFleetStatusReader } = await import('../../adapters/queue/fleet-status.reader.ts');
  // A status read gives up instead of waiting for Redis as the roles do.
  const connection = {
    ...redisOptions(redisConnection(opts.queue)),
    retryStrategy: () => null,
    connectTimeout: opts.timeoutMs,
  };
  const shown = redactUrl(opts.queue);
  const redis = redisClient({ ...connection, lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw transientError('fleet.redis', `cannot reach the fleet's Redis at ${shown}: ${messageOf(error)}`);
  }
  const reader = createFleetStatusReader({
    connection,
    redis,
    probed: catalogue === undefined ? [] : probedLocations(catalogue.probes),
    clock: systemClock,
  });
  const timer = new AbortController();
  try {
    return await Promise.race([
      reader.read(),
      systemClock.sleep(opts.timeoutMs, timer.signal).then(() => {
        throw transientError('fleet.redis', `the fleet's Redis at ${shown} did not answer within ${opts.timeoutMs} ms`);
      }),
    ]);
  } catch (error) {
    if (error instanceof KeptError) throw error;
    throw transientError('fleet.redis', `cannot read the fleet from ${shown}: ${messageOf(error)}`);
  } finally {
    timer.abort();
    await reader.close().catch(() => undefined);
    redis.disconnect();
  }
}

/** An error's message without the URL it may repeat (ioredis errors name host and port, never the password). */
const messageOf = (error: unknown): string => redactUrl(error instanceof Error ? error.message : String(error));

/**
 * `kept fleet status`: the fleet's workers and locations (queue depth, lag, live workers) read from Redis. Exit 0 when
 * every location with probes (or waiting jobs) has a live worker, 1 when one has none, 4 when Redis cannot be read.
 */
export function defineFleet(command: Command): void {
  command
    .command('status')
    .description('workers, locations, queue depths and job lag of a probe fleet (exit 1: a location has no worker)')
    .requiredOption('--queue <url>', 'the fleet queue: redis://host:port[/db]')
    .option('-c, --catalogue <files...>', 'catalogue YAML files: report their locations even with no worker or queue')
    .option('--json', 'print the status as JSON')
    .option('--timeout-ms <ms>', 'give up when Redis does not answer within this', positiveWholeFlag(600_000), 5_000)
    .action(async (opts: StatusFlags) => {
      const status = await readStatus(opts);
      const uncovered = uncoveredLocations(status);
      if (opts.json) {
        const json = {
          queue: redactUrl(opts.queue),
          at: new Date(status.at).toISOString(),
          workers: status.workers.map((w) => ({
            ...w,
            lastSeen: new Date(w.lastSeen).toISOString(),
            startedAt: new Date(w.startedAt).toISOString(),
          })),
          locations: status.locations.map((l) => ({
            ...l,
            lastWorkerAt: l.lastWorkerAt === undefined ? null : new Date(l.lastWorkerAt).toISOString(),
          })),
          uncovered: uncovered.map((l) => l.location),
        };
        console.log(JSON.stringify(json, null, 2));
      } else {
        console.log(fleetStatusText(redactUrl(opts.queue), status));
      }
      if (uncovered.length > 0) process.exitCode = EXIT.problems;
    });
}
