/**
 * A pseudo-random sequence in [0, 1) fixed by a text: FNV-1a of the text seeds a splitmix32-style generator. Every
 * scheduler that draws a probe's coverage minutes from the same text (probe and period) draws the same minutes.
 */
export function randomFromText(text: string): () => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) state = Math.imul(state ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = Math.imul(state ^ (state >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4_294_967_296;
  };
}
