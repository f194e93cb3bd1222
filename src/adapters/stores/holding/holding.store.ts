import type { Clock, CoverageGap, Logger, ObservationQuery, ObservationStore } from '../../../app/ports.ts';
import type { HealthReporting, StoreHealth, StoreProblem } from '../../../app/store-health.ts';
import { fatalError, KeptError } from '../../../domain/errors.ts';
import type { HourTally, SlotTally } from '../../../domain/evaluation/tally.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation } from '../../../domain/observation.ts';
import { retryDelay, type BatchRecorder } from '../outbox/outbox.forwarder.ts';
import { checkGap, checkRecord } from '../sqlite/sqlite.rows.ts';
import { HeldQueue, type HeldWrite } from './held-queue.ts';

export interface HoldingStoreOptions {
  /** The store written to (SQLite, or the outbox in front of InfluxDB). */
  readonly inner: ObservationStore & Partial<BatchRecorder>;
  /** Whether `close()` closes `inner` too. Default true; false when whoever opened `inner` closes it. */
  readonly closesInner?: boolean;
  readonly clock: Clock;
  readonly log: Logger;
  /** Observations held in memory while the store cannot write; past it the oldest are dropped. Default 10,000. */
  readonly maxHeld?: number;
  /** First retry after a failed write, doubling up to `maxRetryMs`. Defaults 1 s and 30 s. */
  readonly initialRetryMs?: number;
  readonly maxRetryMs?: number;
  /** Held observations written per transaction when the store can write again. Default 500. */
  readonly batchSize?: number;
}

export const DEFAULT_MAX_HELD = 10_000;

/** The coverage-gap reason for observations dropped past the bound, by what stopped the writes. */
export function lostReason(code: string | undefined): string {
  if (code === 'storage.full') return 'Kept could not store observations: disk full';
  if (code === 'storage.unwritable') return 'Kept could not store observations: storage not writable';
  return 'Kept could not store observations: the store was unavailable';
}

/** A failure worth holding writes for: the store may take them later (disk full, unwritable, busy, down). */
const passing = (error: unknown): error is KeptError => error instanceof KeptError && error.kind === 'transient';
const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Keeps Kept measuring while its store cannot write (docs/architecture/nothing-lost.md "When the disk is full"):
 * a write that fails with a transient error (`storage.full`, `storage.unwritable`, `store.unavailable`, …) is held in
 * memory, in order, and retried with back-off; later writes queue behind it. Up to `maxHeld` observations nothing is
 * lost; past it the oldest are dropped and each probe's dropped runs become one coverage gap, written once the store
 * can write again. `health()` feeds readiness, metrics and the watchdog alert. Reads go to the inner store and do
 * not include held observations (except `lastRunAt`, so the scheduler does not count held runs as missed).
 */
export class HoldingStore implements ObservationStore, HealthReporting {
  readonly #inner: ObservationStore & Partial<BatchRecorder>;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #queue: HeldQueue;
  readonly #settings: { initialRetryMs: number; maxRetryMs: number; batchSize: number };
  readonly #stop = new AbortController();
  readonly #lost = new Map<string, { from: number; to: number; missedRuns: number; reason: string }>();
  readonly #dropped = new Map<string, number>();
  #problem: StoreProblem | undefined;
  #writeFailures = 0;
  #retrying: Promise<void> | undefined;
  #closed = false;
  readonly #closesInner: boolean;

