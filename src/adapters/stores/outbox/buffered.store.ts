import type { Clock, CoverageGap, Logger, ObservationQuery, ObservationStore } from '../../../app/ports.ts';
import { fatalError } from '../../../domain/errors.ts';
import type { HourTally, SlotTally } from '../../../domain/evaluation/tally.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation } from '../../../domain/observation.ts';
import { checkGap, checkRecord } from '../sqlite/sqlite.rows.ts';
import { Forwarder, type BatchRecorder } from './outbox.forwarder.ts';
import { OutboxJournal, type Payload } from './outbox.journal.ts';

export interface BufferedStoreOptions {
  /** Where observations finally live (InfluxDB, or any ObservationStore). Closed by `close()`. */
  readonly inner: ObservationStore & Partial<BatchRecorder>;
  /** The journal file, e.g. `<data dir>/outbox.db`. */
  readonly journalPath: string;
  readonly clock: Clock;
  readonly log: Logger;
  /**
   * Entries per delivery. Default 5,000: a backlog drains in few, large deliveries (the InfluxDB store looks ids up,
   * writes and re-rolls each touched hour once per delivery, so a day's replay re-rolls each hour about once).
   */
  readonly batchSize?: number;
  /** While a backlog drains, a progress line (replayed/total) is logged this often. Default 5 s. */
  readonly progressEveryMs?: number;
  /** First retry after a failed delivery, doubling up to `maxRetryMs`. Defaults 250 ms and 30 s. */
  readonly initialRetryMs?: number;
  readonly maxRetryMs?: number;
  /** While the inner store is healthy, how long a read waits for earlier records to arrive there. Default 2 s. */
  readonly readWaitMs?: number;
  /** How long `close()` keeps delivering before leaving the rest for the next start. Default 5 s. */
  readonly closeDrainMs?: number;
}

export interface OutboxStatus {
  /** Recorded, not yet in the inner store. */
  readonly pending: number;
  /** Refused by the inner store as invalid; kept in the journal's `rejected` table. */
  readonly rejected: number;
  /** Whether the last delivery failed: the inner store is down or refusing. */
  readonly failing: boolean;
  readonly failingSince?: number;
  readonly lastError?: string;
  /** Entries delivered since start (each counted once, however many attempts it took). */
  readonly delivered: number;
  /** Delivery attempts since start, failed ones included. */
  readonly attempts: number;
}

/**
 * "Nothing lost" (docs/architecture/nothing-lost.md): `record` and `recordGap` append to a local fsynced journal and
 * resolve then, which is when an observation counts as recorded. A background forwarder moves entries to the inner
 * store in order, retrying with back-off while it is down, and replays what is left after a restart. Delivery is at
 * least once; the inner store's idempotency by observation id makes it exactly once in effect. Reads go to the inner
 * store: while it is healthy they first wait (up to `readWaitMs`) for earlier records to reach it; during an outage
 * they answer at once, without the buffered observations.
 */
export class BufferedStore implements ObservationStore {
  readonly #inner: ObservationStore;
  readonly #journal: OutboxJournal;
  readonly #clock: Clock;
  readonly #forwarder: Forwarder;
  readonly #readWaitMs: number;
  readonly #closeDrainMs: number;
  #queue: { payload: Payload; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #appendedSeq = 0;
  #waiters: (() => void)[] = [];
  #closed = false;

