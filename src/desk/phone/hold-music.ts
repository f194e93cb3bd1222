/**
 * Hold music made in code (no recording ships with Kept): a looped chord progression with a soft pad, a plucked
 * arpeggio and a bass line, 8 kHz 16-bit. Deterministic for a seed, so the desk plays the same loop on every call,
 * as a real hotline does.
 */

const SAMPLE_RATE = 8_000;

/** Semitone offsets from A4 (440 Hz) of each chord's notes, lowest first. */
const PROGRESSIONS: readonly (readonly number[])[][] = [
  [
    [-9, -5, -2],
    [-12, -9, -5],
    [-16, -12, -9],
    [-14, -10, -7],
  ],
  [
    [-7, -3, 0],
    [-10, -7, -3],
    [-14, -10, -7],
    [-12, -8, -5],
  ],
];

const hz = (semitones: number): number => 440 * 2 ** (semitones / 12);

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

/** A note with a few decaying harmonics, added into `out` from sample `start`. */
function addNote(
  out: Float64Array,
  start: number,
  frequency: number,
  seconds: number,
  level: number,
  decay: number,
  attack: number,
): void {
  const length = Math.min(out.length - start, Math.round(seconds * SAMPLE_RATE));
  for (let i = 0; i < length; i += 1) {
    const t = i / SAMPLE_RATE;
    const envelope = Math.min(1, t / attack) * Math.exp(-t * decay) * Math.min(1, (length - i) / 200);
    let value = 0;
    for (let h = 1; h <= 4; h += 1) value += Math.sin(2 * Math.PI * frequency * h * t) / (h * h);
    out[start + i] = (out[start + i] as number) + level * envelope * value;
  }
}

/** `seconds` of hold music (a whole number of 2-second bars is best for looping). */
export function holdMusic(seconds: number, seed = 1): Int16Array {
  const random = seeded(seed);
  const progression = PROGRESSIONS[Math.floor(random() * PROGRESSIONS.length)] as (readonly number[])[];
  const out = new Float64Array(Math.round(seconds * SAMPLE_RATE));
  const bar = 2;
  const step = 0.25;
  for (let bars = 0; bars * bar < seconds; bars += 1) {
    const chord = progression[bars % progression.length] as readonly number[];
    const at = Math.round(bars * bar * SAMPLE_RATE);
    for (const note of chord) addNote(out, at, hz(note), bar, 0.16, 0.3, 0.25);
    addNote(out, at, hz((chord[0] as number) - 12), bar, 0.3, 0.8, 0.02);
    for (let n = 0; n < bar / step; n += 1) {
      const note = (chord[n % chord.length] as number) + 12 + (n >= 4 ? 12 : 0);
      addNote(out, at + Math.round(n * step * SAMPLE_RATE), hz(note), step * 2, 0.22, 4, 0.005);
    }
  }
  let peak = 0;
  for (const value of out) peak = Math.max(peak, Math.abs(value));
  const gain = peak > 0 ? 12_000 / peak : 0;
  return Int16Array.from(out, (value) => Math.round(value * gain));
}
