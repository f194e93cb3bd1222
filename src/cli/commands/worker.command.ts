import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { systemClock } from '../../adapters/clock/system.clock.ts';
import { lockDataDir } from '../../adapters/lock/data-dir.lock.ts';
import { DEFAULT_LOCATION } from '../../app/fleet.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';
import { durationFlag, positiveWholeFlag } from '../flags.ts';
import { parseDuration } from '../../domain/duration.ts';
import { createLogger, LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../logger.ts';
import { untilSignal } from '../signals.ts';
import { VERSION } from '../version.ts';
import { checkWorkerLocation } from './run-fleet.ts';
import { openWorkerRuntime } from './worker-runtime.ts';

interface WorkerFlags {
  readonly catalogue: string[];
  readonly queue: string;
  readonly location: string;
  readonly concurrency: number;
  readonly data: string;
  readonly lockMs: number;
  readonly stalledMs: number;
  readonly heartbeatTtlMs: number;
  readonly maxQueueWait: string;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
}

/** A heartbeat TTL: at least a second (the advert is rewritten every third of it), at most an hour. */
function heartbeatTtlFlag(value: string): number {
  const ms = positiveWholeFlag(3_600_000)(value);
  if (ms < 1_000)
    throw new InvalidArgumentError('it must be at least 1000 ms (the heartbeat is sent every third of it).');
  return ms;
}

/** `kept worker`: a fleet worker that makes the attempts of its location's planned runs (docs/architecture/fleet.md). */
export function defineWorker(command: Command): void {
  command
    .requiredOption('-c, --catalogue <files...>', 'catalogue YAML files (the same as the scheduler and service use)')
    .requiredOption('--queue <url>', 'the fleet queue: redis://host:port[/db]')
    .option('--location <name>', 'the location whose planned runs this worker takes', DEFAULT_LOCATION)
    .option('--concurrency <n>', 'attempts in flight at once', positiveWholeFlag(256), 4)
    .option('--data <dir>', 'data directory (the results outbox, evidence)', 'data')
    .addOption(
      new Option('--lock-ms <ms>', 'job lock duration, real ms')
        .argParser(positiveWholeFlag(3_600_000))
        .default(30_000)
        .hideHelp(),
    )
    .addOption(
      new Option('--stalled-ms <ms>', 'stalled-job check interval')
        .argParser(positiveWholeFlag(3_600_000))
        .default(30_000)
        .hideHelp(),
    )
    .option(
      '--heartbeat-ttl-ms <ms>',
      'real ms a heartbeat lasts: a dead worker leaves `kept fleet status` within this',
      heartbeatTtlFlag,
      10_000,
    )
    .option(
      '--max-queue-wait <duration>',
      'a run that waited longer in the queue is recorded inconclusive, not attempted late',
      durationFlag,
      '5m',
    )
    .addOption(
      new Option('--log-level <level>', 'the least severe log lines written').choices(LOG_LEVELS).default('info'),
    )
    .addOption(new Option('--log-format <format>', 'json or pretty').choices(LOG_FORMATS).default('json'))
    .action(async (opts: WorkerFlags) => {
      const log = createLogger({ level: opts.logLevel, format: opts.logFormat });
      const catalogue = await loadCatalogueOrThrow(opts.catalogue, process.env, 'connect', () => undefined);
      checkWorkerLocation(catalogue, opts.location);
      // Only now are the queue's modules loaded: `kept run` without --queue never loads BullMQ.
      const { redisConnection } = await import('../../adapters/queue/redis-connection.ts');
      const { openResultOutbox } = await import('../../adapters/queue/result-outbox.ts');
      const { startQueueWorker } = await import('../../adapters/queue/bullmq.worker.ts');
      const { startWorkerHeartbeat } = await import('../../adapters/queue/worker-registry.ts');
      const connection = redisConnection(opts.queue);
      mkdirSync(opts.data, { recursive: true });
      const lock = lockDataDir(opts.data);
      try {
        const runtime = await openWorkerRuntime(catalogue, opts.data, log);
        // Closed however the worker ends, also when its start fails past this point: a browser, SIP sockets.
        try {
          const outbox = openResultOutbox({
            path: join(opts.data, 'results-outbox.db'),
            location: opts.location,
            connection,
            clock: systemClock,
            log,
          });
          let inFlight = 0;
          const worker = startQueueWorker({
            connection,
            location: opts.location,
            concurrency: opts.concurrency,
            attempt: async (job, signal) => {
              inFlight++;
              try {
                return await runtime.attempt(job, signal);
              } finally {
                inFlight--;
              }
            },
            outbox,
            log,
            realClock: systemClock,
            maxQueueWaitMs: parseDuration(opts.maxQueueWait),
            lockDurationMs: opts.lockMs,
            stalledIntervalMs: opts.stalledMs,
          });
          const startedAt = systemClock.now();
          const heartbeat = startWorkerHeartbeat({
            connection,
            advert: {
              id: `${hostname()}:${process.pid}:${startedAt}`,
              host: hostname(),
              pid: process.pid,
              location: opts.location,
              concurrency: opts.concurrency,
              version: VERSION,
              startedAt,
            },
            inFlight: () => inFlight,
            clock: systemClock,
            log,
            ttlMs: opts.heartbeatTtlMs,
          });
          console.log(`Kept worker ${process.pid} takes location ${opts.location} (concurrency ${opts.concurrency})`);
          await untilSignal();
          await worker.close();
          await heartbeat.close();
          if (!(await outbox.drained(5_000)))
            log.warn('worker: results left in the outbox, sent at the next start', { pending: outbox.pending() });
          await outbox.close();
        } finally {
          await runtime.close();
        }
      } finally {
        lock.release();
      }
    });
}
