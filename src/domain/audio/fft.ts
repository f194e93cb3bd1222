/**
 * The power spectrum of real audio frames (256 or 512 samples), Hann-windowed: a complex FFT of half the size over
 * the even and odd samples, then the split step that separates the two real transforms. Twiddles, bit reversal,
 * the window and scratch buffers are made once per size (a cache inside pure functions).
 */

interface Plan {
  readonly size: number;
  readonly half: number;
  /** Twiddles of the half-size complex FFT: cos/sin(2πk/half). */
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  /** Split-step twiddles: cos/sin(2πk/size). */
  readonly splitCos: Float64Array;
  readonly splitSin: Float64Array;
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
  if (size < 4 || (size & (size - 1)) !== 0)
    throw new RangeError(`an FFT size must be a power of two of at least 4, not ${size}`);
  const half = size / 2;
  const bits = Math.log2(half);
  const reversed = new Uint32Array(half);
  for (let i = 0; i < half; i += 1) {
    let r = 0;
    for (let b = 0; b < bits; b += 1) r |= ((i >> b) & 1) << (bits - 1 - b);
    reversed[i] = r;
  }
  const cos = Float64Array.from({ length: half / 2 }, (_, k) => Math.cos((2 * Math.PI * k) / half));
  const sin = Float64Array.from({ length: half / 2 }, (_, k) => -Math.sin((2 * Math.PI * k) / half));
  const splitCos = Float64Array.from({ length: half + 1 }, (_, k) => Math.cos((2 * Math.PI * k) / size));
  const splitSin = Float64Array.from({ length: half + 1 }, (_, k) => -Math.sin((2 * Math.PI * k) / size));
  const window = Float64Array.from({ length: size }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (size - 1)));
  const plan: Plan = {
    size,
    half,
    cos,
    sin,
    splitCos,
    splitSin,
    reversed,
    window,
    re: new Float64Array(half),
    im: new Float64Array(half),
  };
  plans.set(size, plan);
  return plan;
}

/**
 * Power spectrum (|X[k]|², k = 0 … size/2) of `size` samples starting at `offset`, Hann-windowed. Samples past the
 * end of the input count as zero. Float64Array input only: one element kind keeps the loops fast in V8.
 */
export function powerSpectrum(
  samples: Float64Array,
  offset: number,
  size: number,
  out = new Float64Array(size / 2 + 1),
): Float64Array {
  const plan = planFor(size);
  const { half, re, im, window, reversed, cos, sin } = plan;
  const length = samples.length;
  for (let n = 0; n < half; n += 1) {
    const even = offset + 2 * n;
    const target = reversed[n] as number;
    re[target] = even < length ? (samples[even] as number) * (window[2 * n] as number) : 0;
    im[target] = even + 1 < length ? (samples[even + 1] as number) * (window[2 * n + 1] as number) : 0;
  }
  for (let span = 1; span < half; span *= 2) {
    const step = half / (span * 2);
    for (let start = 0; start < half; start += span * 2) {
      for (let k = 0; k < span; k += 1) {
        const wr = cos[k * step] as number;
        const wi = sin[k * step] as number;
        const a = start + k;
        const b = a + span;
        const br = re[b] as number;
        const bi = im[b] as number;
        const tr = wr * br - wi * bi;
        const ti = wr * bi + wi * br;
        const ar = re[a] as number;
        const ai = im[a] as number;
        re[b] = ar - tr;
        im[b] = ai - ti;
        re[a] = ar + tr;
        im[a] = ai + ti;
      }
    }
  }
  // Split: X[k] = E[k] + W^k O[k], with E = (Z[k] + conj Z[half-k]) / 2 and O = (Z[k] - conj Z[half-k]) / 2i.
  for (let k = 0; k <= half; k += 1) {
    const zr = re[k % half] as number;
    const zi = im[k % half] as number;
    const cr = re[(half - k) % half] as number;
    const ci = -(im[(half - k) % half] as number);
    const er = (zr + cr) / 2;
    const ei = (zi + ci) / 2;
    const or = (zi - ci) / 2;
    const oi = -(zr - cr) / 2;
    const wr = plan.splitCos[k] as number;
    const wi = plan.splitSin[k] as number;
    const xr = er + wr * or - wi * oi;
    const xi = ei + wr * oi + wi * or;
    out[k] = xr * xr + xi * xi;
  }
  return out;
}