  constructor(options: HoldingStoreOptions) {
    this.#inner = options.inner;
    this.#closesInner = options.closesInner ?? true;
    this.#clock = options.clock;
    this.#log = options.log;
    this.#queue = new HeldQueue(options.maxHeld ?? DEFAULT_MAX_HELD);
    this.#settings = {
      initialRetryMs: options.initialRetryMs ?? 1_000,
      maxRetryMs: options.maxRetryMs ?? 30_000,
      batchSize: options.batchSize ?? 500,
    };
  }

  health(): StoreHealth {
    return {
      healthy: this.#problem === undefined,
      ...(this.#problem === undefined ? {} : { problem: this.#problem }),
      held: this.#queue.size,
      writeFailures: this.#writeFailures,
      dropped: new Map(this.#dropped),
    };
  }

  async record(observation: Observation, judgements: readonly Judgement[]): Promise<void> {
    checkRecord(observation, judgements);
    await this.#write({ kind: 'record', observation, judgements });
  }

  async recordGap(gap: CoverageGap): Promise<void> {
    checkGap(gap);
    await this.#write({ kind: 'gap', gap });
  }

  /** Straight to the store while nothing is held; otherwise (or if it fails with a transient error) held in order. */
  async #write(write: HeldWrite): Promise<void> {
    if (this.#closed) throw fatalError('store.closed', 'holding store: used after close()');
    if (this.#queue.size === 0) {
      try {
        await this.#send([write]);
        this.#recovered();
        return;
      } catch (error) {
        if (!passing(error)) throw error;
        this.#failed(error);
      }
    }
    this.#hold(write);
    this.#retrying ??= this.#retry().finally(() => (this.#retrying = undefined));
  }

  #hold(write: HeldWrite): void {
    const dropped = this.#queue.push(write);
    for (const observation of dropped) this.#lose(observation);
  }

  /** An observation dropped past the bound: counted, and its time added to its probe's coverage gap. */
  #lose(o: Observation): void {
    const end = o.startedAt + Math.max(1, o.timings.totalMs);
    const gap = this.#lost.get(o.probeId);
    if (gap === undefined) {
      this.#lost.set(o.probeId, { from: o.startedAt, to: end, missedRuns: 1, reason: lostReason(this.#problem?.code) });
    } else {
      gap.from = Math.min(gap.from, o.startedAt);
      gap.to = Math.max(gap.to, end);
      gap.missedRuns += 1;
    }
    this.#dropped.set(o.probeId, (this.#dropped.get(o.probeId) ?? 0) + 1);
    if (this.#dropped.size === 1 && this.#dropped.get(o.probeId) === 1) {
      this.#log.error(
        'store still cannot write and the memory bound is reached: dropping the oldest held observations',
        {
          probe: o.probeId,
          held: this.#queue.records,
          problem: this.#problem?.code,
        },
      );
    }
  }

  #failed(error: KeptError): void {
    this.#writeFailures += 1;
    if (this.#problem === undefined || this.#problem.message !== error.message) {
      this.#log.error('store cannot write: observations are held in memory and retried', {
        code: error.code,
        error: error.message,
        held: this.#queue.size,
      });
    }
    this.#problem = { code: error.code, message: error.message, since: this.#problem?.since ?? this.#clock.now() };
  }

  #recovered(): void {
    if (this.#problem === undefined) return;
    this.#log.info('store can write again: writing held observations', {
      downForMs: this.#clock.now() - this.#problem.since,
      held: this.#queue.size,
    });
    this.#problem = undefined;
  }

  /** Writes held runs oldest first, with back-off after a failure; then the gaps for what was dropped. */
  async #retry(): Promise<void> {
    const { signal } = this.#stop;
    let attempt = 0;
    while (!signal.aborted && (this.#queue.size > 0 || this.#lost.size > 0)) {
      if (this.#problem !== undefined) {
        const delay = retryDelay(attempt, this.#settings.initialRetryMs, this.#settings.maxRetryMs);
        await this.#clock.sleep(delay, signal).catch(() => undefined);
        if (signal.aborted) return;
      }
      try {
        await this.#writeHeld();
        attempt = 0;
      } catch (error) {
        attempt += 1;
        this.#failed(error instanceof KeptError ? error : fatalError('store.failed', describe(error), error));
      }
    }
  }

  /** One run of held writes, or (once none are held) the gaps for dropped observations. */
  async #writeHeld(): Promise<void> {
    const run = this.#queue.take(this.#settings.batchSize);
    if (run.length === 0) return this.#writeLost();
    try {
      await this.#sendValid(run);
    } catch (error) {
      this.#queue.unwritten();
      throw error;
    }
    this.#queue.written();
    this.#recovered();
  }

  /** A run; if the store refuses it as invalid, entry by entry, logging and leaving out the invalid ones. */
  async #sendValid(run: readonly HeldWrite[]): Promise<void> {
    try {
      await this.#send(run);
    } catch (error) {
      if (!(error instanceof KeptError && error.kind === 'validation')) throw error;
      for (const write of run) {
        try {
          await this.#send([write]);
        } catch (single) {
          if (!(single instanceof KeptError && single.kind === 'validation')) throw single;
          this.#log.error('store refused a held write as invalid; left out', {
            kind: write.kind,
            error: single.message,
          });
        }
      }
    }
  }

  async #writeLost(): Promise<void> {
    for (const [probeId, lost] of [...this.#lost]) {
      const gap: CoverageGap = { probeId, ...lost };
      await this.#inner.recordGap(gap);
      this.#lost.delete(probeId);
      this.#log.warn('observations dropped while the store could not write are recorded as a coverage gap', { ...gap });
    }
    this.#recovered();
  }

  async #send(run: readonly HeldWrite[]): Promise<void> {
    const first = run[0];
    if (first === undefined) return;
    if (first.kind === 'gap') return this.#inner.recordGap(first.gap);
    const records = run.flatMap((w) =>
      w.kind === 'record' ? [{ observation: w.observation, judgements: w.judgements }] : [],
    );
    if (records.length > 1 && this.#inner.recordMany !== undefined) return this.#inner.recordMany(records);
    for (const r of records) await this.#inner.record(r.observation, r.judgements);
  }

  observations(query: ObservationQuery): Promise<Observation[]> {
    return this.#inner.observations(query);
  }

  tallies(claimIds: readonly string[], from: number, to: number): Promise<Map<string, HourTally[]>> {
    return this.#inner.tallies(claimIds, from, to);
  }

  slotTallies(claimIds: readonly string[], from: number, to: number): Promise<Map<string, SlotTally[]>> {
    return this.#inner.slotTallies(claimIds, from, to);
  }

  monitoringSince(claimIds: readonly string[]): Promise<Map<string, number>> {
    return this.#inner.monitoringSince(claimIds);
  }

  gaps(query: { readonly probeId?: string; readonly from: number; readonly to: number }): Promise<CoverageGap[]> {
    return this.#inner.gaps(query);
  }

  /** The newest stored or held run: a held run is not a missed one. */
  async lastRunAt(probeId: string): Promise<number | undefined> {
    const stored = await this.#inner.lastRunAt(probeId);
    const held = this.#queue.lastRunAt(probeId);
    return held === undefined || (stored !== undefined && stored >= held) ? stored : held;
  }

  /** Writes what is held if the store can take it now (one try), says how many are lost if not, closes `inner`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop.abort();
    await this.#retrying;
    try {
      while (this.#queue.size > 0 || this.#lost.size > 0) await this.#writeHeld();
    } catch (error) {
      this.#log.error('closing while the store cannot write: held observations are lost', {
        held: this.#queue.records,
        error: describe(error),
      });
    }
    if (this.#closesInner) await this.#inner.close();
  }
}
