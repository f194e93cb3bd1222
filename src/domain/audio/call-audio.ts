import { FRAME_MS, FRAME_SAMPLES, frameFeatures, type FrameFeatures } from './frame-features.ts';
import { FP_HOP, FP_FRAME, FP_PER_SECOND, Fingerprinter, type Fingerprint } from './fingerprint.ts';
import { FingerprintIndex } from './fingerprint-index.ts';
import { encodeG711 } from './g711.ts';
import type { RecordingLibrary } from './recording-library.ts';
import { classifyBlock, QUIET_DB } from './sound-classifier.ts';
import type { SoundClass } from './sound.ts';

/** Frames per labelled block (200 ms) and frames of context on each side of it (400 ms). */
const BLOCK = 10;
const CONTEXT = 20;
/** A sound run survives pauses shorter than this (between words); longer pauses separate utterances. */
const PAUSE_MS = 300;
/** A run of fewer blocks than this takes the majority class of its blocks instead of splitting (600 ms). */
const YOUNG_BLOCKS = 3;
/** Without a pause between them, a new class must hold this many blocks (800 ms) to start a new run. */
const CHANGE_BLOCKS = 4;
/** Quiet this long (200 ms) separates sounds: the class window does not reach across it. */
const GAP_FRAMES = 10;
/** Sub-fingerprints per matched chunk (1 s). */
const CHUNK = FP_PER_SECOND;
/** Runs up to this long are also matched on their own words. */
const SPAN_MATCH_MAX_MS = 3_000;
/** Fewest loud sub-fingerprints for a span match (0.24 s). */
const MIN_SPAN_WORDS = 30;
/** Alignments within this many sub-fingerprints of the chunk itself are not a repeat (2 s). */
const SELF = 2 * FP_PER_SECOND;

