/**
 * DTMF: the Goertzel filter, in-band digit detection (ITU-T Q.24 style checks: one row and one column tone, twist,
 * relative strength against the other tones), and tone generation for in-band dialling.
 */

export const DTMF_DIGITS = '123A456B789C*0#D';
const ROWS = [697, 770, 852, 941] as const;
const COLUMNS = [1209, 1336, 1477, 1633] as const;

/** Power of one frequency in a block of samples (Goertzel), normalised by the block length squared. */
export function goertzelPower(
  samples: ArrayLike<number>,
  offset: number,
  length: number,
  frequency: number,
  sampleRate = 8_000,
): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < length; i += 1) {
    const s0 = ((samples[offset + i] as number) ?? 0) + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / (length * length);
}

/** The DTMF digit in one block (about 20-50 ms), or undefined. */
export function detectDtmfBlock(
  samples: ArrayLike<number>,
  offset: number,
  length: number,
  sampleRate = 8_000,
): string | undefined {
  let energy = 0;
  for (let i = 0; i < length; i += 1) energy += ((samples[offset + i] as number) ?? 0) ** 2;
  energy /= length;
  if (energy < 2_000) return undefined;
  const rows = ROWS.map((f) => goertzelPower(samples, offset, length, f, sampleRate));
  const cols = COLUMNS.map((f) => goertzelPower(samples, offset, length, f, sampleRate));
  const best = (powers: number[]): [number, number] =>
    powers.reduce<[number, number]>((acc, p, i) => (p > acc[1] ? [i, p] : acc), [0, -1]);
  const [row, rowPower] = best(rows);
  const [col, colPower] = best(cols);
  // Each tone of a pure sinusoid of amplitude A reads A²/4; both tones together must carry most of the energy.
  if ((rowPower + colPower) * 2 < energy * 0.6) return undefined;
  const twist = rowPower / colPower;
  if (twist > 6.3 || twist < 1 / 6.3) return undefined;
  if (rows.some((p, i) => i !== row && p * 6.3 > rowPower)) return undefined;
  if (cols.some((p, i) => i !== col && p * 6.3 > colPower)) return undefined;
  return DTMF_DIGITS[row * 4 + col];
}

/** Digits in a signal: a digit counts once it is seen in `minBlocks` consecutive 20 ms blocks. */
export function detectDtmf(
  samples: ArrayLike<number>,
  sampleRate = 8_000,
  minBlocks = 2,
): { digit: string; atSample: number }[] {
  const block = Math.round(sampleRate * 0.02);
  const found: { digit: string; atSample: number }[] = [];
  let current: string | undefined;
  let run = 0;
  let reported = false;
  for (let at = 0; at + block <= samples.length; at += block) {
    const digit = detectDtmfBlock(samples, at, block, sampleRate);
    if (digit !== undefined && digit === current) run += 1;
    else {
      current = digit;
      run = digit === undefined ? 0 : 1;
      reported = false;
    }
    if (current !== undefined && run >= minBlocks && !reported) {
      found.push({ digit: current, atSample: at - (run - 1) * block });
      reported = true;
    }
  }
  return found;
}

/** The two frequencies of a DTMF digit (0-9, *, #, A-D). */
export function dtmfFrequencies(digit: string): [number, number] {
  const index = DTMF_DIGITS.indexOf(digit.toUpperCase());
  if (index < 0 || digit.length !== 1) throw new RangeError(`"${digit}" is not a DTMF digit`);
  return [ROWS[Math.floor(index / 4)] as number, COLUMNS[index % 4] as number];
}

/** In-band DTMF: a digit's two tones for `ms` milliseconds at about -10 dBFS each. */
export function dtmfTone(digit: string, ms: number, sampleRate = 8_000, startSample = 0): Int16Array {
  const [low, high] = dtmfFrequencies(digit);
  const length = Math.round((sampleRate * ms) / 1_000);
  const amplitude = 7_000;
  return Int16Array.from({ length }, (_, i) => {
    const t = (startSample + i) / sampleRate;
    return Math.round(amplitude * (Math.sin(2 * Math.PI * low * t) + Math.sin(2 * Math.PI * high * t)));
  });
}