  constructor(options: BufferedStoreOptions, journal: OutboxJournal) {
    this.#inner = options.inner;
    this.#journal = journal;
    this.#clock = options.clock;
    this.#readWaitMs = options.readWaitMs ?? 2_000;
    this.#closeDrainMs = options.closeDrainMs ?? 5_000;
    this.#forwarder = new Forwarder(
      journal,
      options.inner,
      options.clock,
      options.log,
      {
        batchSize: options.batchSize ?? 5_000,
        progressEveryMs: options.progressEveryMs ?? 5_000,
        initialRetryMs: options.initialRetryMs ?? 250,
        maxRetryMs: options.maxRetryMs ?? 30_000,
      },
      () => this.#progress(),
    );
    this.#appendedSeq = journal.lastSeq();
  }

  start(): void {
    this.#forwarder.start();
  }

  async record(observation: Observation, judgements: readonly Judgement[]): Promise<void> {
    checkRecord(observation, judgements);
    await this.#append({ kind: 'record', observation, judgements });
  }

  async recordGap(gap: CoverageGap): Promise<void> {
    checkGap(gap);
    await this.#append({ kind: 'gap', gap });
  }

  /** Queues a payload; everything queued in the same turn is appended in one transaction (one fsync). */
  #append(payload: Payload): Promise<void> {
    if (this.#closed) return Promise.reject(fatalError('store.closed', 'buffered store: used after close()'));
    return new Promise((resolve, reject) => {
      if (this.#queue.length === 0) setImmediate(() => this.#flush());
      this.#queue.push({ payload, resolve, reject });
    });
  }

  #flush(): void {
    const queued = this.#queue;
    if (queued.length === 0) return;
    this.#queue = [];
    try {
      this.#appendedSeq = this.#journal.append(
        queued.map((q) => q.payload),
        this.#clock.now(),
      );
    } catch (error) {
      for (const q of queued) q.reject(error);
      return;
    }
    for (const q of queued) q.resolve();
    this.#forwarder.wake();
  }

  /** Recorded but not yet delivered to the inner store. */
  pending(): number {
    return this.#journal.count() + this.#queue.length;
  }

  status(): OutboxStatus {
    const stats = this.#forwarder.stats();
    return {
      pending: this.pending(),
      rejected: this.#journal.rejectedCount(),
      failing: this.#forwarder.failing(),
      ...stats,
    };
  }

  /** Resolves true once nothing is pending, or false when `timeoutMs` passes first. */
  drained(timeoutMs = Infinity): Promise<boolean> {
    return this.#until(() => this.pending() === 0, timeoutMs);
  }

  async #until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = this.#clock.monotonic() + timeoutMs;
    while (!done()) {
      const left = deadline - this.#clock.monotonic();
      if (left <= 0) return false;
      await this.#nextProgress(left);
    }
    return true;
  }

  #progress(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  async #nextProgress(timeoutMs: number): Promise<void> {
    const abort = new AbortController();
    const progressed = new Promise<void>((resolve) => this.#waiters.push(resolve));
    const timer = Number.isFinite(timeoutMs)
      ? this.#clock.sleep(timeoutMs, abort.signal).catch(() => undefined)
      : new Promise<void>(() => undefined);
    await Promise.race([progressed, timer]);
    abort.abort();
  }

  /** Read-your-writes while the inner store is healthy; no waiting during an outage (reads lag then). */
  async #fence(): Promise<void> {
    if (this.#closed) throw fatalError('store.closed', 'buffered store: used after close()');
    const deadline = this.#clock.monotonic() + this.#readWaitMs;
    const seq = this.#appendedSeq;
    while (
      this.#journal.count() > 0 &&
      !this.#forwarder.failing() &&
      (this.#journal.peek(1)[0]?.seq ?? Infinity) <= seq
    ) {
      const left = deadline - this.#clock.monotonic();
      if (left <= 0) return;
      await this.#nextProgress(left);
    }
  }

  async observations(query: ObservationQuery): Promise<Observation[]> {
    await this.#fence();
    return this.#inner.observations(query);
  }

  async tallies(claimIds: readonly string[], from: number, to: number): Promise<Map<string, HourTally[]>> {
    await this.#fence();
    return this.#inner.tallies(claimIds, from, to);
  }

  async slotTallies(claimIds: readonly string[], from: number, to: number): Promise<Map<string, SlotTally[]>> {
    await this.#fence();
    return this.#inner.slotTallies(claimIds, from, to);
  }

  async monitoringSince(claimIds: readonly string[]): Promise<Map<string, number>> {
    await this.#fence();
    return this.#inner.monitoringSince(claimIds);
  }

  async gaps(query: { readonly probeId?: string; readonly from: number; readonly to: number }): Promise<CoverageGap[]> {
    await this.#fence();
    return this.#inner.gaps(query);
  }

  async lastRunAt(probeId: string): Promise<number | undefined> {
    await this.#fence();
    return this.#inner.lastRunAt(probeId);
  }

  /** Appends what is queued, delivers for up to `closeDrainMs`, stops the forwarder, closes the journal and inner store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#queue.length > 0) this.#flush();
    this.#closed = true;
    await this.#until(() => this.pending() === 0 || this.#forwarder.failing(), this.#closeDrainMs);
    await this.#forwarder.stop();
    this.#journal.close();
    await this.#inner.close();
  }
}

/** Opens the journal (creating it if needed) and starts forwarding, replaying whatever a previous run left. */
export async function openBufferedStore(options: BufferedStoreOptions): Promise<BufferedStore> {
  const journal = OutboxJournal.open(options.journalPath);
  const leftover = journal.count();
  if (leftover > 0)
    options.log.info('outbox: replaying observations a previous run recorded but did not deliver', {
      pending: leftover,
    });
  const store = new BufferedStore(options, journal);
  store.start();
  return store;
}