/** A stretch of sound of one class, in call time (ms since the call's audio began). */
export interface AudioRun {
  readonly index: number;
  /** The majority class of its blocks (a run younger than 600 ms may still change class). */
  sound: Exclude<SoundClass, 'silence'>;
  readonly startMs: number;
  /** End of its last loud frame (grows while the run is open). */
  endMs: number;
  open: boolean;
}

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
  /** Share of its frames that are quiet (true pauses; a music bed keeps this near 0). */
  readonly quietShare: number;
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
  readonly runs: AudioRun[] = [];
  readonly chunks: ChunkMatch[] = [];
  readonly #library: RecordingLibrary | undefined;
  readonly #fingerprinter = new Fingerprinter();
  readonly #own = new FingerprintIndex();
  readonly #ownEntry: number;
  #partial = new Int16Array(FRAME_SAMPLES);
  #partialLength = 0;
  #labelled = 0;
  #matchedWords = 0;
  #lastLoudEndMs: number | undefined;
  #pending: { sound: AudioRun['sound']; block: number; count: number } | undefined;
  /** Block labels counted for the open run. */
  #votes = new Map<AudioRun['sound'], number>();

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
    const features = frameFeatures(samples, 0);
    if (this.#kept.length < this.#keepFrames) this.#kept.push(encodeG711(samples, 'pcmu'));
    const start = Math.max(startMs, this.heardToMs);
    this.frames.push(features);
    this.frameTimes.push(start);
    if (features.db > QUIET_DB) this.#lastLoudEndMs = start + FRAME_MS;
    if (this.#fingerprinter.push(samples) > 0) this.#matchChunks();
    while (this.#labelled + BLOCK + CONTEXT <= this.frames.length) this.#label();
  }

  /** Labels the remaining frames too (at the end of the call) and closes the last run. */
  finish(): void {
    while (this.#labelled < this.frames.length) this.#label();
    const last = this.runs.at(-1);
    if (last !== undefined) last.open = false;
  }

  #label(): void {
    const from = this.#labelled;
    const to = Math.min(from + BLOCK, this.frames.length);
    this.#labelled = to;
    const loud = this.#loudSpan(from, to);
    const segmentStart = this.#segmentStart(loud === undefined ? from : this.frameIndexAt(loud.startMs));
    const sound = classifyBlock(this.frames, from, to, Math.max(from - CONTEXT, segmentStart), to + CONTEXT);
    const run = this.runs.at(-1);
    const open = run?.open === true ? run : undefined;
    if (sound === 'silence') {
      if (open !== undefined && this.frameTimes[to - 1]! + FRAME_MS - open.endMs >= PAUSE_MS) open.open = false;
      this.#pending = undefined;
      return;
    }
    const startMs = loud?.startMs ?? this.frameTimes[from]!;
    const endMs = loud?.endMs ?? this.frameTimes[to - 1]! + FRAME_MS;
    if (open === undefined) {
      this.#start(sound, startMs, endMs, 1);
      return;
    }
    const blocks = [...this.#votes.values()].reduce((sum, n) => sum + n, 0);
    const pause = loud === undefined ? 0 : startMs - open.endMs;
    if (pause >= PAUSE_MS || (sound !== open.sound && pause >= GAP_FRAMES * FRAME_MS && blocks >= YOUNG_BLOCKS)) {
      open.open = false;
      this.#start(sound, startMs, endMs, 1);
      return;
    }
    open.endMs = endMs;
    if (sound === open.sound || blocks < YOUNG_BLOCKS) {
      this.#pending = undefined;
      this.#vote(open, sound);
      return;
    }
    if (this.#pending?.sound !== sound) {
      this.#pending = { sound, block: from, count: 1 };
      return;
    }
    this.#pending.count += 1;
    if (this.#pending.count < CHANGE_BLOCKS) return;
    const splitAt = this.frameTimes[this.#pending.block]!;
    open.endMs = Math.min(open.endMs, splitAt);
    open.open = false;
    this.#start(sound, splitAt, endMs, CHANGE_BLOCKS);
  }

  #start(sound: AudioRun['sound'], startMs: number, endMs: number, votes: number): void {
    this.runs.push({ index: this.runs.length, sound, startMs, endMs, open: true });
    this.#votes = new Map([[sound, votes]]);
    this.#pending = undefined;
  }

  /** The first frame of the sound that `frame` belongs to: just after the last quiet gap before it. */
  #segmentStart(frame: number): number {
    let quiet = 0;
    for (let i = frame - 1; i >= Math.max(0, frame - CONTEXT - GAP_FRAMES); i -= 1) {
      if (this.frames[i]!.db <= QUIET_DB) quiet += 1;
      else quiet = 0;
      if (quiet >= GAP_FRAMES) return i + GAP_FRAMES;
    }
    return 0;
  }

  #vote(run: AudioRun, sound: AudioRun['sound']): void {
    this.#votes.set(sound, (this.#votes.get(sound) ?? 0) + 1);
    let best = run.sound;
    for (const [candidate, votes] of this.#votes) if (votes > (this.#votes.get(best) ?? 0)) best = candidate;
    run.sound = best;
  }

  /** The loud frames of a block; the first reaches back over loud frames of the block before (an onset). */
  #loudSpan(from: number, to: number): { startMs: number; endMs: number } | undefined {
    let first = -1;
    let last = -1;
    for (let i = from; i < to; i += 1) {
      if (this.frames[i]!.db <= QUIET_DB) continue;
      if (first < 0) first = i;
      last = i;
    }
    if (first === from) while (first > Math.max(0, from - BLOCK) && this.frames[first - 1]!.db > QUIET_DB) first -= 1;
    return first < 0 ? undefined : { startMs: this.frameTimes[first]!, endMs: this.frameTimes[last]! + FRAME_MS };
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

  readonly #spans = new Map<number, ChunkMatch | null>();

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
    if (span.loud.reduce((sum, v) => sum + v, 0) >= MIN_SPAN_WORDS) {
      const first = this.#wordAt(run.startMs);
      const library = this.#library?.lookup(span);
      const own = this.#own.match(span, { exclude: (_entry, offset) => offset > first - span.words.length, minCompared: MIN_SPAN_WORDS });
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

  #wordAt(atMs: number): number {
    let word = 0;
    while (word < this.#fingerprinter.length && this.wordTimeMs(word) < atMs) word += 1;
    return word;
  }

  readonly #evidence = new Map<number, RunEvidence>();

  /** What the chunks overlapping a run (by half its length, or 500 ms) say about its audio. */
  evidenceOf(run: AudioRun): RunEvidence {
    const cached = this.#evidence.get(run.index);
    if (cached !== undefined) return cached;
    const evidence = this.#evidenceNow(run);
    // Settled once the run is closed and chunks have moved a second past it.
    if (!run.open && (this.chunks.at(-1)?.fromMs ?? -Infinity) > run.endMs + 1_000) this.#evidence.set(run.index, evidence);
    return evidence;
  }

  #evidenceNow(run: AudioRun): RunEvidence {
    const need = Math.min(500, 0.5 * (run.endMs - run.startMs));
    const chunks = this.chunks.filter((c) => Math.min(c.toMs, run.endMs) - Math.max(c.fromMs, run.startMs) >= need);
    if (!chunks.some((c) => c.libraryId !== undefined || c.earlierAtMs !== undefined)) {
      const span = this.#spanMatch(run);
      if (span !== undefined) chunks.push(span);
    }
    const libraryIds = new Set<string>();
    const repeats = new Set<number>();
    let recorded = 0;
    for (const chunk of chunks) {
      if (chunk.libraryId !== undefined) libraryIds.add(chunk.libraryId);
      const earlier = chunk.earlierAtMs === undefined ? undefined : this.runAt(chunk.earlierAtMs);
      if (earlier !== undefined && earlier.index !== run.index) repeats.add(earlier.index);
      if (chunk.libraryId !== undefined || chunk.earlierAtMs !== undefined) recorded += 1;
    }
    let quiet = 0;
    let total = 0;
    for (let i = this.frameIndexAt(run.startMs); i < this.frames.length && this.frameTimes[i]! < run.endMs; i += 1) {
      total += 1;
      if (this.frames[i]!.db <= QUIET_DB) quiet += 1;
    }
    return { chunks: chunks.length, recorded, libraryIds: [...libraryIds], repeats: [...repeats], quietShare: total === 0 ? 0 : quiet / total };
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
