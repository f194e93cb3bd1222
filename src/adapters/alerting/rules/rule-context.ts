import type { Catalogue, ProbeSpec } from '../../../domain/catalogue.ts';
import type { Claim } from '../../../domain/claim.ts';
import { maxCronGapMs } from './cron-gap.ts';
import { roundUpMs } from './promql.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** What every rule builder needs besides the claim or probe at hand. */
export interface RuleContext {
  readonly catalogue: Catalogue;
  /** The Prometheus job that scrapes Kept; every selector matches it. */
  readonly job: string;
  /** Base of the runbook links; each alert links to `<base>#<alertname lowercased>`. */
  readonly runbookBaseUrl: string;
  /** `owner` label of the watchdog alerts, which concern Kept itself rather than one claim. */
  readonly watchdogOwner: string;
}

export function runbookUrl(context: RuleContext, alert: string): string {
  return `${context.runbookBaseUrl.replace(/[#/]+$/, '')}#${alert.toLowerCase()}`;
}

/** The probes whose observations are judged against a claim. */
export function probesVerifying(catalogue: Catalogue, claimId: string): ProbeSpec[] {
  return catalogue.probes.filter((probe) => probe.verifies.includes(claimId));
}

/** The longest a probe can go between the starts of two healthy runs: the schedule's longest gap plus jitter. */
function longestHealthyGapMs(probe: ProbeSpec): number {
  return maxCronGapMs(probe.schedule.cron) + probe.schedule.jitterMs;
}

/**
 * How long without a started run before a probe counts as silent: two scheduled runs missed (twice the longest
 * gap, jitter included) plus one timeout, rounded up to whole minutes.
 */
export function probeSilenceMs(probe: ProbeSpec): number {
  return roundUpMs(2 * longestHealthyGapMs(probe) + probe.schedule.timeoutMs, MINUTE);
}

/**
 * The window in which an in-force claim must see at least one conclusive attempt: an hour (coverage is counted by
 * hour of the week), or longer when even the most frequent of its probes runs less often, rounded up to 15 minutes.
 */
export function unprobedWindowMs(catalogue: Catalogue, claim: Claim): number {
  const needed = probesVerifying(catalogue, claim.id).map((probe) =>
    roundUpMs(longestHealthyGapMs(probe) + probe.schedule.timeoutMs, 15 * MINUTE),
  );
  return Math.max(HOUR, needed.length === 0 ? HOUR : Math.min(...needed));
}
