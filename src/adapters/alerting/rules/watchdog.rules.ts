import type { ProbeSpec } from '../../../domain/catalogue.ts';
import { METRIC } from '../../metrics/metric-names.ts';
import { promDuration, selector, type AlertingRule, type RuleGroup } from './promql.ts';
import { probeSilenceMs, runbookUrl, type RuleContext } from './rule-context.ts';

/** How long Kept may be missing from Prometheus before `KeptDown` pages. */
export const DOWN_FOR_MS = 5 * 60_000;

/** Watchdog alerts concern every claim, so they carry `claim="*"` and route to the watchdog owner. */
export const EVERY_CLAIM = '*';

function copies(context: RuleContext, claimIds: readonly string[]): string {
  return context.catalogue.claims
    .filter((claim) => claimIds.includes(claim.id))
    .map((claim) => `"${claim.copy}"`)
    .join('; ');
}

function watchdogRule(
  context: RuleContext,
  rule: {
    alert: string;
    expr: string;
    for?: string;
    extraLabels?: Record<string, string>;
    summary: string;
    description: string;
    claimIds: readonly string[];
  },
): AlertingRule {
  return {
    alert: rule.alert,
    expr: rule.expr,
    ...(rule.for === undefined ? {} : { for: rule.for }),
    labels: { severity: 'page', claim: EVERY_CLAIM, owner: context.watchdogOwner, ...rule.extraLabels },
    annotations: {
      summary: rule.summary,
      description: rule.description,
      claims: rule.claimIds.join(', '),
      copy: copies(context, rule.claimIds),
      runbook_url: runbookUrl(context, rule.alert),
    },
  };
}

function downRule(context: RuleContext): AlertingRule {
  const forText = promDuration(DOWN_FOR_MS);
  return watchdogRule(context, {
    alert: 'KeptDown',
    expr: `absent(${selector(METRIC.buildInfo, { job: context.job })})`,
    for: forText,
    summary: `Kept is silent: Prometheus has had no ${METRIC.buildInfo} from job ${context.job} for ${forText}`,
    description:
      `Kept is down, not scraped (up == 0 leaves its series stale) or missing from the scrape configuration. ` +
      `No claim is being checked and no claim alert can fire until it is back.`,
    claimIds: context.catalogue.claims.map((claim) => claim.id),
  });
}

function probeSilentRule(context: RuleContext, probe: ProbeSpec): AlertingRule {
  const silence = probeSilenceMs(probe);
  const range = promDuration(silence);
  const lastRun = selector(METRIC.probeLastRun, { job: context.job, probe: probe.id });
  return watchdogRule(context, {
    alert: 'KeptProbeSilent',
    expr:
      `time() - max by (job, probe) (${lastRun}) > ${silence / 1_000}\n` + `or\nabsent_over_time(${lastRun}[${range}])`,
    extraLabels: { probe: probe.id },
    summary: `Probe ${probe.id} has not started a run for ${range}`,
    description:
      `Probe ${probe.id} runs on "${probe.schedule.cron}" (${probe.schedule.timeZone}); ${range} without a run means at least two ` +
      `scheduled runs were missed. The claims it verifies are going unprobed: their hours will count as coverage gaps.`,
    claimIds: probe.verifies,
  });
}

/** How long the store may fail to write before `KeptStoreFailing` pages (a busy lock passes in seconds). */
export const STORE_FAILING_FOR_MS = 2 * 60_000;

function storeFailingRule(context: RuleContext): AlertingRule {
  const forText = promDuration(STORE_FAILING_FOR_MS);
  return watchdogRule(context, {
    alert: 'KeptStoreFailing',
    expr: `min by (job, instance) (${selector(METRIC.storeHealthy, { job: context.job })}) == 0`,
    for: forText,
    summary: `Kept cannot store observations: its store has refused writes for ${forText}`,
    description:
      `The disk under Kept's data directory is full or cannot be written (the reason is on /readyz and in the log). ` +
      `Kept keeps measuring and holds observations in memory (${METRIC.storeHeld}); past the bound the oldest are ` +
      `dropped (${METRIC.storeDropped}) and recorded as coverage gaps. Free space or fix the mount.`,
    claimIds: context.catalogue.claims.map((claim) => claim.id),
  });
}

/**
 * The watchdog group: Kept itself going silent pages, and so does a store that cannot write (`KeptStoreFailing`). `KeptDown` fires when Prometheus has no `kept_build_info` for
 * the job (down, unscrapable or unconfigured); `KeptProbeSilent` fires per probe when no run started for twice its
 * schedule's longest gap plus a timeout, including when the probe never ran at all.
 */
export function watchdogGroup(context: RuleContext): RuleGroup {
  return {
    name: 'kept-watchdog',
    rules: [
      downRule(context),
      storeFailingRule(context),
      ...context.catalogue.probes.map((probe) => probeSilentRule(context, probe)),
    ],
  };
}
