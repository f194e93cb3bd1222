import { FRAME_MS, FRAME_SAMPLES, frameFeatures, type FrameFeatures } from './frame-features.ts';
import { FP_HOP, FP_FRAME, FP_PER_SECOND, Fingerprinter, type Fingerprint } from './fingerprint.ts';
import { FingerprintIndex } from './fingerprint-index.ts';
import { knownLeadWords } from './known-lead.ts';
import { encodeG711 } from '../../protocols/g711/g711.ts';
import type { RecordingLibrary } from './recording-library.ts';
import { RunSegmenter, type AudioRun } from './run-segmenter.ts';
import { QUIET_DB } from './sound-classifier.ts';

export type { AudioRun } from './run-segmenter.ts';

/** Sub-fingerprints per matched chunk (1 s). */
const CHUNK = FP_PER_SECOND;
/** Runs up to this long are also matched on their own words. */
const SPAN_MATCH_MAX_MS = 3_000;
/** Fewest loud sub-fingerprints for a span match (0.24 s). */
const MIN_SPAN_WORDS = 30;
/** Share of a short run's loud words that a span match must compare (the rest may be quiet in the recording). */
const SPAN_COVERED = 0.6;
/** Alignments within this many sub-fingerprints of the chunk itself are not a repeat (2 s). */
const SELF = 2 * FP_PER_SECOND;
/** The opening of a run looked up to find a recording it starts with (0.32 s), and how much of it must be loud. */
const LEAD_ANCHOR = 40;
const LEAD_ANCHOR_LOUD = 24;
/** Sub-fingerprints of a stretch that vote for its alignment (1 s). */
const LEAD_VOTE = FP_PER_SECOND;
/** How far known audio is followed (3 s), and how much of a run's end is looked up for its known tail (2 s). */
const LEAD_MAX_MS = 3_000;
const TAIL_MS = 2_000;

/** One second of audio compared with what was heard before. */
export interface ChunkMatch {
  readonly fromMs: number;
  readonly toMs: number;
  /** A recording from earlier calls (library id), when it matched one. */
  readonly libraryId?: string;
  /** When the same audio played earlier on this call (ms), when it did. */
  readonly earlierAtMs?: number;
}

/** What is known about a run's audio from its chunks. */
export interface RunEvidence {
  readonly chunks: number;
  /** Chunks that matched audio heard before (on earlier calls or earlier on this one). */
  readonly recorded: number;
  readonly libraryIds: readonly string[];
  /** Earlier runs of this call that it repeats. */
  readonly repeats: readonly number[];
}

/**
 * Listens to one call: fed decoded 8 kHz samples with their arrival times, it measures each 20 ms frame, labels
 * 200 ms blocks (silence, tone, music, speech) with 400 ms of look-ahead, groups them into runs, and compares every
 * second of sound with the recording library (earlier calls) and with the call's own past (loops). Pure: time comes
 * in with the samples.
 */
export class CallAudio {
  readonly frames: FrameFeatures[] = [];
  /** Call time (ms) at the start of each frame. */
  readonly frameTimes: number[] = [];
  readonly #segmenter = new RunSegmenter(this.frames, this.frameTimes);
  /** The runs of sound so far (the last may be open). */
  readonly runs: AudioRun[] = this.#segmenter.runs;
  readonly chunks: ChunkMatch[] = [];
  readonly #library: RecordingLibrary | undefined;
  readonly #fingerprinter = new Fingerprinter();
  readonly #own = new FingerprintIndex();
  readonly #ownEntry: number;
  #partial = new Int16Array(FRAME_SAMPLES);
  /** The previous frame and this one: the spectrum looks back 96 samples past the frame. */
  readonly #context = new Int16Array(FRAME_SAMPLES * 2);
  #partialLength = 0;
  #matchedWords = 0;
  #lastLoudEndMs: number | undefined;

  readonly #keepFrames: number;
  readonly #kept: Uint8Array[] = [];

  /**
   * `library`: recordings from earlier calls to compare with. `keepAudioMs`: how much of the call's audio to keep
   * (as μ-law, 8 KB a second) for `keptAudio()`; default none.
   */
  constructor(options: { library?: RecordingLibrary; keepAudioMs?: number } = {}) {
    this.#library = options.library;
    this.#keepFrames = Math.floor((options.keepAudioMs ?? 0) / FRAME_MS);
    this.#ownEntry = this.#own.add();
  }

