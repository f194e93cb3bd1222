import type { CoverageGap } from '../../../app/ports.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation } from '../../../domain/observation.ts';

/** A write the store could not take yet: an observation with its judgements, or a coverage gap. */
export type HeldWrite =
  | { readonly kind: 'record'; readonly observation: Observation; readonly judgements: readonly Judgement[] }
  | { readonly kind: 'gap'; readonly gap: CoverageGap };

/**
 * Writes waiting in memory, oldest first. Only observations count toward the bound (gaps are few: one per probe and
 * outage); past it, `push` drops the oldest observation and returns it so the caller can record the loss. A run being
 * written (`take`) is neither dropped nor counted until it is written or not.
 */
export class HeldQueue {
  #items: (HeldWrite | undefined)[] = [];
  #head = 0;
  /** End (exclusive) of the run being written: never dropped while in flight. */
  #flightEnd = 0;
  #flightRecords = 0;
  #records = 0;
  #gaps = 0;
  readonly #maxRecords: number;

  constructor(maxRecords: number) {
    this.#maxRecords = maxRecords;
  }

  /** Writes held: observations and gaps. */
  get size(): number {
    return this.#records + this.#gaps;
  }

  /** Observations held (the bound applies to these). */
  get records(): number {
    return this.#records;
  }

  /** Appends a write; returns the observations dropped to stay within the bound, oldest first. */
  push(write: HeldWrite): Observation[] {
    this.#items.push(write);
    if (write.kind === 'record') this.#records += 1;
    else this.#gaps += 1;
    const dropped: Observation[] = [];
    // Observations in flight are not counted: they may be written in a moment, and dropping them would lose nothing.
    const over = (): boolean => this.#records - this.#flightRecords > this.#maxRecords;
    for (let i = Math.max(this.#head, this.#flightEnd); over() && i < this.#items.length; i += 1) {
      const item = this.#items[i];
      if (item?.kind !== 'record') continue;
      this.#items[i] = undefined;
      this.#records -= 1;
      dropped.push(item.observation);
    }
    this.#skipDropped();
    return dropped;
  }

  /**
   * Up to `limit` oldest writes, consecutive observations together or one gap, now in flight: `written()` removes
   * them, `unwritten()` leaves them first in line. In-flight writes are never dropped.
   */
  take(limit: number): HeldWrite[] {
    const run: HeldWrite[] = [];
    let i = this.#head;
    for (; i < this.#items.length && run.length < limit; i += 1) {
      const item = this.#items[i];
      if (item === undefined) continue;
      if (run.length > 0 && (item.kind === 'gap' || run[0]?.kind === 'gap')) break;
      run.push(item);
    }
    this.#flightEnd = i;
    this.#flightRecords = run.filter((w) => w.kind === 'record').length;
    return run;
  }

  /** The run `take` returned was written. */
  written(): void {
    for (let i = this.#head; i < this.#flightEnd; i += 1) {
      const kind = this.#items[i]?.kind;
      if (kind === 'record') this.#records -= 1;
      else if (kind === 'gap') this.#gaps -= 1;
      this.#items[i] = undefined;
    }
    this.#flightEnd = 0;
    this.#flightRecords = 0;
    this.#skipDropped();
  }

  /** The run `take` returned could not be written: it stays first in line. */
  unwritten(): void {
    this.#flightEnd = 0;
    this.#flightRecords = 0;
  }

  /** Start of the newest held observation of a probe. */
  lastRunAt(probeId: string): number | undefined {
    let last: number | undefined;
    for (let i = this.#head; i < this.#items.length; i += 1) {
      const item = this.#items[i];
      if (
        item?.kind === 'record' &&
        item.observation.probeId === probeId &&
        !(item.observation.startedAt <= (last ?? -Infinity))
      ) {
        last = item.observation.startedAt;
      }
    }
    return last;
  }

  #skipDropped(): void {
    while (this.#head < this.#items.length && this.#items[this.#head] === undefined) this.#head += 1;
    // Compact once the dead prefix is large, so memory follows what is held, not what ever was.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length && this.#flightEnd === 0) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
