import { describe, expect, it } from 'vitest';
import { FP_FRAME, FP_HOP, FP_PER_SECOND, fingerprintOf } from '../../../src/domain/audio/fingerprint.ts';
import { knownLeadWords } from '../../../src/domain/audio/known-lead.ts';
import { concat, melody, noise, scaled } from './signals.ts';

const WORDS_PER_MS = FP_PER_SECOND / 1_000;

describe('following known audio word by word (knownLeadWords)', () => {
  // Steady sound (noise), so every word is loud: the lead's end is the cut itself.
  const recording = noise(3_000, 3_000, 11);
  const reference = fingerprintOf(recording);

  it.each([
    ['cut off after 460 ms by other sound', 0, 460],
    ['cut off after 900 ms, starting 1.2 s into the recording', 1_200, 900],
    ['half a second from the middle, then other sound', 2_000, 500],
  ])('%s: the known audio ends within 20 ms of the cut', (_name, fromMs, lengthMs) => {
    const heard = concat(recording.subarray(fromMs * 8, (fromMs + lengthMs) * 8), noise(1_500, 3_000, 99));
    const query = fingerprintOf(scaled(heard, 0.5));
    const offset = Math.round(fromMs * WORDS_PER_MS);
    const words = knownLeadWords(query, reference, offset);
    // Where the first unmatched word's frame is centred (as CallAudio times it): ((words + 1) hops + half a frame).
    const endMs = ((words + 1) * FP_HOP + FP_FRAME / 2) / 8;
    expect(Math.abs(endMs - lengthMs), `${endMs} ms`).toBeLessThanOrEqual(20);
  });

  it('other audio at the same place has no lead', () => {
    expect(knownLeadWords(fingerprintOf(noise(1_000, 3_000, 5)), reference, 0)).toBe(0);
    expect(knownLeadWords(fingerprintOf(melody(1_000, 42)), reference, 0)).toBe(0);
  });
});
