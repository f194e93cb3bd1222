import { Queue, type ConnectionOptions } from 'bullmq';
import type { Clock, Logger } from '../../app/ports.ts';
import { PROBE_PROTOCOL_VERSION } from '../../app/worker.port.ts';
import type { FleetResult } from '../../app/fleet.ts';
import type { Observation } from '../../domain/observation.ts';
import { OutboxJournal } from '../stores/outbox/outbox.journal.ts';
import { retryDelay } from '../stores/outbox/outbox.forwarder.ts';
import { QUEUE_PREFIX, RESULTS_QUEUE } from './redis-connection.ts';

/** Seconds a delivered result is kept in the results queue (a re-delivery with the same run id is then a no-op). */
const RESULT_RETENTION_S = 24 * 3_600;

export interface ResultOutbox {
  /** Appends the result to the local journal (fsynced) and wakes delivery; returns once it is on disk. */
  keep(observation: Observation): void;
  /** Results on disk not yet acknowledged by Redis. */
  pending(): number;
  /** Resolves true once nothing is pending, false after `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A worker's results, kept in its local outbox journal (`<data>/results-outbox.db`, the store outbox's SQLite journal)
 * until Redis has them in the results queue: a Redis restart or outage, or a worker restart, loses none (replayed on
 * the next start from the same data directory). Delivered oldest first; each result's job id is its run id, so a
 * result sent twice (a crash between the add and the delete) is one job.
 */
export function openResultOutbox(options: {
  readonly path: string;
  /** The worker's location, sent with each result. */
  readonly location: string;
  readonly connection: ConnectionOptions;
  readonly clock: Clock;
  readonly log: Logger;
}): ResultOutbox {
  const { clock, log } = options;
  const journal = OutboxJournal.open(options.path);
  const queue = new Queue(RESULTS_QUEUE, { connection: options.connection, prefix: QUEUE_PREFIX });
  queue.on('error', (error) => log.warn('results queue: Redis error (retrying)', { error: error.message }));
  const stop = new AbortController();
  let wake: (() => void) | undefined;
  const idle = new Set<() => void>();
  if (journal.count() > 0) log.info('results outbox: replaying results kept on disk', { pending: journal.count() });

  const deliver = async (): Promise<void> => {
    for (let failures = 0; !stop.signal.aborted;) {
      const entries = journal.peek(100);
      if (entries.length === 0) {
        for (const resolve of idle) resolve();
        idle.clear();
        await new Promise<void>((resolve) => {
          wake = resolve;
          stop.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        wake = undefined;
        continue;
      }
      try {
        const jobs = entries.flatMap((entry) => {
          if (entry.kind !== 'record') return [];
          const { observation } = entry;
          const result: FleetResult = {
            v: PROBE_PROTOCOL_VERSION,
            runId: observation.id,
            location: options.location,
            observation,
          };
          // The service retries a result it could not record (its store refused): storing is not measuring again.
          const opts = {
            jobId: observation.id,
            removeOnComplete: { age: RESULT_RETENTION_S },
            removeOnFail: false,
            attempts: 10,
            backoff: { type: 'exponential', delay: 1_000 },
          };
          return [{ name: 'result', data: result, opts }];
        });
        await queue.addBulk(jobs);
        journal.removeThrough(entries[entries.length - 1]?.seq ?? 0);
        if (failures > 0) log.info('results outbox: Redis takes results again', { delivered: jobs.length });
        failures = 0;
      } catch (error) {
        if (failures === 0)
          log.warn('results outbox: cannot deliver; kept on disk, retrying', { error: String(error) });
        await clock.sleep(retryDelay(failures++, 250, 2_000), stop.signal).catch(() => undefined);
      }
    }
  };
  const loop = deliver();
  return {
    keep(observation) {
      // The worker does not judge: the service does, with its catalogue.
      journal.append([{ kind: 'record', observation, judgements: [] }], clock.now());
      wake?.();
    },
    pending: () => journal.count(),
    async drained(timeoutMs) {
      if (journal.count() === 0) return true;
      const done = new Promise<boolean>((resolve) => idle.add(() => resolve(true)));
      // The timer ends with the race: a drained outbox does not hold the process open for the rest of the timeout.
      const timer = new AbortController();
      const late = clock.sleep(timeoutMs, timer.signal).then(
        () => false,
        () => false,
      );
      return Promise.race([done, late]).finally(() => timer.abort());
    },
    async close() {
      stop.abort();
      await loop;
      await queue.close();
      journal.close();
    },
  };
}
