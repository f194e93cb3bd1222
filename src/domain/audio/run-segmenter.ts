import { FRAME_MS, type FrameFeatures } from './frame-features.ts';
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
/** A boundary between two sounds is looked for from 5 frames before the first block of the new class to 30 after. */
const DIP_BEFORE = 5;
const DIP_AFTER = 30;
/** How far (dB) below the old sound's median level a frame must fall to be the dip between two sounds. */
const DIP_DB = 12;
/** Quiet this long (200 ms) separates sounds: the class window does not reach across it. */
const GAP_FRAMES = 10;

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

/**
 * Groups a call's frames into runs of one class: labels 200 ms blocks (with 400 ms of context either side, never
 * across a pause), starts a new run after a 300 ms pause (an utterance) or when another class holds for 800 ms, and
 * lets a run younger than 600 ms take the majority class of its blocks (a single word can read as music).
 */
export class RunSegmenter {
  readonly runs: AudioRun[] = [];
  readonly #frames: readonly FrameFeatures[];
  readonly #frameTimes: readonly number[];
  #labelled = 0;
  #pending: { sound: AudioRun['sound']; block: number; count: number } | undefined;
  /** Block labels counted for the open run. */
  #votes = new Map<AudioRun['sound'], number>();

  /** `frames` and `frameTimes` are the call's own arrays, read as they grow. */
  constructor(frames: readonly FrameFeatures[], frameTimes: readonly number[]) {
    this.#frames = frames;
    this.#frameTimes = frameTimes;
  }

  /** Labels every block that has its look-ahead. */
  advance(): void {
    while (this.#labelled + BLOCK + CONTEXT <= this.#frames.length) this.#label();
  }

  /** Labels what is left (the end of the call) and closes the last run. */
  finish(): void {
    while (this.#labelled < this.#frames.length) this.#label();
    const last = this.runs.at(-1);
    if (last !== undefined) last.open = false;
  }

  #frameIndexAt(atMs: number): number {
    let low = 0;
    let high = this.#frameTimes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.#frameTimes[middle]! < atMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #label(): void {
    const from = this.#labelled;
    const to = Math.min(from + BLOCK, this.#frames.length);
    this.#labelled = to;
    const loud = this.#loudSpan(from, to);
    const segmentStart = this.#segmentStart(loud === undefined ? from : this.#frameIndexAt(loud.startMs));
    const sound = classifyBlock(this.#frames, from, to, Math.max(from - CONTEXT, segmentStart), to + CONTEXT);
    const run = this.runs.at(-1);
    const open = run?.open === true ? run : undefined;
    if (sound === 'silence') {
      if (open !== undefined && this.#frameTimes[to - 1]! + FRAME_MS - open.endMs >= PAUSE_MS) open.open = false;
      this.#pending = undefined;
      return;
    }
    const startMs = loud?.startMs ?? this.#frameTimes[from]!;
    const endMs = loud?.endMs ?? this.#frameTimes[to - 1]! + FRAME_MS;
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
    const splitAt = this.#frameTimes[this.#boundary(this.#pending.block)]!;
    open.endMs = Math.min(open.endMs, splitAt);
    open.open = false;
    this.#start(sound, splitAt, endMs, CHANGE_BLOCKS);
  }

  /**
   * Where one sound gave way to another without a pause, near the first block labelled with the new class: the blocks
   * are labelled with 400 ms of context, so that block can be up to 400 ms early or late. Two sources meeting usually
   * leave a dip in the level (the new one's onset): the first frame from 100 ms before the block to 600 ms after it
   * that is 12 dB below the old sound's median level marks the boundary; without one, the block's start does.
   */
  #boundary(block: number): number {
    const before: number[] = [];
    for (let i = Math.max(0, block - BLOCK); i < block; i += 1) before.push(this.#frames[i]!.db);
    before.sort((a, b) => a - b);
    const level = before[before.length >> 1];
    if (level === undefined) return block;
    const last = Math.min(this.#frames.length - 1, block + DIP_AFTER);
    for (let i = Math.max(1, block - DIP_BEFORE); i <= last; i += 1)
      if (this.#frames[i]!.db <= level - DIP_DB) return i;
    return block;
  }

  #start(sound: AudioRun['sound'], startMs: number, endMs: number, votes: number): void {
    this.runs.push({ index: this.runs.length, sound, startMs, endMs, open: true });
    this.#votes = new Map([[sound, votes]]);
    this.#pending = undefined;
  }

  /**
   * The first frame of the sound that `frame` belongs to: just after the last quiet gap before it, or after the quiet
   * the call's audio began with, however short (nothing was heard before it, so its onset is not a change of level
   * within a sound: counted, it made the first 400 ms of hold music read as speech when the music began under 200 ms
   * into the call).
   */
  #segmentStart(frame: number): number {
    let quiet = 0;
    const stop = Math.max(0, frame - CONTEXT - GAP_FRAMES);
    for (let i = frame - 1; i >= stop; i -= 1) {
      if (this.#frames[i]!.db <= QUIET_DB) quiet += 1;
      else quiet = 0;
      if (quiet >= GAP_FRAMES) return i + GAP_FRAMES;
    }
    return stop === 0 ? quiet : 0;
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
      if (this.#frames[i]!.db <= QUIET_DB) continue;
      if (first < 0) first = i;
      last = i;
    }
    if (first === from) while (first > Math.max(0, from - BLOCK) && this.#frames[first - 1]!.db > QUIET_DB) first -= 1;
    return first < 0 ? undefined : { startMs: this.#frameTimes[first]!, endMs: this.#frameTimes[last]! + FRAME_MS };
  }
}
