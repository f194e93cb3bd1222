import type { FrameFeatures } from './frame-features.ts';
import type { SoundClass } from './sound.ts';

/** A frame at or below this level (dBFS) is quiet: a pause, or the line's noise. */
export const QUIET_DB = -50;
/** Levels below this are clamped when measuring level changes, so digital silence and line noise read alike. */
const FLOOR_DB = -60;
/** Width of a spectrum bin of the frame analysis (256-point FFT at 8 kHz). */
const BIN_HZ = 31.25;

export interface WindowFeatures {
  /** Share of loud frames in the window. */
  readonly loud: number;
  /** Mean absolute level change between consecutive frames, dB (syllables make speech jumpy). */
  readonly levelFlux: number;
  /** Mean spectral flatness of loud frames (fricatives make speech noisy). */
  readonly flatness: number;
  /** Share of loud frames that are pure tones (three peaks hold 93% of the power, nothing much elsewhere). */
  readonly tonal: number;
  /** Share of loud frames whose strongest frequency is one of the window's two commonest (±1 bin): steady pitch. */
  readonly steady: number;
}

export function windowFeatures(frames: readonly FrameFeatures[], from: number, to: number): WindowFeatures {
  let loud = 0;
  let flux = 0;
  let flatness = 0;
  let tonal = 0;
  let count = 0;
  const peaks = new Map<number, number>();
  for (let i = Math.max(0, from); i < Math.min(to, frames.length); i += 1) {
    const frame = frames[i] as FrameFeatures;
    count += 1;
    if (i > from && i > 0)
      flux += Math.abs(Math.max(frame.db, FLOOR_DB) - Math.max((frames[i - 1] as FrameFeatures).db, FLOOR_DB));
    if (frame.db <= QUIET_DB) continue;
    loud += 1;
    flatness += frame.flatness;
    if (frame.tonality >= 0.93 && frame.flatness < 0.02) tonal += 1;
    peaks.set(frame.peakHz, (peaks.get(frame.peakHz) ?? 0) + 1);
  }
  const near = (hz: number): number =>
    [...peaks].filter(([other]) => Math.abs(other - hz) <= BIN_HZ * 1.01).reduce((sum, [, n]) => sum + n, 0);
  const [first, second] = [...peaks.keys()].sort((a, b) => near(b) - near(a));
  const steadyFrames = [...peaks]
    .filter(([hz]) => [first, second].some((top) => top !== undefined && Math.abs(hz - top) <= BIN_HZ * 1.01))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    loud: count === 0 ? 0 : loud / count,
    levelFlux: count <= 1 ? 0 : flux / (count - 1),
    flatness: loud === 0 ? 0 : flatness / loud,
    tonal: loud === 0 ? 0 : tonal / loud,
    steady: loud === 0 ? 0 : steadyFrames / loud,
  };
}

/**
 * The class of the block of frames [blockFrom, blockTo), judged on the window [windowFrom, windowTo) around it (about
 * a second). Quiet blocks are silence; pure tones that keep their pitch are tone; speech changes level from syllable
 * to syllable (a mean change of 3 dB per 20 ms, or 2 dB with noisy consonants: spectral flatness over 0.01); other
 * sound is music. Measured on espeak-ng voices and synthesised music (docs/architecture/sip-channel.md): music with
 * singing or drums can read as speech, which is why recordings are told apart by their repetition, not by this class.
 */
export function classifyBlock(
  frames: readonly FrameFeatures[],
  blockFrom: number,
  blockTo: number,
  windowFrom: number,
  windowTo: number,
): SoundClass {
  let loudInBlock = 0;
  for (let i = blockFrom; i < Math.min(blockTo, frames.length); i += 1)
    if ((frames[i] as FrameFeatures).db > QUIET_DB) loudInBlock += 1;
  if (loudInBlock * 10 < (blockTo - blockFrom) * 3) return 'silence';
  const window = windowFeatures(frames, windowFrom, windowTo);
  if (window.tonal >= 0.8 && window.steady >= 0.9) return 'tone';
  if (window.levelFlux >= 3 || (window.levelFlux >= 2 && window.flatness >= 0.01)) return 'speech';
  return 'music';
}
