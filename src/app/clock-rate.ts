/**
 * Attempt-clock ms per real ms over an interval; 1 unless the clock clearly runs faster or slower (a compressed
 * clock). Used by the attempt runner (its health readings) and browser-chat (page-clock intervals put on the clock).
 */
export function clockRate(clockMs: number, realMs: number): number {
  // Too short to tell, or a clock that did not move (a test's fixed clock): real time.
  if (realMs < 50 || clockMs <= 0) return 1;
  const rate = clockMs / realMs;
  return Math.abs(rate - 1) < 0.1 ? 1 : rate;
}
