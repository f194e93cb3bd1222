import { powerSpectrum } from './fft.ts';

/**
 * Acoustic fingerprints in the manner of Haitsma and Kalker ("A Highly Robust Audio Fingerprinting System", 2002),
 * sized for telephone audio: a 512-sample (64 ms) Hann-windowed frame every 64 samples (8 ms), its power in 33
 * log-spaced bands from 300 to 3,000 Hz, and 32 bits per frame, bit m being the sign of
 * (E[n,m] - E[n,m+1]) - (E[n-1,m] - E[n-1,m+1]). The same recording heard twice gives nearly the same bits whatever
 * the alignment of the frames, the level or the codec (μ-law vs A-law); different audio differs in about half.
 */

export const FP_FRAME = 512;
export const FP_HOP = 64;
export const FP_BANDS = 33;
/** Sub-fingerprints per second of 8 kHz audio. */
export const FP_PER_SECOND = 8_000 / FP_HOP;
/** Frames quieter than this (dBFS) are marked silent: their bits are noise and are neither indexed nor compared. */
const SILENT_DB = -50;
const FULL_SCALE = 32_768 * 32_768;

const BAND_EDGES: readonly number[] = (() => {
  const hzPerBin = 8_000 / FP_FRAME;
  const edges: number[] = [];
  for (let b = 0; b <= FP_BANDS; b += 1) {
    const hz = 300 * (3_000 / 300) ** (b / FP_BANDS);
    edges.push(Math.round(hz / hzPerBin));
  }
  for (let b = 1; b < edges.length; b += 1) edges[b] = Math.max(edges[b] as number, (edges[b - 1] as number) + 1);
  return edges;
})();

/** The sub-fingerprints of a stretch of audio: one 32-bit word per hop, and whether that frame was loud enough. */
export interface Fingerprint {
  readonly words: Uint32Array;
  readonly loud: Uint8Array;
}

/**
 * Streams audio in and sub-fingerprints out. Feed 8 kHz samples in any chunk size; each hop yields one word once a
 * whole frame is available.
 */
export class Fingerprinter {
  /** Samples not yet consumed; frames start at #start and advance by FP_HOP. */
  #pending = new Float64Array(FP_FRAME * 4);
  #size = 0;
  #start = 0;
  #previous: Float64Array | undefined;
  readonly #words: number[] = [];
  readonly #loud: number[] = [];
  readonly #spectrum = new Float64Array(FP_FRAME / 2 + 1);
  #frames = 0;
  readonly #bandsA = new Float64Array(FP_BANDS + 1);
  readonly #bandsB = new Float64Array(FP_BANDS + 1);

  /** Adds samples; returns how many new sub-fingerprints they produced. */
  push(samples: ArrayLike<number>): number {
    if (this.#size + samples.length > this.#pending.length) {
      const kept = this.#pending.subarray(this.#start, this.#size);
      const grown = new Float64Array(Math.max(this.#pending.length, (kept.length + samples.length) * 2));
      grown.set(kept);
      this.#pending = grown;
      this.#size = kept.length;
      this.#start = 0;
    }
    for (let i = 0; i < samples.length; i += 1) this.#pending[this.#size + i] = samples[i] as number;
    this.#size += samples.length;
    let produced = 0;
    while (this.#size - this.#start >= FP_FRAME) {
      produced += this.#emit(this.#start);
      this.#start += FP_HOP;
    }
    return produced;
  }

  /** Sub-fingerprints so far (the first frame has none: it has no predecessor). */
  get length(): number {
    return this.#words.length;
  }

  /** Sub-fingerprints from `from` (inclusive) to `to` (exclusive). */
  slice(from = 0, to = this.#words.length): Fingerprint {
    return { words: Uint32Array.from(this.#words.slice(from, to)), loud: Uint8Array.from(this.#loud.slice(from, to)) };
  }

  /** One frame: a sub-fingerprint for every frame but the very first (it has no predecessor). */
  #emit(at: number): number {
    const first = this.#frames === 0;
    this.#frames += 1;
    let energy = 0;
    for (let i = at; i < at + FP_FRAME; i += 1) energy += (this.#pending[i] as number) ** 2;
    const db = energy <= 0 ? -100 : 10 * Math.log10(energy / FP_FRAME / FULL_SCALE);
    if (db <= SILENT_DB) {
      // Quiet: the bits would be noise, never indexed or compared, so the spectrum is skipped.
      this.#previous = undefined;
      if (first) return 0;
      this.#words.push(0);
      this.#loud.push(0);
      return 1;
    }
    powerSpectrum(this.#pending, at, FP_FRAME, this.#spectrum);
    // Two band buffers, alternating: this frame's and the previous one's.
    const bands = this.#previous === this.#bandsA ? this.#bandsB : this.#bandsA;
    for (let b = 0; b <= FP_BANDS; b += 1) {
      let sum = 0;
      const end = Math.min(BAND_EDGES[b + 1] ?? (BAND_EDGES[b] as number) + 1, this.#spectrum.length);
      for (let k = BAND_EDGES[b] as number; k < end; k += 1) sum += this.#spectrum[k] as number;
      bands[b] = sum;
    }
    const previous = this.#previous;
    this.#previous = bands;
    if (first) return 0;
    if (previous === undefined) {
      // An onset after quiet: no difference to take yet.
      this.#words.push(0);
      this.#loud.push(0);
      return 1;
    }
    let word = 0;
    for (let m = 0; m < 32; m += 1) {
      const now = (bands[m] as number) - (bands[m + 1] as number);
      const before = (previous[m] as number) - (previous[m + 1] as number);
      if (now - before > 0) word |= 1 << m;
    }
    this.#words.push(word >>> 0);
    this.#loud.push(1);
    return 1;
  }
}

/** Fingerprint of a whole signal at once. */
export function fingerprintOf(samples: ArrayLike<number>): Fingerprint {
  const fingerprinter = new Fingerprinter();
  fingerprinter.push(samples);
  return fingerprinter.slice();
}

/** The number of bits set in a 32-bit word. */
export function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Bit error rate between `query` and `reference` aligned so that query[0] meets reference[offset], over the frames
 * loud in both; `compared` is how many frames that was (0 when they do not overlap).
 */
export function bitErrorRate(
  query: Fingerprint,
  reference: Fingerprint,
  offset: number,
): { ber: number; compared: number } {
  let errors = 0;
  let compared = 0;
  for (let i = 0; i < query.words.length; i += 1) {
    const j = offset + i;
    if (j < 0 || j >= reference.words.length) continue;
    if (query.loud[i] === 0 || reference.loud[j] === 0) continue;
    errors += popcount(((query.words[i] as number) ^ (reference.words[j] as number)) >>> 0);
    compared += 1;
  }
  return { ber: compared === 0 ? 1 : errors / (compared * 32), compared };
}
