import type { Target } from '../../../domain/claim.ts';
import { promNumber } from './promql.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One multi-window condition: the error ratio exceeds `factor` x budget over both the long and the short window. */
export interface BurnWindowPair {
  readonly factor: number;
  readonly longMs: number;
  readonly shortMs: number;
}

export type Severity = 'page' | 'ticket';

export interface BurnAlertSpec {
  readonly alert: 'KeptClaimBurnRateFast' | 'KeptClaimBurnRateSlow';
  readonly severity: Severity;
  /** Any pair firing fires the alert (the pairs are OR-ed). */
  readonly pairs: readonly BurnWindowPair[];
}

/**
 * The Google SRE workbook's multi-window, multi-burn-rate set (chapter 5, "Alerting on SLOs", recommendation 6),
 * with the page short windows lengthened from 5m to 15m and 30m: Kept's probes run every few minutes, so a
 * 5-minute window holds one attempt or none, and an alert that needs it would blink on and off between attempts.
 * The short window is still at most a quarter of its long window, so a page resets soon after failures stop.
 */
export const BURN_ALERTS: readonly BurnAlertSpec[] = [
  {
    alert: 'KeptClaimBurnRateFast',
    severity: 'page',
    pairs: [
      { factor: 14.4, longMs: HOUR, shortMs: 15 * MINUTE },
      { factor: 6, longMs: 6 * HOUR, shortMs: 30 * MINUTE },
    ],
  },
  {
    alert: 'KeptClaimBurnRateSlow',
    severity: 'ticket',
    pairs: [
      { factor: 3, longMs: DAY, shortMs: 2 * HOUR },
      { factor: 1, longMs: 3 * DAY, shortMs: 6 * HOUR },
    ],
  },
];

/** Every window an error-ratio recording rule is needed for, shortest first. */
export function errorRatioWindowsMs(specs: readonly BurnAlertSpec[] = BURN_ALERTS): number[] {
  const windows = specs.flatMap((spec) => spec.pairs.flatMap((pair) => [pair.longMs, pair.shortMs]));
  return [...new Set(windows)].sort((a, b) => a - b);
}

/**
 * The error budget of a claim: the share of in-force attempts that may fail (1 - target). `null` for claims that
 * allow no failure at all (absolute claims, or a share of 100%): they page on the first failure instead.
 */
export function errorBudget(target: Target): number | null {
  if (target.kind === 'absolute') return null;
  const budget = Number((1 - target.share).toPrecision(12));
  return budget > 0 ? budget : null;
}

/**
 * The comparison an error ratio must pass for a burn-rate factor: `> (14.4 * 0.05)`. When factor x budget reaches 1
 * the burn rate is out of reach (the ratio cannot exceed 1), so the condition becomes "every attempt failed": `>= 1`.
 */
export function burnThreshold(factor: number, budget: number): string {
  if (factor * budget >= 1) return '>= 1';
  return `> (${promNumber(factor)} * ${promNumber(budget)})`;
}

/** How long the budget of a verdict window lasts at a burn rate: at 6x a 7-day budget lasts 28 hours. */
export function budgetLastsMs(factor: number, windowMs: number): number {
  return windowMs / factor;
}
