import { bitErrorRate, type Fingerprint } from './fingerprint.ts';

/** Where a query was found: in which entry, at which sub-fingerprint, and how closely. */
export interface IndexMatch {
  readonly entry: number;
  /** Position in the entry that query[0] aligns with (may be negative when the query starts before the entry). */
  readonly offset: number;
  readonly ber: number;
  readonly compared: number;
}

export interface MatchOptions {
  /** Highest bit error rate that counts as the same audio (different audio reads about 0.5). Default 0.3. */
  readonly maxBer?: number;
  /** Fewest loud frames compared for a match. Default 40 (0.32 s). */
  readonly minCompared?: number;
  /** Skips alignments, e.g. a query against the stretch of the same call it came from. */
  readonly exclude?: (entry: number, offset: number) => boolean;
  /**
   * Verify only the query's first words (all of it votes for the alignment): where a recording begins a stretch that
   * goes on with other audio (a prompt a person cut off). Default: the whole query.
   */
  readonly verifyWords?: number;
  /** Alignments with the most votes that are verified. Default 6. */
  readonly candidates?: number;
}

interface Entry {
  words: Uint32Array;
  loud: Uint8Array;
  length: number;
}

/** Postings for one word beyond this are a degenerate word (a steady tone) and are not used for voting. */
const MAX_POSTINGS = 2_000;
const POSITION_SPAN = 2 ** 24;

/**
 * An inverted index of sub-fingerprint words: each loud word points at (entry, position). A query votes for
 * alignments through exact word hits, and the best few alignments are verified by bit error rate. Entries may grow
 * (a call's own audio is appended as it arrives) and be removed.
 */
export class FingerprintIndex {
  readonly #entries = new Map<number, Entry>();
  readonly #postings = new Map<number, number[]>();
  #nextId = 0;

  /** A new, empty entry (or one holding `fingerprint`); returns its id. */
  add(fingerprint?: Fingerprint): number {
    const id = this.#nextId;
    this.#nextId += 1;
    this.#entries.set(id, { words: new Uint32Array(256), loud: new Uint8Array(256), length: 0 });
    if (fingerprint !== undefined) this.append(id, fingerprint);
    return id;
  }

  append(id: number, fingerprint: Fingerprint): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) throw new RangeError(`no fingerprint entry ${id}`);
    const needed = entry.length + fingerprint.words.length;
    if (needed > entry.words.length) {
      const size = Math.max(needed, entry.words.length * 2);
      const words = new Uint32Array(size);
      words.set(entry.words.subarray(0, entry.length));
      const loud = new Uint8Array(size);
      loud.set(entry.loud.subarray(0, entry.length));
      entry.words = words;
      entry.loud = loud;
    }
    for (let i = 0; i < fingerprint.words.length; i += 1) {
      const position = entry.length + i;
      const word = fingerprint.words[i] as number;
      const loud = fingerprint.loud[i] as number;
      entry.words[position] = word;
      entry.loud[position] = loud;
      if (loud === 0 || position >= POSITION_SPAN) continue;
      let list = this.#postings.get(word);
      if (list === undefined) {
        list = [];
        this.#postings.set(word, list);
      }
      if (list.length <= MAX_POSTINGS) list.push(id * POSITION_SPAN + position);
    }
    entry.length = needed;
  }

  remove(id: number): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    for (let i = 0; i < entry.length; i += 1) {
      const word = entry.words[i] as number;
      const list = this.#postings.get(word);
      if (list === undefined) continue;
      const kept = list.filter((posting) => Math.floor(posting / POSITION_SPAN) !== id);
      if (kept.length === 0) this.#postings.delete(word);
      else this.#postings.set(word, kept);
    }
    this.#entries.delete(id);
  }

  /** The fingerprint held for an entry (a copy). */
  fingerprint(id: number): Fingerprint | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    return { words: entry.words.slice(0, entry.length), loud: entry.loud.slice(0, entry.length) };
  }

  /** The fingerprint held for an entry, as views of the index's own arrays (valid until the entry grows). */
  view(id: number): Fingerprint | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    return { words: entry.words.subarray(0, entry.length), loud: entry.loud.subarray(0, entry.length) };
  }

  lengthOf(id: number): number {
    return this.#entries.get(id)?.length ?? 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Total sub-fingerprints held. */
  get words(): number {
    let total = 0;
    for (const entry of this.#entries.values()) total += entry.length;
    return total;
  }

  /** The best alignment of `query` within the index, if one is close enough. */
  match(query: Fingerprint, options: MatchOptions = {}): IndexMatch | undefined {
    const maxBer = options.maxBer ?? 0.3;
    const minCompared = options.minCompared ?? 40;
    const votes = new Map<number, number>();
    for (let i = 0; i < query.words.length; i += 1) {
      if (query.loud[i] === 0) continue;
      const list = this.#postings.get(query.words[i] as number);
      if (list === undefined || list.length > MAX_POSTINGS) continue;
      for (const posting of list) {
        const entry = Math.floor(posting / POSITION_SPAN);
        const offset = (posting % POSITION_SPAN) - i;
        if (options.exclude?.(entry, offset) === true) continue;
        const key = entry * POSITION_SPAN * 2 + offset + POSITION_SPAN;
        votes.set(key, (votes.get(key) ?? 0) + 1);
      }
    }
    const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]).slice(0, options.candidates ?? 6);
    const verified =
      options.verifyWords === undefined
        ? query
        : { words: query.words.subarray(0, options.verifyWords), loud: query.loud.subarray(0, options.verifyWords) };
    let best: IndexMatch | undefined;
    for (const [key] of ranked) {
      const entryId = Math.floor(key / (POSITION_SPAN * 2));
      const offset = (key % (POSITION_SPAN * 2)) - POSITION_SPAN;
      const entry = this.#entries.get(entryId);
      if (entry === undefined) continue;
      const reference = { words: entry.words.subarray(0, entry.length), loud: entry.loud.subarray(0, entry.length) };
      const { ber, compared } = bitErrorRate(verified, reference, offset);
      if (compared < minCompared || ber > maxBer) continue;
      if (best === undefined || ber < best.ber) best = { entry: entryId, offset, ber, compared };
    }
    return best;
  }
}
