import { describePromise, type Claim } from '../../../domain/claim.ts';
import { formatDuration } from '../../../domain/duration.ts';
import { METRIC } from '../../metrics/metric-names.ts';
import {
  BURN_ALERTS,
  budgetLastsMs,
  burnThreshold,
  errorBudget,
  errorRatioWindowsMs,
  type BurnAlertSpec,
  type Severity,
} from './burn-rate.ts';
import { promDuration, promNumber, selector, type AlertingRule, type RecordingRule, type RuleGroup } from './promql.ts';
import { runbookUrl, unprobedWindowMs, type RuleContext } from './rule-context.ts';

/** How long one failed attempt of an absolute claim keeps `KeptClaimBroken` firing. */
export const BROKEN_WINDOW_MS = 30 * 60_000;

/**
 * Fewest conclusive attempts in a long window before a burn-rate alert may fire. Probes are sparse: without it the
 * first failed attempt after a closed weekend is a 100% error ratio over every window, and pages.
 */
export const MIN_BURN_ATTEMPTS = 5;

/** The recording rule holding a claim's error ratio (failed / (met + failed)) over a window. */
export function errorRatioRecord(windowMs: number): string {
  return `kept:claim_error_ratio:rate${promDuration(windowMs)}`;
}

function hoursText(claim: Claim): string {
  return claim.hours.kind === 'always' ? '24/7' : `in its weekly hours (${claim.hours.timeZone})`;
}

function promiseText(claim: Claim): string {
  return `${describePromise(claim.promise, formatDuration)} on ${claim.channels.join(', ')}, ${hoursText(claim)}`;
}

function alertRule(
  context: RuleContext,
  claim: Claim,
  rule: { alert: string; severity: Severity; expr: string; summary: string; description: string },
): AlertingRule {
  return {
    alert: rule.alert,
    expr: rule.expr,
    labels: { severity: rule.severity, claim: claim.id, owner: claim.owner },
    annotations: {
      summary: rule.summary,
      description: rule.description,
      copy: claim.copy,
      runbook_url: runbookUrl(context, rule.alert),
    },
  };
}

function errorRatioRules(context: RuleContext, claim: Claim): RecordingRule[] {
  const attempts = (result: string): string =>
    selector(METRIC.claimAttempts, { job: context.job, claim: claim.id, result });
  return errorRatioWindowsMs().map((windowMs) => {
    const range = promDuration(windowMs);
    return {
      record: errorRatioRecord(windowMs),
      expr:
        `sum by (claim) (rate(${attempts('failed')}[${range}]))\n` +
        `/\n` +
        `sum by (claim) (rate(${attempts('=~met|failed')}[${range}]))`,
      labels: { claim: claim.id },
    };
  });
}

function burnRule(context: RuleContext, claim: Claim, spec: BurnAlertSpec, budget: number): AlertingRule {
  const ratio = (windowMs: number): string => selector(errorRatioRecord(windowMs), { claim: claim.id });
  const conclusive = selector(METRIC.claimAttempts, { job: context.job, claim: claim.id, result: '=~met|failed' });
  const expr = spec.pairs
    .map((p) => {
      const threshold = burnThreshold(p.factor, budget);
      return (
        `(\n  ${ratio(p.longMs)} ${threshold}\n  and ${ratio(p.shortMs)} ${threshold}\n` +
        `  and on (claim) sum by (claim) (increase(${conclusive}[${promDuration(p.longMs)}])) >= ${MIN_BURN_ATTEMPTS}\n)`
      );
    })
    .join('\nor\n');
  const conditions = spec.pairs
    .map((p) => `${promNumber(p.factor)}x over ${promDuration(p.longMs)} and ${promDuration(p.shortMs)}`)
    .join(', or ');
  const slowest = Math.min(...spec.pairs.map((p) => p.factor));
  const lasts = formatDuration(budgetLastsMs(slowest, context.catalogue.evaluation.windowMs));
  const window = formatDuration(context.catalogue.evaluation.windowMs);
  const pace = spec.severity === 'page' ? 'fast' : 'steadily';
  return alertRule(context, claim, {
    alert: spec.alert,
    severity: spec.severity,
    expr,
    summary: `Claim ${claim.id} is failing ${pace}: its error budget of ${promNumber(budget * 100)}% of in-force attempts is burning at ${promNumber(slowest)}x or more`,
    description:
      `The claim promises ${promiseText(claim)}, for ${promNumber((1 - budget) * 100)}% of attempts. ` +
      `In-force attempts are failing at ${conditions} the budgeted rate; at ${promNumber(slowest)}x the ${window} verdict window's budget lasts ${lasts}.`,
  });
}

