import { describe, expect, it } from 'vitest';
import { goertzelPower } from '../../../src/domain/audio/dtmf.ts';
import { resample, trimSilence } from '../../../src/domain/audio/resample.ts';
import { concat, silence } from './signals.ts';

const toneAt = (hz: number, rate: number, seconds: number): Int16Array =>
  Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) =>
    Math.round(8_000 * Math.sin((2 * Math.PI * hz * i) / rate)),
  );

describe('resampling to 8 kHz', () => {
  it('keeps a 1 kHz tone at 1 kHz, at its level, in the right length', () => {
    const out = resample(toneAt(1_000, 22_050, 1), 22_050);
    expect(out.length).toBe(8_000);
    expect(goertzelPower(out, 1_000, 4_000, 1_000)).toBeGreaterThan(0.9 * (8_000 / 2) ** 2);
  });

  it('removes what the telephone band cannot carry (a 6 kHz tone drops by over 30 dB)', () => {
    const out = resample(toneAt(6_000, 22_050, 0.5), 22_050);
    const energy = out.reduce((sum, v) => sum + v * v, 0) / out.length;
    expect(10 * Math.log10(energy / (8_000 ** 2 / 2))).toBeLessThan(-30);
  });

  it('trims leading and trailing quiet', () => {
    const loud = toneAt(500, 8_000, 0.3);
    expect(trimSilence(concat(silence(200), loud, silence(300))).length).toBeCloseTo(loud.length, -2);
  });
});
