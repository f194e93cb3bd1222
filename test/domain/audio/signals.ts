/** Test signals, 8 kHz 16-bit: tones, noise and concatenation. */
export const tone = (hz: readonly number[], ms: number, amplitude = 6_000): Int16Array =>
  Int16Array.from({ length: Math.round(ms * 8) }, (_, i) =>
    Math.round(hz.reduce((sum, f) => sum + amplitude * Math.sin((2 * Math.PI * f * i) / 8_000), 0)),
  );

export const silence = (ms: number): Int16Array => new Int16Array(Math.round(ms * 8));

/** Deterministic white noise. */
export function noise(ms: number, amplitude = 3_000, seed = 7): Int16Array {
  let state = seed;
  return Int16Array.from({ length: Math.round(ms * 8) }, () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return Math.round(((state / 4_294_967_296) * 2 - 1) * amplitude);
  });
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export const scaled = (samples: Int16Array, gain: number): Int16Array =>
  Int16Array.from(samples, (v) => Math.max(-32_768, Math.min(32_767, Math.round(v * gain))));

/** A melody of plucked notes with random pitches and lengths: music unlike the desk's hold music. */
export function melody(ms: number, seed = 5): Int16Array {
  let state = seed;
  const next = (): number => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
  const out = new Int16Array(Math.round(ms * 8));
  let at = 0;
  while (at < out.length) {
    const length = Math.round((150 + next() * 350) * 8);
    const hz = 220 * 2 ** (Math.floor(next() * 24) / 12);
    for (let i = 0; i < length && at + i < out.length; i += 1) {
      out[at + i] = Math.round(
        7_000 *
          Math.exp(-i / 1_500) *
          (Math.sin((2 * Math.PI * hz * i) / 8_000) + 0.4 * Math.sin((4 * Math.PI * hz * i) / 8_000)),
      );
    }
    at += length;
  }
  return out;
}