  /** The call's audio so far as μ-law codes (silence where nothing arrived), up to `keepAudioMs`. */
  keptAudio(): Uint8Array {
    const out = new Uint8Array(this.#kept.length * FRAME_SAMPLES);
    this.#kept.forEach((frame, i) => out.set(frame, i * FRAME_SAMPLES));
    return out;
  }

  /** Call time up to which audio has been heard (frames are contiguous; gaps were filled with silence). */
  get heardToMs(): number {
    const last = this.frameTimes.at(-1);
    return last === undefined ? 0 : last + FRAME_MS;
  }

  /** End of the last loud frame, if any. */
  get lastLoudMs(): number | undefined {
    return this.#lastLoudEndMs;
  }

  /**
   * Adds samples that arrived at call time `atMs` (the time of their last sample). A gap since the previous samples
   * (a pause in the stream) is filled with silence first, so the timeline follows the clock.
   */
  push(samples: Int16Array, atMs: number): void {
    const durationMs = (samples.length * 1_000) / 8_000;
    this.fillSilenceTo(atMs - durationMs);
    for (let i = 0; i < samples.length; i += 1) {
      this.#partial[this.#partialLength] = samples[i] as number;
      this.#partialLength += 1;
      if (this.#partialLength === FRAME_SAMPLES) {
        const remaining = samples.length - 1 - i;
        this.#frame(this.#partial, atMs - (remaining * 1_000) / 8_000 - FRAME_MS);
        this.#partial = new Int16Array(FRAME_SAMPLES);
        this.#partialLength = 0;
      }
    }
  }

  /** Declares silence (no packets arrived) up to call time `atMs`, in whole frames, tolerating 60 ms of jitter. */
  fillSilenceTo(atMs: number): void {
    if (this.#partialLength > 0) return;
    while (this.heardToMs + FRAME_MS * 3 <= atMs) this.#frame(new Int16Array(FRAME_SAMPLES), this.heardToMs);
  }

  /** Index of the first frame starting at or after call time `atMs`. */
  frameIndexAt(atMs: number): number {
    let low = 0;
    let high = this.frameTimes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.frameTimes[middle]! < atMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #frame(samples: Int16Array, startMs: number): void {
    this.#context.copyWithin(0, FRAME_SAMPLES);
    this.#context.set(samples, FRAME_SAMPLES);
    const features = frameFeatures(this.#context, FRAME_SAMPLES);
    if (this.#kept.length < this.#keepFrames) this.#kept.push(encodeG711(samples, 'pcmu'));
    const start = Math.max(startMs, this.heardToMs);
    this.frames.push(features);
    this.frameTimes.push(start);
    if (features.db > QUIET_DB) this.#lastLoudEndMs = start + FRAME_MS;
    if (this.#fingerprinter.push(samples) > 0) this.#matchChunks();
    this.#segmenter.advance();
  }

  /** Labels the remaining frames too (at the end of the call) and closes the last run. */
  finish(): void {
    this.#segmenter.finish();
  }

  /** Call time of sub-fingerprint `word` (the centre of its frame). */
  wordTimeMs(word: number): number {
    const sample = (word + 1) * FP_HOP + FP_FRAME / 2;
    const frame = Math.min(this.frameTimes.length - 1, Math.floor(sample / FRAME_SAMPLES));
    return (this.frameTimes[frame] ?? 0) + ((sample % FRAME_SAMPLES) * 1_000) / 8_000;
  }

  #matchChunks(): void {
    while (this.#matchedWords + CHUNK <= this.#fingerprinter.length) {
      const from = this.#matchedWords;
      const chunk = this.#fingerprinter.slice(from, from + CHUNK);
      this.#matchedWords += CHUNK;
      this.#own.append(this.#ownEntry, chunk);
      const loud = chunk.loud.reduce((sum, value) => sum + value, 0);
      if (loud < CHUNK / 2) continue;
      const library = this.#library?.lookup(chunk);
      const own = this.#own.match(chunk, { exclude: (_entry, offset) => offset > from - SELF });
      this.chunks.push({
        fromMs: this.wordTimeMs(from),
        toMs: this.wordTimeMs(from + CHUNK - 1),
        ...(library === undefined ? {} : { libraryId: library.recording.id }),
        ...(own === undefined ? {} : { earlierAtMs: this.wordTimeMs(own.offset) }),
      });
    }
  }

  /** The run playing at call time `atMs`, if any. */
  runAt(atMs: number): AudioRun | undefined {
    return this.runs.find((run) => run.startMs <= atMs && atMs < Math.max(run.endMs, run.startMs + FRAME_MS));
  }

  /** The run that overlaps call time [fromMs, toMs) the most (a chunk's earlier play can straddle two). */
  #runOverlapping(fromMs: number, toMs: number): AudioRun | undefined {
    let best: AudioRun | undefined;
    let most = 0;
    for (const run of this.runs) {
      if (run.startMs >= toMs) break;
      const overlap = Math.min(toMs, run.endMs) - Math.max(fromMs, run.startMs);
      if (overlap > most) {
        most = overlap;
        best = run;
      }
    }
    return best;
  }

  readonly #spans = new Map<number, ChunkMatch | null>();
  readonly #spanWords = new Map<number, number>();

  /**
   * A short closed run matched on its own words (a chunk of a second can straddle it and its neighbours, and then
   * match nothing): against the library and against the call before the run. Cached per run.
   */
  #spanMatch(run: AudioRun): ChunkMatch | undefined {
    if (run.open || run.endMs - run.startMs > SPAN_MATCH_MAX_MS) return undefined;
    const cached = this.#spans.get(run.index);
    if (cached !== undefined) return cached ?? undefined;
    const span = this.fingerprintOf(run);
    let found: ChunkMatch | null = null;
    const loudWords = span.loud.reduce((sum, v) => sum + v, 0);
    this.#spanWords.set(run.index, loudWords);
    if (loudWords >= MIN_SPAN_WORDS) {
      const first = this.#wordAt(run.startMs);
      // Most of the run must be compared: a prompt cut off by a person matches only the run's opening.
      const minCompared = Math.max(MIN_SPAN_WORDS, Math.ceil(loudWords * SPAN_COVERED));
      const library = this.#library?.lookup(span, { minCompared });
      const own = this.#own.match(span, {
        exclude: (_entry, offset) => offset > first - span.words.length,
        minCompared,
      });
      if (library !== undefined || own !== undefined) {
        found = {
          fromMs: run.startMs,
          toMs: run.endMs,
          ...(library === undefined ? {} : { libraryId: library.recording.id }),
          ...(own === undefined ? {} : { earlierAtMs: this.wordTimeMs(own.offset) }),
        };
      }
    }
    this.#spans.set(run.index, found);
    return found ?? undefined;
  }

