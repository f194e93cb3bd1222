/**
 * G.711 (ITU-T) companding: μ-law (PCMU, RTP payload 0) and A-law (PCMA, payload 8), 8-bit codes to 16-bit linear
 * samples and back. Decoding uses tables built once; encoding follows the reference segment search.
 */

export type G711Law = 'pcmu' | 'pcma';

function ulawToLinear(code: number): number {
  const u = ~code & 0xff;
  let t = ((u & 0x0f) << 3) + 0x84;
  t <<= (u & 0x70) >> 4;
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

function alawToLinear(code: number): number {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  if (segment === 0) t += 8;
  else if (segment === 1) t += 0x108;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

const ULAW_TABLE = Int16Array.from({ length: 256 }, (_, code) => ulawToLinear(code));
const ALAW_TABLE = Int16Array.from({ length: 256 }, (_, code) => alawToLinear(code));

/** Highest set bit position of `value` (0 for 0 or 1), for the segment search. */
function topBit(value: number): number {
  let bit = 0;
  while (value > 1) {
    value >>= 1;
    bit += 1;
  }
  return bit;
}

/** One 16-bit linear sample to a μ-law code. */
export function linearToUlaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  s = Math.min(s, 32635) + 0x84;
  const exponent = Math.min(7, topBit(s >> 7));
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** One 16-bit linear sample to an A-law code. */
export function linearToAlaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s >= 0 ? 0x80 : 0;
  if (s < 0) s = -s - 1;
  s = Math.min(s, 32767);
  let code: number;
  if (s >= 256) {
    const exponent = Math.min(7, topBit(s >> 4) - 3);
    code = (exponent << 4) | ((s >> (exponent + 3)) & 0x0f);
  } else {
    code = s >> 4;
  }
  return (code | sign) ^ 0x55;
}

/** Decodes G.711 codes to 16-bit linear samples. */
export function decodeG711(codes: Uint8Array, law: G711Law, out = new Int16Array(codes.length)): Int16Array {
  const table = law === 'pcmu' ? ULAW_TABLE : ALAW_TABLE;
  for (let i = 0; i < codes.length; i += 1) out[i] = table[codes[i] as number] as number;
  return out;
}

/** Encodes 16-bit linear samples to G.711 codes. */
export function encodeG711(samples: ArrayLike<number>, law: G711Law): Uint8Array {
  const encode = law === 'pcmu' ? linearToUlaw : linearToAlaw;
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) out[i] = encode(samples[i] as number);
  return out;
}

/** The code for silence (linear 0) in each law. */
export const G711_SILENCE: Readonly<Record<G711Law, number>> = { pcmu: 0xff, pcma: 0xd5 };
