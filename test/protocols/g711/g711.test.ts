import { describe, expect, it } from 'vitest';
import { decodeG711, encodeG711, G711_SILENCE, linearToAlaw, linearToUlaw } from '../../../src/protocols/g711/g711.ts';

/**
 * Byte vectors from ITU-T G.711: Table 1 (A-law, 13-bit values) and Table 2 (μ-law, 14-bit values), written out by
 * hand for the first and last step of every segment, and scaled to 16-bit linear PCM (A-law ×8, μ-law ×4, as
 * ITU-T G.191 does). Characters are as transmitted: A-law with the even bits inverted (XOR 0x55), μ-law with all bits
 * inverted. Encoder vectors sit on each side of a decision value.
 */

const decode = (code: number, law: 'pcmu' | 'pcma'): number => decodeG711(Uint8Array.of(code), law)[0] as number;

// [character, decoder output (14-bit)] for μ-law, positive half: segment starts 0, 33, 99, 231, 495, 1023, 2079, 4191.
const ULAW_DECODER: [number, number][] = [
  [0xff, 0],
  [0xf0, 30],
  [0xef, 33],
  [0xe0, 93],
  [0xdf, 99],
  [0xd0, 219],
  [0xcf, 231],
  [0xc0, 471],
  [0xbf, 495],
  [0xb0, 975],
  [0xaf, 1_023],
  [0xa0, 1_983],
  [0x9f, 2_079],
  [0x90, 3_999],
  [0x8f, 4_191],
  [0x80, 8_031],
];

// [character, decoder output (13-bit)] for A-law, positive half: segment starts 1, 33, 66, 132, 264, 528, 1056, 2112.
const ALAW_DECODER: [number, number][] = [
  [0xd5, 1],
  [0xda, 31],
  [0xc5, 33],
  [0xca, 63],
  [0xf5, 66],
  [0xfa, 126],
  [0xe5, 132],
  [0xea, 252],
  [0x95, 264],
  [0x9a, 504],
  [0x85, 528],
  [0x8a, 1_008],
  [0xb5, 1_056],
  [0xba, 2_016],
  [0xa5, 2_112],
  [0xaa, 4_032],
];

describe('G.711 decoding (ITU-T G.711 Tables 1 and 2)', () => {
  it.each(ULAW_DECODER)('μ-law character %i (decimal) decodes to its table value ×4', (code, value) => {
    expect(decode(code, 'pcmu')).toBe(value * 4);
    // The negative half: the same character with the sign bit cleared (before inversion).
    expect(decode(code & 0x7f, 'pcmu')).toBe(value === 0 ? 0 : -value * 4);
  });

  it.each(ALAW_DECODER)('A-law character %i (decimal) decodes to its table value ×8', (code, value) => {
    expect(decode(code, 'pcma')).toBe(value * 8);
    expect(decode(code & 0x7f, 'pcma')).toBe(-value * 8);
  });

  it('the silence codes are μ-law 0xFF (0) and A-law 0xD5 (the smallest positive step: G.711 A-law has no zero)', () => {
    expect(G711_SILENCE).toEqual({ pcmu: 0xff, pcma: 0xd5 });
    expect(Array.from(encodeG711([0, 0], 'pcmu'))).toEqual([0xff, 0xff]);
    expect(Array.from(encodeG711([0, 0], 'pcma'))).toEqual([0xd5, 0xd5]);
  });
});

describe('G.711 encoding (decision values of ITU-T G.711 Tables 1 and 2)', () => {
  // μ-law decision values (14-bit) 1, 31, 95, 8031...: in 16-bit 4, 124, 380, 16252; overload above 32635.
  it.each([
    [0, 0xff],
    [3, 0xff],
    [4, 0xfe],
    [123, 0xf0],
    [124, 0xef],
    [379, 0xe0],
    [380, 0xdf],
    [16_251, 0x90],
    [16_252, 0x8f],
    [32_767, 0x80],
    [-1, 0x7f],
    [-8, 0x7e],
    [-32_768, 0x00],
  ])('μ-law: %i → character %i', (sample, code) => {
    expect(linearToUlaw(sample).toString(16)).toBe(code.toString(16));
  });

  // A-law decision values (13-bit) 2, 32, 64: in 16-bit 16, 256, 512.
  it.each([
    [0, 0xd5],
    [15, 0xd5],
    [16, 0xd4],
    [255, 0xda],
    [256, 0xc5],
    [511, 0xca],
    [512, 0xf5],
    [32_767, 0xaa],
    [-1, 0x55],
    [-16, 0x55],
    [-17, 0x54],
    [-32_768, 0x2a],
  ])('A-law: %i → character %i', (sample, code) => {
    expect(linearToAlaw(sample).toString(16)).toBe(code.toString(16));
  });
});
