/** A two-sided confidence interval for a proportion. */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

const Z95 = 1.959963984540054;

/**
 * The Wilson score interval for `successes` out of `trials` at 95% confidence (Wilson 1927). Unlike the normal
 * approximation it stays inside [0, 1] and behaves at 0% and 100%, which is where promises live.
 */
export function wilsonInterval(successes: number, trials: number, z: number = Z95): Interval {
  if (trials <= 0) return { lower: 0, upper: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = p + z2 / (2 * trials);
  const margin = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // At 0% and 100% the bound is exactly 0 or 1 in theory; rounding must not turn 50/50 into "below 100%".
  return {
    lower: successes <= 0 ? 0 : Math.max(0, (centre - margin) / denominator),
    upper: successes >= trials ? 1 : Math.min(1, (centre + margin) / denominator),
  };
}
