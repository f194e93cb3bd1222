import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Clock, Logger } from '../../app/ports.ts';
import { isFleetJob, isFleetResult, lostRunObservation } from '../../app/fleet.ts';
import type { Observation } from '../../domain/observation.ts';
import { probeQueueName, QUEUE_PREFIX, RESULTS_QUEUE } from './redis-connection.ts';

export interface QueueResultsOptions {
  readonly connection: ConnectionOptions;
  /** The locations whose probe queues this service watches for failed (stalled) jobs. */
  readonly locations: readonly string[];
  /** Judges, stores and alerts (the ProbeRunner's `record`). */
  readonly record: (observation: Observation) => Promise<void>;
  /** Whether the store has this run already (by run id): a result sent twice is stored once. */
  readonly stored: (observation: Observation) => Promise<boolean>;
  /** Real clock for the polling and the grace. */
  readonly realClock: Clock;
  readonly log: Logger;
  /** Real ms between looks at failed jobs. Default 1 s. */
  readonly pollMs?: number;
  /**
   * Real ms a failed job waits before it becomes `inconclusive`, so a result the worker kept in its outbox can still
   * win (its attempt finished; only the job's completion was lost, e.g. in a Redis outage). Default 15 s.
   */
  readonly lostGraceMs?: number;
  /** Stalled-check settings for the probe queues (the service checks too, so a lone dead worker is found). */
  readonly stalledIntervalMs?: number;
}

export interface RunningQueueResults {
  counts(): { readonly recorded: number; readonly duplicates: number; readonly lost: number };
  close(): Promise<void>;
}

/**
 * The service role's side of the queue: results from the results queue are recorded once by run id; a failed probe
 * job (a worker died mid-attempt: BullMQ found it stalled and, with `maxStalledCount: 0`, failed it) becomes one
 * `inconclusive` observation after a grace, then the job is removed.
 */
export function startQueueResults(options: QueueResultsOptions): RunningQueueResults {
  const { log } = options;
  const seen = new Set<string>();
  let recorded = 0;
  let duplicates = 0;
  let lost = 0;
  const recordNew = async (observation: Observation): Promise<boolean> => {
    if (seen.has(observation.id) || (await options.stored(observation))) {
      seen.add(observation.id);
      duplicates++;
      log.info('fleet: a result for a run already stored; ignored', { runId: observation.id });
      return false;
    }
    await options.record(observation);
    // Bounded: past it, the store's own lookup answers (the set only saves the query).
    if (seen.size >= 100_000) seen.clear();
    seen.add(observation.id);
    return true;
  };
  // One record at a time per run id: a result and the write-off of its stalled job may arrive together.
  const inFlight = new Map<string, Promise<boolean>>();
  const recordOnce = async (observation: Observation): Promise<boolean> => {
    const earlier = inFlight.get(observation.id);
    if (earlier !== undefined) await earlier.catch(() => false);
    const running = recordNew(observation);
    inFlight.set(observation.id, running);
    try {
      return await running;
    } finally {
      if (inFlight.get(observation.id) === running) inFlight.delete(observation.id);
    }
  };
  const results = new Worker(
    RESULTS_QUEUE,
    async (job: Job) => {
      const data: unknown = job.data;
      if (!isFleetResult(data)) throw new Error(`not a Kept result of this version: ${JSON.stringify(data)}`);
      if (await recordOnce(data.observation)) recorded++;
    },
    { connection: options.connection, prefix: QUEUE_PREFIX, concurrency: 4 },
  );
  results.on('error', (error) => log.warn('results: Redis error (retrying)', { error: error.message }));
  const queues = options.locations.map((location) => ({
    location,
    queue: new Queue(probeQueueName(location), { connection: options.connection, prefix: QUEUE_PREFIX }),
    checker: new Worker(probeQueueName(location), null, {
      connection: options.connection,
      prefix: QUEUE_PREFIX,
      autorun: false,
      maxStalledCount: 0,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
    }),
  }));
  for (const { queue, checker } of queues) {
    queue.on('error', (error) => log.warn('queue: Redis error (retrying)', { error: error.message }));
    checker.on('error', (error) => log.warn('stalled check: Redis error (retrying)', { error: error.message }));
    void checker
      .startStalledCheckTimer()
      .catch((error: unknown) => log.warn('stalled check', { error: String(error) }));
  }
  const grace = options.lostGraceMs ?? 15_000;
  const stop = new AbortController();
  const sweep = async (): Promise<void> => {
    for (const { queue, location } of queues) {
      for (const job of await queue.getFailed(0, 499)) {
        const data: unknown = job.data;
        const failedAt = job.finishedOn ?? job.timestamp;
        if (options.realClock.now() - failedAt < grace) continue;
        if (isFleetJob(data)) {
          const reason = `the probe job failed in the queue (${job.failedReason || 'no reason'}): no attempt result`;
          const startedAt = data.plannedAt;
          if (await recordOnce(lostRunObservation(data, startedAt, reason))) {
            lost++;
            log.error('fleet: a probe run was lost in a worker; recorded as inconclusive', {
              probe: data.probeId,
              runId: data.runId,
              location,
              reason: job.failedReason,
            });
          }
        }
        await job.remove();
      }
    }
  };
  const loop = (async () => {
    while (!stop.signal.aborted) {
      try {
        await sweep();
      } catch (error) {
        log.warn('fleet: cannot read failed jobs (retrying)', { error: String(error) });
      }
      await options.realClock.sleep(options.pollMs ?? 1_000, stop.signal).catch(() => undefined);
    }
  })();
  return {
    counts: () => ({ recorded, duplicates, lost }),
    async close() {
      stop.abort();
      await loop;
      await results.close();
      await Promise.all(queues.flatMap(({ queue, checker }) => [queue.close(), checker.close()]));
    },
  };
}