function brokenRule(context: RuleContext, claim: Claim): AlertingRule {
  const range = promDuration(BROKEN_WINDOW_MS);
  const failed = selector(METRIC.claimAttempts, { job: context.job, claim: claim.id, result: 'failed' });
  const inForce = selector(METRIC.claimInForce, { job: context.job, claim: claim.id });
  return alertRule(context, claim, {
    alert: 'KeptClaimBroken',
    severity: 'page',
    expr: `sum by (claim) (increase(${failed}[${range}])) > 0\nand on (claim)\n${inForce} == 1`,
    summary: `Claim ${claim.id} is broken: an attempt failed while the claim was in force`,
    description:
      `The claim promises ${promiseText(claim)}, for every attempt. ` +
      `At least one in-force attempt failed in the last ${range}, and one failure breaks an absolute claim.`,
  });
}

function unprobedRule(context: RuleContext, claim: Claim): AlertingRule {
  const windowMs = unprobedWindowMs(context.catalogue, claim);
  const range = promDuration(windowMs);
  const conclusive = selector(METRIC.claimAttempts, { job: context.job, claim: claim.id, result: '=~met|failed' });
  const inForce = selector(METRIC.claimInForce, { job: context.job, claim: claim.id });
  return alertRule(context, claim, {
    alert: 'KeptClaimUnprobed',
    severity: 'ticket',
    expr:
      `sum by (claim) (increase(${conclusive}[${range}])) == 0\n` +
      `and on (claim)\nmin_over_time(${inForce}[${range}]) == 1\n` +
      `and on (claim)\n${inForce} offset ${range} == 1`,
    summary: `Claim ${claim.id} went unprobed: in force for ${range} without one conclusive attempt`,
    description:
      `The claim promises ${promiseText(claim)}. It has been in force for the last ${range} and no attempt met or failed ` +
      `(none ran, or all were inconclusive), so these promised hours are a gap in the evidence and the verdict stays unproven.`,
  });
}

/** How long the two witnesses must disagree before `KeptClaimWitnessDiscrepancy` fires (verdicts refresh often). */
export const DISCREPANCY_FOR = '30m';

/** Whether a collector reads the platform's figures for this claim (a second witness). */
const collectedFor = (context: RuleContext, claim: Claim): boolean =>
  (context.catalogue.collectors ?? []).some((collector) => collector.verifies.includes(claim.id));

function discrepancyRule(context: RuleContext, claim: Claim): AlertingRule {
  const discrepancy = selector(METRIC.witnessDiscrepancy, { job: context.job, claim: claim.id });
  const { alert, expr, labels, annotations } = alertRule(context, claim, {
    alert: 'KeptClaimWitnessDiscrepancy',
    severity: 'ticket',
    expr: `${discrepancy} == 1`,
    summary: `Claim ${claim.id}: the platform's figures and Kept's probes disagree`,
    description:
      `The claim promises ${promiseText(claim)}. For ${DISCREPANCY_FOR} the platform's figures for its real ` +
      `customers and Kept's probe attempts have disagreed beyond their 95% intervals over the verdict window: the ` +
      `platform's clock likely misses part of the customer's wait (an IVR, a bot); the claim's page names it.`,
  });
  return { alert, expr, for: DISCREPANCY_FOR, labels, annotations };
}

/**
 * The rule group of one claim. Share claims get error-ratio recording rules and the two burn-rate alerts; claims
 * that allow no failure get `KeptClaimBroken` instead; every claim gets the coverage-gap alert `KeptClaimUnprobed`, and
 * a claim a collector verifies `KeptClaimWitnessDiscrepancy` (the platform's and the probes' figures disagree).
 * Failures are counted by Kept only while the claim is in force (its hours, zone, daylight saving and holidays), so
 * no rule needs PromQL's UTC `hour()`.
 */
export function claimGroup(context: RuleContext, claim: Claim): RuleGroup {
  const budget = errorBudget(claim.target);
  const rules =
    budget === null
      ? [brokenRule(context, claim)]
      : [...errorRatioRules(context, claim), ...BURN_ALERTS.map((spec) => burnRule(context, claim, spec, budget))];
  const witnesses = collectedFor(context, claim) ? [discrepancyRule(context, claim)] : [];
  return { name: `kept-claim-${claim.id}`, rules: [...rules, unprobedRule(context, claim), ...witnesses] };
}
