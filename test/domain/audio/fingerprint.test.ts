import { describe, expect, it } from 'vitest';
import { bitErrorRate, fingerprintOf, Fingerprinter, FP_PER_SECOND } from '../../../src/domain/audio/fingerprint.ts';
import { FingerprintIndex } from '../../../src/domain/audio/fingerprint-index.ts';
import { decodeG711, encodeG711 } from '../../../src/protocols/g711/g711.ts';
import { holdMusic } from '../../../src/desk/phone/hold-music.ts';
import { concat, melody, noise, scaled, silence } from './signals.ts';

const music = holdMusic(6, 1);
const other = melody(6_000);

function bestBer(query: Int16Array, reference: Int16Array): number {
  const q = fingerprintOf(query);
  const r = fingerprintOf(reference);
  let best = 1;
  for (let offset = -q.words.length; offset < r.words.length; offset += 1) {
    const { ber, compared } = bitErrorRate(q, r, offset);
    if (compared >= 100) best = Math.min(best, ber);
  }
  return best;
}

describe('acoustic fingerprints', () => {
  // Steady music is the hardest case (little changes from frame to frame); speech reads lower, see the SIP docs.
  it.each([
    ['the same music, whole hops apart', 0, 1, 'pcmu', 0.2],
    ['half a hop out of step', 32, 1, 'pcmu', 0.28],
    ['at half the level', 17, 0.5, 'pcmu', 0.28],
    ['through A-law instead of μ-law', 45, 1, 'pcma', 0.28],
  ] as const)('%s: a bit error rate below the 0.3 that counts as the same', (_name, shift, gain, law, bound) => {
    const heard = decodeG711(encodeG711(scaled(music.subarray(8_000 + shift), gain), law), law);
    expect(bestBer(heard, music)).toBeLessThan(bound);
  });

  it('different audio differs in about half the bits', () => {
    expect(bestBer(other.subarray(8_000, 24_000), music)).toBeGreaterThan(0.4);
  });

  it('streaming in packets gives the same words as all at once, one per 64 samples after the first frame', () => {
    const whole = fingerprintOf(music);
    const streamed = new Fingerprinter();
    for (let at = 0; at < music.length; at += 160) streamed.push(music.subarray(at, at + 160));
    expect(Array.from(streamed.slice().words)).toEqual(Array.from(whole.words));
    expect(whole.words.length).toBe(Math.floor((music.length - 512) / 64));
  });

  it('quiet frames are marked and never compared', () => {
    const fp = fingerprintOf(concat(silence(500), music.subarray(0, 8_000)));
    expect(fp.loud.slice(0, 40).every((v) => v === 0)).toBe(true);
    expect(bitErrorRate(fingerprintOf(silence(1_000)), fingerprintOf(silence(1_000)), 0).compared).toBe(0);
  });

  it('the index finds a second of audio in a longer recording, at the right place', () => {
    const index = new FingerprintIndex();
    index.add(fingerprintOf(noise(2_000, 2_000, 3)));
    const entry = index.add(fingerprintOf(music));
    const query = fingerprintOf(music.subarray(24_000, 32_000));
    const match = index.match(query);
    expect(match).toMatchObject({ entry });
    expect(Math.abs((match?.offset ?? 0) - 24_000 / 64)).toBeLessThanOrEqual(1);
    expect(index.match(fingerprintOf(other.subarray(0, 8_000)))).toBeUndefined();
    index.remove(entry);
    expect(index.match(query)).toBeUndefined();
    expect(FP_PER_SECOND).toBe(125);
  });
});
