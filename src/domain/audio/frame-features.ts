import { powerSpectrum } from './fft.ts';

/** Samples per analysis frame: 20 ms at 8 kHz, one RTP packet of G.711. */
export const FRAME_SAMPLES = 160;
export const SAMPLE_RATE = 8_000;
export const FRAME_MS = (FRAME_SAMPLES * 1_000) / SAMPLE_RATE;
const FFT_SIZE = 256;
const HZ_PER_BIN = SAMPLE_RATE / FFT_SIZE;
const LOW_BIN = Math.round(200 / HZ_PER_BIN);
const HIGH_BIN = Math.round(3_400 / HZ_PER_BIN);

/** What one 20 ms frame sounds like, in numbers. */
export interface FrameFeatures {
  /** Level in dBFS (0 = full scale square wave; digital silence reads -100). */
  readonly db: number;
  /** Zero crossings per sample (0 … 1). */
  readonly zcr: number;
  /** Share of the 200-3,400 Hz power in the three strongest peaks (±1 bin): near 1 for tones. */
  readonly tonality: number;
  /** Spectral flatness (geometric / arithmetic mean power), 200-3,400 Hz: near 1 for noise, near 0 for tones. */
  readonly flatness: number;
  /** Frequency of the strongest bin, Hz. */
  readonly peakHz: number;
}

const FULL_SCALE = 32_768 * 32_768;

/**
 * Features of the frame of FRAME_SAMPLES samples at `offset`. The spectrum is taken over the FFT_SIZE samples that
 * end with the frame (the 96 before it included; samples before the start count as zero).
 */
const scratch = new Float64Array(FFT_SIZE);
const QUIET: Pick<FrameFeatures, 'tonality' | 'flatness' | 'peakHz'> = { tonality: 0, flatness: 1, peakHz: 0 };
/** Frames quieter than this (dBFS) skip the spectrum: nothing in it would be used. */
const SPECTRUM_DB = -55;

export function frameFeatures(samples: ArrayLike<number>, offset: number): FrameFeatures {
  let energy = 0;
  let crossings = 0;
  let previous = (samples[offset] as number) ?? 0;
  for (let i = 0; i < FRAME_SAMPLES; i += 1) {
    const value = (samples[offset + i] as number) ?? 0;
    energy += value * value;
    if (value >= 0 !== previous >= 0) crossings += 1;
    previous = value;
  }
  const mean = energy / FRAME_SAMPLES;
  const db = mean <= 0 ? -100 : Math.max(-100, 10 * Math.log10(mean / FULL_SCALE));
  if (db < SPECTRUM_DB) return { db, zcr: crossings / FRAME_SAMPLES, ...QUIET };
  const start = offset + FRAME_SAMPLES - FFT_SIZE;
  for (let i = 0; i < FFT_SIZE; i += 1) scratch[i] = start + i < 0 ? 0 : ((samples[start + i] as number) ?? 0);
  const spectrum = powerSpectrum(scratch, 0, FFT_SIZE);
  return { db, zcr: crossings / FRAME_SAMPLES, ...spectralShape(spectrum) };
}

function spectralShape(spectrum: Float64Array): Pick<FrameFeatures, 'tonality' | 'flatness' | 'peakHz'> {
  let total = 0;
  let logSum = 0;
  let peakBin = LOW_BIN;
  for (let k = LOW_BIN; k <= HIGH_BIN; k += 1) {
    const p = (spectrum[k] as number) + 1e-3;
    total += p;
    logSum += Math.log(p);
    if (p > (spectrum[peakBin] as number)) peakBin = k;
  }
  const bins = HIGH_BIN - LOW_BIN + 1;
  const flatness = Math.exp(logSum / bins) / (total / bins);
  const taken = new Uint8Array(spectrum.length);
  let peaks = 0;
  for (let n = 0; n < 3; n += 1) {
    let best = -1;
    for (let k = LOW_BIN; k <= HIGH_BIN; k += 1) {
      if (taken[k] === 0 && (best < 0 || (spectrum[k] as number) > (spectrum[best] as number))) best = k;
    }
    if (best < 0) break;
    for (let k = Math.max(LOW_BIN, best - 1); k <= Math.min(HIGH_BIN, best + 1); k += 1) {
      if (taken[k] === 0) peaks += (spectrum[k] as number) + 1e-3;
      taken[k] = 1;
    }
  }
  return { tonality: total > 0 ? peaks / total : 0, flatness, peakHz: peakBin * HZ_PER_BIN };
}
