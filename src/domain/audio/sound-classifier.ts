import type { FrameFeatures } from './frame-features.ts';
import type { SoundClass } from './sound.ts';

/** A frame at or below this level (dBFS) is quiet: a pause, or the line's noise. */
export const QUIET_DB = -50;
/** Levels below this are clamped when measuring level changes, so digital silence and line noise read alike. */
const FLOOR_DB = -60;

export interface WindowFeatures {
  /** Share of loud frames in the window. */
  readonly loud: number;
  /** Mean absolute level change between consecutive frames, dB (syllables make speech jumpy). */
  readonly levelFlux: number;
  /** Mean spectral flatness of loud frames (fricatives make speech noisy). */
  readonly flatness: number;
  /** Share of loud frames that are pure tones (three peaks hold 95% of the power, flat spectrum elsewhere). */
  readonly tonal: number;
}

export function windowFeatures(frames: readonly FrameFeatures[], from: number, to: number): WindowFeatures {
  let loud = 0;
  let flux = 0;
  let flatness = 0;
  let tonal = 0;
  let count = 0;
  for (let i = Math.max(0, from); i < Math.min(to, frames.length); i += 1) {
    const frame = frames[i] as FrameFeatures;
    count += 1;
    if (i > from && i > 0) flux += Math.abs(Math.max(frame.db, FLOOR_DB) - Math.max((frames[i - 1] as FrameFeatures).db, FLOOR_DB));
    if (frame.db <= QUIET_DB) continue;
    loud += 1;
    flatness += frame.flatness;
    if (frame.tonality >= 0.95 && frame.flatness < 0.01) tonal += 1;
  }
  return {
    loud: count === 0 ? 0 : loud / count,
    levelFlux: count <= 1 ? 0 : flux / (count - 1),
    flatness: loud === 0 ? 0 : flatness / loud,
    tonal: loud === 0 ? 0 : tonal / loud,
  };
}

/**
 * The class of the block of frames [blockFrom, blockTo), judged on the window [windowFrom, windowTo) around it (about
 * a second). Quiet blocks are silence; steady pure tones are tone; speech changes level from syllable to syllable
 * (mean change over 4 dB per 20 ms, or over 2.5 dB with noisy consonants); other sound is music. Measured on
 * espeak-ng voices and synthesised music (docs/architecture/sip-channel.md): music with singing or drums can read as
 * speech, which is why recordings are told apart by their repetition, not by this class alone.
 */
export function classifyBlock(frames: readonly FrameFeatures[], blockFrom: number, blockTo: number, windowFrom: number, windowTo: number): SoundClass {
  let loudInBlock = 0;
  for (let i = blockFrom; i < Math.min(blockTo, frames.length); i += 1) if ((frames[i] as FrameFeatures).db > QUIET_DB) loudInBlock += 1;
  if (loudInBlock * 10 < (blockTo - blockFrom) * 3) return 'silence';
  const window = windowFeatures(frames, windowFrom, windowTo);
  if (window.tonal >= 0.8) return 'tone';
  if (window.levelFlux >= 4 || (window.levelFlux >= 2.5 && window.flatness >= 0.05)) return 'speech';
  return 'music';
}
