/**
 * A radix-2 FFT for the audio analysis (power spectra of 256- or 512-sample frames). Twiddle factors and the
 * Hann window are computed once per size and cached (a cache inside pure functions).
 */

interface Plan {
  readonly size: number;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  readonly reversed: Uint32Array;
  readonly window: Float64Array;
  /** Scratch buffers, reused by every call (JavaScript runs one call at a time). */
  readonly re: Float64Array;
  readonly im: Float64Array;
}

const plans = new Map<number, Plan>();

function planFor(size: number): Plan {
  const cached = plans.get(size);
  if (cached !== undefined) return cached;
  if (size < 2 || (size & (size - 1)) !== 0) throw new RangeError(`an FFT size must be a power of two, not ${size}`);
  const bits = Math.log2(size);
  const reversed = new Uint32Array(size);
  for (let i = 0; i < size; i += 1) {
    let r = 0;
    for (let b = 0; b < bits; b += 1) r |= ((i >> b) & 1) << (bits - 1 - b);
    reversed[i] = r;
  }
  const cos = new Float64Array(size / 2);
  const sin = new Float64Array(size / 2);
  for (let i = 0; i < size / 2; i += 1) {
    cos[i] = Math.cos((2 * Math.PI * i) / size);
    sin[i] = -Math.sin((2 * Math.PI * i) / size);
  }
  const window = Float64Array.from({ length: size }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (size - 1)));
  const plan = { size, cos, sin, reversed, window, re: new Float64Array(size), im: new Float64Array(size) };
  plans.set(size, plan);
  return plan;
}

/**
 * Power spectrum (|X[k]|², k = 0 … size/2) of `size` samples starting at `offset`, Hann-windowed. Samples past the
 * end of the input count as zero. `out` is reused when given.
 */
export function powerSpectrum(
  samples: ArrayLike<number>,
  offset: number,
  size: number,
  out = new Float64Array(size / 2 + 1),
): Float64Array {
  const plan = planFor(size);
  const { re, im } = plan;
  im.fill(0);
  for (let i = 0; i < size; i += 1) {
    const at = offset + i;
    const value = at < samples.length ? (samples[at] as number) : 0;
    re[plan.reversed[i] as number] = value * (plan.window[i] as number);
  }
  for (let half = 1; half < size; half *= 2) {
    const step = size / (half * 2);
    for (let start = 0; start < size; start += half * 2) {
      for (let k = 0; k < half; k += 1) {
        const wr = plan.cos[k * step] as number;
        const wi = plan.sin[k * step] as number;
        const a = start + k;
        const b = a + half;
        const br = re[b] as number;
        const bi = im[b] as number;
        const tr = wr * br - wi * bi;
        const ti = wr * bi + wi * br;
        re[b] = (re[a] as number) - tr;
        im[b] = (im[a] as number) - ti;
        re[a] = (re[a] as number) + tr;
        im[a] = (im[a] as number) + ti;
      }
    }
  }
  for (let k = 0; k <= size / 2; k += 1) out[k] = (re[k] as number) ** 2 + (im[k] as number) ** 2;
  return out;
}
