import type { Clock, Logger, ObservationStore } from '../../../app/ports.ts';
import { KeptError } from '../../../domain/errors.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation } from '../../../domain/observation.ts';
import type { Entry, OutboxJournal } from './outbox.journal.ts';

/** A store that can take many records at once (InfluxStore, SqliteStore): replays go much faster through it. */
export interface BatchRecorder {
  recordMany(items: readonly { observation: Observation; judgements: readonly Judgement[] }[]): Promise<void>;
}

export interface ForwarderSettings {
  readonly batchSize: number;
  /** While a backlog (more than one delivery) drains, log replayed/total this often. */
  readonly progressEveryMs?: number;
  readonly initialRetryMs: number;
  readonly maxRetryMs: number;
}

/** Exponential back-off with equal jitter: between half and all of `initial * 2^attempt`, capped at `max`. */
export function retryDelay(attempt: number, initial: number, max: number, random: () => number = Math.random): number {
  const ceiling = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + (random() * ceiling) / 2;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const isInvalid = (error: unknown): boolean => error instanceof KeptError && error.kind === 'validation';

/**
 * Moves journal entries to the inner store, oldest first, in batches; after a failure waits with exponential back-off
 * and tries the same entries again, so order holds and nothing is skipped. An entry the inner store refuses as invalid
 * (a validation error) cannot succeed on retry: it is set aside in `rejected` and logged, and delivery goes on.
 */
export class Forwarder {
  readonly #journal: OutboxJournal;
  readonly #inner: ObservationStore & Partial<BatchRecorder>;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #settings: ForwarderSettings;
  readonly #stop = new AbortController();
  readonly #onProgress: () => void;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #failingSince: number | undefined;
  #lastError: string | undefined;
  #delivered = 0;
  #attempts = 0;
  /** A backlog being drained: entries delivered since it was seen, when, and when progress was last logged. */
  #backlog: { replayed: number; startedAt: number; loggedAt: number } | undefined;

  constructor(
    journal: OutboxJournal,
    inner: ObservationStore & Partial<BatchRecorder>,
    clock: Clock,
    log: Logger,
    settings: ForwarderSettings,
    onProgress: () => void,
  ) {
    this.#journal = journal;
    this.#inner = inner;
    this.#clock = clock;
    this.#log = log;
    this.#settings = settings;
    this.#onProgress = onProgress;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** New entries were appended: deliver them now rather than at the next retry. */
  wake(): void {
    this.#wake?.();
  }

  /** Whether the last delivery attempt failed (the inner store is down or refusing). */
  failing(): boolean {
    return this.#failingSince !== undefined;
  }

  stats(): { delivered: number; attempts: number; failingSince?: number; lastError?: string } {
    return {
      delivered: this.#delivered,
      attempts: this.#attempts,
      ...(this.#failingSince === undefined ? {} : { failingSince: this.#failingSince }),
      ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }),
    };
  }

  /** Stops after the delivery in flight, if any; undelivered entries stay in the journal for the next start. */
  async stop(): Promise<void> {
    this.#stop.abort();
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { signal } = this.#stop;
    let attempt = 0;
    while (!signal.aborted) {
      const batch = this.#journal.peek(this.#settings.batchSize);
      if (batch.length === 0) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
        continue;
      }
      try {
        await this.#deliver(batch);
        if (this.#failingSince !== undefined) {
          this.#log.info('store reachable again: delivering buffered observations', {
            downForMs: this.#clock.now() - this.#failingSince,
            pending: this.#journal.count(),
          });
        }
        this.#failingSince = undefined;
        attempt = 0;
        this.#reportBacklog(batch.length);
      } catch (error) {
        const message = describe(error);
        if (this.#failingSince === undefined || message !== this.#lastError) {
          this.#log.warn('store unavailable: observations stay in the outbox and are retried', {
            error: message,
            pending: this.#journal.count(),
          });
        }
        this.#failingSince ??= this.#clock.now();
        this.#lastError = message;
        const delay = retryDelay(attempt, this.#settings.initialRetryMs, this.#settings.maxRetryMs);
        attempt += 1;
        await this.#clock.sleep(delay, signal).catch(() => undefined);
      }
      this.#onProgress();
    }
  }

  /**
   * Progress while a backlog drains (after an outage, or a restart with entries left): one line when it starts, one
   * every `progressEveryMs` with replayed/total and the rate, one when the journal is empty.
   */
  #reportBacklog(delivered: number): void {
    const pending = this.#journal.count();
    const now = this.#clock.monotonic();
    if (this.#backlog === undefined) {
      if (pending === 0) return;
      this.#backlog = { replayed: delivered, startedAt: now, loggedAt: now };
      this.#log.info('outbox: replaying a backlog', { replayed: delivered, total: delivered + pending });
      return;
    }
    const backlog = this.#backlog;
    backlog.replayed += delivered;
    const seconds = (now - backlog.startedAt) / 1_000;
    const perSecond = seconds > 0 ? Math.round(backlog.replayed / seconds) : undefined;
    if (pending === 0) {
      this.#log.info('outbox: backlog replayed', { replayed: backlog.replayed, seconds, perSecond });
      this.#backlog = undefined;
    } else if (now - backlog.loggedAt >= (this.#settings.progressEveryMs ?? 5_000)) {
      backlog.loggedAt = now;
      this.#log.info('outbox: replaying', {
        replayed: backlog.replayed,
        total: backlog.replayed + pending,
        perSecond,
      });
    }
  }

  /** Delivers a batch run by run (consecutive records together), marking each run delivered as soon as it is. */
  async #deliver(batch: readonly Entry[]): Promise<void> {
    for (let i = 0; i < batch.length;) {
      let j = i + 1;
      while (j < batch.length && batch[j]!.kind === 'record' && batch[i]!.kind === 'record') j += 1;
      const run = batch.slice(i, j);
      let delivered = run.length;
      try {
        await this.#send(run);
      } catch (error) {
        if (!isInvalid(error)) throw error;
        for (const entry of run) if (!(await this.#sendAlone(entry))) delivered -= 1;
      }
      this.#journal.removeThrough(run[run.length - 1]!.seq);
      this.#delivered += delivered;
      this.#onProgress();
      i = j;
    }
  }

  async #send(run: readonly Entry[]): Promise<void> {
    this.#attempts += 1;
    const records = run.flatMap((e) =>
      e.kind === 'record' ? [{ observation: e.observation, judgements: e.judgements }] : [],
    );
    if (records.length !== run.length) {
      for (const entry of run) if (entry.kind === 'gap') await this.#inner.recordGap(entry.gap);
    } else if (this.#inner.recordMany !== undefined && records.length > 1) {
      await this.#inner.recordMany(records);
    } else {
      for (const r of records) await this.#inner.record(r.observation, r.judgements);
    }
  }

  /** One entry on its own: delivered, or set aside when invalid; any other failure goes back to the retry loop. */
  async #sendAlone(entry: Entry): Promise<boolean> {
    try {
      await this.#send([entry]);
      this.#journal.remove(entry.seq);
      return true;
    } catch (error) {
      if (!isInvalid(error)) throw error;
      this.#journal.reject(entry.seq, this.#clock.now(), describe(error));
      this.#log.error("store refused a buffered entry as invalid: kept in the outbox's rejected table", {
        seq: entry.seq,
        kind: entry.kind,
        id: entry.kind === 'record' ? entry.observation.id : entry.gap.probeId,
        error: describe(error),
      });
      return false;
    }
  }
}
