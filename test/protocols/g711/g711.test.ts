import { describe, expect, it } from 'vitest';
import { decodeG711, encodeG711, G711_SILENCE, linearToAlaw, linearToUlaw } from '../../../src/protocols/g711/g711.ts';

const decode = (code: number, law: 'pcmu' | 'pcma'): number => decodeG711(Uint8Array.of(code), law)[0] as number;

describe('G.711', () => {
  it.each([
    ['μ-law 0xFF is zero', 0xff, 'pcmu', 0],
    ['μ-law 0x00 is the most negative value', 0x00, 'pcmu', -32_124],
    ['μ-law 0x80 is the most positive value', 0x80, 'pcmu', 32_124],
    ['A-law 0xD5 is the smallest positive step', 0xd5, 'pcma', 8],
    ['A-law 0x55 is the smallest negative step', 0x55, 'pcma', -8],
    ['A-law 0xAA is the most positive value', 0xaa, 'pcma', 32_256],
  ] as const)('%s', (_name, code, law, value) => {
    expect(decode(code, law)).toBe(value);
  });

  it.each(['pcmu', 'pcma'] as const)('%s: encoding a decoded code gives the code back (every code but μ-law negative zero)', (law) => {
    const codes = Uint8Array.from({ length: 256 }, (_, i) => i).filter((c) => !(law === 'pcmu' && c === 0x7f));
    expect(Array.from(encodeG711(decodeG711(codes, law), law))).toEqual(Array.from(codes));
  });

  it.each(['pcmu', 'pcma'] as const)('%s: quantisation error stays within the segment step (under 3.2% of the value or 16)', (law) => {
    for (let sample = -32_000; sample <= 32_000; sample += 97) {
      const back = decode(law === 'pcmu' ? linearToUlaw(sample) : linearToAlaw(sample), law);
      expect(Math.abs(back - sample)).toBeLessThanOrEqual(Math.max(16, Math.abs(sample) * 0.032));
    }
  });

  it('the silence codes decode to (almost) nothing', () => {
    expect(Math.abs(decode(G711_SILENCE.pcmu, 'pcmu'))).toBe(0);
    expect(Math.abs(decode(G711_SILENCE.pcma, 'pcma'))).toBeLessThanOrEqual(8);
  });
});