  readonly #leads = new Map<string, number | null>();

  /**
   * Where known audio at the start of a run ends: a prompt or an announcement the line played before (on an earlier
   * call or earlier on this one), or the tail of known hold music, which a person cut off or followed without a
   * pause. Undefined when the run does not start with known audio.
   */
  knownLeadEndMs(run: AudioRun): number | undefined {
    return this.#knownRun(run, 'lead', run.startMs, run.startMs + LEAD_MAX_MS);
  }

  /**
   * Where the known audio of a run's last 2 s ends (it may end inside the run: something unknown took over without a
   * pause; or after it: the next run opens with its tail). Undefined when the run's last 2 s are not known audio.
   */
  knownTailEndMs(run: AudioRun): number | undefined {
    // From the run's last second matched as recorded, if any; else from its last 2 s.
    const lastKnown = this.chunks.findLast(
      (c) => c.fromMs >= run.startMs && c.fromMs < run.endMs && (c.libraryId ?? c.earlierAtMs) !== undefined,
    );
    const fromMs = lastKnown?.fromMs ?? Math.max(run.startMs, run.endMs - TAIL_MS);
    return this.#knownRun(run, 'tail', fromMs, run.endMs + LEAD_MAX_MS);
  }

  #knownRun(run: AudioRun, kind: string, fromMs: number, toMs: number): number | undefined {
    const key = `${kind}:${run.index}`;
    const cached = this.#leads.get(key);
    if (cached !== undefined) return cached ?? undefined;
    if (this.heardToMs < Math.min(toMs, run.open ? Infinity : run.endMs + 1_000)) return undefined;
    const endMs = this.#knownFrom(fromMs, toMs);
    if (!run.open) this.#leads.set(key, endMs ?? null);
    return endMs;
  }

  /**
   * Follows known audio from call time `fromMs` (at most to `toMs`): looks up the next 0.32 s at any offset of the
   * recordings (the library, then the call's own past), follows that alignment word by word (8 ms) until the audio
   * stops matching, and looks again from there (a hold loop starting over, a prompt after a prompt). Returns where
   * the known audio ends, or undefined when the audio at `fromMs` is not known.
   */
  #knownFrom(fromMs: number, toMs: number): number | undefined {
    let from = this.#wordAt(fromMs);
    const end = Math.min(this.#fingerprinter.length, this.#wordAt(toMs));
    let known: number | undefined;
    for (let hop = 0; hop < 8 && from + LEAD_ANCHOR <= end; hop += 1) {
      const words = this.#knownWordsAt(from, end);
      if (words === 0) break;
      from += words;
      known = from;
    }
    return known === undefined ? undefined : this.wordTimeMs(known) - FP_HOP / 16;
  }

  #knownWordsAt(from: number, end: number): number {
    const query = this.#fingerprinter.slice(from, end);
    if (query.loud.subarray(0, LEAD_ANCHOR).reduce((sum, v) => sum + v, 0) < LEAD_ANCHOR_LOUD) return 0;
    // The opening votes for an alignment (a cut-off prompt's every word does); its first 0.32 s must match.
    const votes = { words: query.words.subarray(0, LEAD_VOTE), loud: query.loud.subarray(0, LEAD_VOTE) };
    const options = { minCompared: LEAD_ANCHOR_LOUD, verifyWords: LEAD_ANCHOR, candidates: 12 };
    let words = 0;
    const library = this.#library?.lookup(votes, options);
    const reference = library === undefined ? undefined : this.#library?.fingerprintOf(library.recording.id);
    if (library !== undefined && reference !== undefined) words = knownLeadWords(query, reference, library.offset);
    const own = this.#own.match(votes, { ...options, exclude: (_entry, offset) => offset > from - LEAD_ANCHOR });
    const past = own === undefined ? undefined : this.#own.view(this.#ownEntry);
    if (own !== undefined && past !== undefined) {
      // The call's past only up to where this stretch begins: it must not match itself.
      const before = { words: past.words.subarray(0, from), loud: past.loud.subarray(0, from) };
      words = Math.max(words, knownLeadWords(query, before, own.offset));
    }
    return words;
  }

  /** Start of the first loud frame at or after call time `atMs` (within `beforeMs`), if any. */
  loudFrom(atMs: number, beforeMs: number): number | undefined {
    for (let i = this.frameIndexAt(atMs); i < this.frames.length && this.frameTimes[i]! < beforeMs; i += 1)
      if (this.frames[i]!.db > QUIET_DB) return this.frameTimes[i];
    return undefined;
  }

  #wordAt(atMs: number): number {
    let low = 0;
    let high = this.#fingerprinter.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.wordTimeMs(middle) < atMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  readonly #evidence = new Map<number, RunEvidence>();

  /** What the chunks inside a run (or, for a short one, its own words) say about its audio. */
  evidenceOf(run: AudioRun): RunEvidence {
    const cached = this.#evidence.get(run.index);
    if (cached !== undefined) return cached;
    const evidence = this.#evidenceNow(run);
    // Settled once the run is closed and chunks have moved a second past it.
    if (!run.open && (this.chunks.at(-1)?.fromMs ?? -Infinity) > run.endMs + 1_000)
      this.#evidence.set(run.index, evidence);
    return evidence;
  }

  #evidenceNow(run: AudioRun): RunEvidence {
    // Chunks count when mostly (3/4) inside the run; a short run is judged on its own words instead, since a chunk
    // straddling it and its neighbours (the end of an announcement, then a person) would speak for both.
    const inside = (c: ChunkMatch): boolean =>
      Math.min(c.toMs, run.endMs) - Math.max(c.fromMs, run.startMs) >= 0.75 * (c.toMs - c.fromMs);
    let chunks = run.endMs - run.startMs > SPAN_MATCH_MAX_MS ? this.chunks.filter(inside) : [];
    if (chunks.length === 0 && !run.open) {
      const span = this.#spanMatch(run);
      const words = this.#spanWords.get(run.index) ?? 0;
      if (span !== undefined) chunks = [span];
      else if (words >= MIN_SPAN_WORDS) chunks = [{ fromMs: run.startMs, toMs: run.endMs }];
    }
    const libraryIds = new Set<string>();
    const repeats = new Set<number>();
    let recorded = 0;
    for (const chunk of chunks) {
      if (chunk.libraryId !== undefined) libraryIds.add(chunk.libraryId);
      const earlier =
        chunk.earlierAtMs === undefined
          ? undefined
          : this.#runOverlapping(chunk.earlierAtMs, chunk.earlierAtMs + chunk.toMs - chunk.fromMs);
      if (earlier !== undefined && earlier.index !== run.index) repeats.add(earlier.index);
      if (chunk.libraryId !== undefined || chunk.earlierAtMs !== undefined) recorded += 1;
    }
    return { chunks: chunks.length, recorded, libraryIds: [...libraryIds], repeats: [...repeats] };
  }

  /** The sub-fingerprints heard during a run, for learning it. */
  fingerprintOf(run: AudioRun): Fingerprint {
    let from = 0;
    while (from < this.#fingerprinter.length && this.wordTimeMs(from) < run.startMs) from += 1;
    let to = from;
    while (to < this.#fingerprinter.length && this.wordTimeMs(to) <= run.endMs) to += 1;
    return this.#fingerprinter.slice(from, to);
  }
}
