import { promiseLimitMs, type Claim } from '../claim.ts';
import { formatDuration } from '../duration.ts';
import type { VerdictStatus, Verdict } from '../evaluation/verdict.ts';
import type { Judgement } from '../judgement.ts';
import type { Observation } from '../observation.ts';

/** "Average wait under 90 seconds": the mean over in-force attempts against the limit, with a 95% interval. */
export interface AverageResult {
  readonly status: VerdictStatus;
  readonly reasons: readonly string[];
  readonly limitMs: number;
  readonly count: number;
  readonly meanMs: number | null;
  readonly interval: { readonly lowerMs: number; readonly upperMs: number } | null;
  /** Attempts where what was promised never came: they count at the time the probe waited, a lower bound. */
  readonly censored: number;
}

const Z95 = 1.959963984540054;

/** The wait one counted attempt stands for, and whether it is only a lower bound (nothing came before the probe gave up). */
function waitOf(claim: Claim, observation: Observation): { ms: number; censored: boolean } {
  const { timings } = observation;
  const answered = observation.outcome === 'answered';
  const measured =
    claim.promise.kind === 'first-response'
      ? answered
        ? timings.firstResponseMs
        : undefined
      : answered && observation.humanReached
        ? timings.humanMs
        : undefined;
  return measured === undefined ? { ms: timings.totalMs, censored: true } : { ms: measured, censored: false };
}

/**
 * Judges an "average" claim: kept when the upper bound of the mean's 95% interval (normal approximation) is within the
 * limit, every promised hour was probed and there are at least `minSamples` attempts; broken when even the lower bound
 * is over the limit; otherwise unproven. Coverage and sample counts come from the claim's ordinary verdict.
 */
export function evaluateAverage(
  claim: Claim,
  judged: readonly { observation: Observation; judgement: Judgement }[],
  verdict: Verdict,
): AverageResult {
  const limitMs = promiseLimitMs(claim.promise) ?? Infinity;
  const waits = judged.filter((j) => j.judgement.counted).map((j) => waitOf(claim, j.observation));
  const count = waits.length;
  const censored = waits.filter((w) => w.censored).length;
  const reasons: string[] = [];
  if (count === 0) {
    return {
      status: 'unproven',
      reasons: ['no in-force observations in the window'],
      limitMs,
      count,
      meanMs: null,
      interval: null,
      censored,
    };
  }
  const mean = waits.reduce((sum, w) => sum + w.ms, 0) / count;
  const variance = count < 2 ? 0 : waits.reduce((sum, w) => sum + (w.ms - mean) ** 2, 0) / (count - 1);
  const margin = Z95 * Math.sqrt(variance / count);
  const interval = { lowerMs: Math.max(0, mean - margin), upperMs: mean + margin };
  const range = `average ${formatDuration(mean)} (95% interval ${formatDuration(interval.lowerMs)}-${formatDuration(interval.upperMs)})`;
  let status: VerdictStatus;
  if (interval.lowerMs > limitMs) {
    status = 'broken';
    reasons.push(`${range} is over the ${formatDuration(limitMs)} promised`);
  } else {
    status = 'unproven';
    if (verdict.coverage.missing.length > 0)
      reasons.push(`${verdict.coverage.missing.length} promised hours of the week were never probed`);
    if (count < claim.minSamples)
      reasons.push(`only ${count} in-force observations; at least ${claim.minSamples} are needed`);
    if (reasons.length === 0 && interval.upperMs <= limitMs) {
      status = 'kept';
      reasons.push(`${range} is within the ${formatDuration(limitMs)} promised`);
    } else if (reasons.length === 0) {
      reasons.push(`${range} still includes the ${formatDuration(limitMs)} limit; more observations are needed`);
    }
  }
  if (censored > 0) {
    reasons.push(
      `${censored} attempts got nothing before the probe gave up; each counts at the time it waited, a lower bound`,
    );
  }
  return { status, reasons, limitMs, count, meanMs: mean, interval, censored };
}
