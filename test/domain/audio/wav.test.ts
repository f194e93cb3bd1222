import { describe, expect, it } from 'vitest';
import { encodeG711 } from '../../../src/protocols/g711/g711.ts';
import { decodeWav, encodeWav } from '../../../src/domain/audio/wav.ts';
import { tone } from './signals.ts';

describe('WAV files', () => {
  const samples = tone([440], 50);

  it('16-bit PCM comes back sample for sample', () => {
    const wav = decodeWav(encodeWav(samples, 'pcm16'));
    expect(wav).toMatchObject({ sampleRate: 8_000, channels: 1, format: 'pcm16' });
    expect(Array.from(wav.samples)).toEqual(Array.from(samples));
  });

  it.each(['pcmu', 'pcma'] as const)(
    '%s WAV files (format 7 / 6 with a fact chunk) decode to the G.711 values',
    (law) => {
      const codes = encodeG711(samples, law);
      const bytes = encodeWav(codes, law);
      expect(bytes.length).toBe(58 + codes.length);
      const wav = decodeWav(bytes);
      expect(wav.format).toBe(law);
      expect(wav.samples.length).toBe(samples.length);
      for (let i = 0; i < samples.length; i += 1)
        expect(Math.abs((wav.samples[i] as number) - (samples[i] as number))).toBeLessThan(300);
    },
  );

  it.each([
    ['not RIFF at all', new TextEncoder().encode('hello, not a wav file')],
    [
      'a RIFF without a data chunk',
      Uint8Array.of(...new TextEncoder().encode('RIFF'), 4, 0, 0, 0, ...new TextEncoder().encode('WAVE')),
    ],
  ])('%s is refused', (_name, bytes) => {
    expect(() => decodeWav(bytes)).toThrow(RangeError);
  });
});
