const PHASES = 256;
const HALF_TAPS = 16;
const filters = new Map<string, Float64Array[]>();

/**
 * Windowed-sinc filters for each of PHASES fractional positions between input samples (a polyphase bank), built
 * once per rate pair: each output sample is then HALF_TAPS × 2 multiply-adds.
 */
function bankFor(fromRate: number, toRate: number): Float64Array[] {
  const key = `${fromRate}/${toRate}`;
  const cached = filters.get(key);
  if (cached !== undefined) return cached;
  const cutoff = Math.min(1, toRate / fromRate) * 0.9;
  const bank: Float64Array[] = [];
  for (let phase = 0; phase < PHASES; phase += 1) {
    const fraction = phase / PHASES;
    const taps = new Float64Array(HALF_TAPS * 2);
    let sum = 0;
    for (let t = 0; t < taps.length; t += 1) {
      const distance = t - (HALF_TAPS - 1) - fraction;
      const x = distance * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const window = 0.5 + 0.5 * Math.cos((Math.PI * distance) / (HALF_TAPS + 1));
      taps[t] = sinc * window;
      sum += taps[t] as number;
    }
    for (let t = 0; t < taps.length; t += 1) taps[t] = (taps[t] as number) / sum;
    bank.push(taps);
  }
  filters.set(key, bank);
  return bank;
}

/**
 * Resampling to 8 kHz telephone audio: a windowed-sinc low-pass (cut-off at 90% of the lower Nyquist frequency)
 * from a polyphase filter bank. About 32 multiply-adds per output sample.
 */
export function resample(samples: ArrayLike<number>, fromRate: number, toRate = 8_000): Int16Array {
  if (fromRate === toRate) return Int16Array.from(samples as ArrayLike<number>);
  const bank = bankFor(fromRate, toRate);
  const ratio = fromRate / toRate;
  const length = Math.floor(samples.length / ratio);
  const out = new Int16Array(length);
  for (let n = 0; n < length; n += 1) {
    const position = n * ratio;
    const base = Math.floor(position);
    const taps = bank[Math.min(PHASES - 1, Math.round((position - base) * PHASES))] as Float64Array;
    let sum = 0;
    for (let t = 0; t < taps.length; t += 1) {
      const k = base + t - (HALF_TAPS - 1);
      if (k >= 0 && k < samples.length) sum += (samples[k] as number) * (taps[t] as number);
    }
    out[n] = Math.max(-32_768, Math.min(32_767, Math.round(sum)));
  }
  return out;
}

/** The samples without leading and trailing quiet (below `thresholdDb` dBFS in 10 ms steps). */
export function trimSilence(samples: Int16Array, thresholdDb = -45, sampleRate = 8_000): Int16Array {
  const step = Math.round(sampleRate / 100);
  const loud = (at: number): boolean => {
    let energy = 0;
    for (let i = at; i < Math.min(samples.length, at + step); i += 1) energy += (samples[i] as number) ** 2;
    return 10 * Math.log10(energy / step / 32_768 ** 2 + 1e-12) > thresholdDb;
  };
  let start = 0;
  while (start < samples.length && !loud(start)) start += step;
  let end = samples.length;
  while (end > start && !loud(Math.max(start, end - step))) end -= step;
  return samples.slice(start, end);
}
