import { catalogueLocations, probeLocations } from '../../../domain/catalogue.ts';
import { METRIC } from '../../metrics/metric-names.ts';
import { promDuration, selector, type AlertingRule, type RuleGroup } from './promql.ts';
import { runbookUrl, type RuleContext } from './rule-context.ts';
import { EVERY_CLAIM } from './watchdog.rules.ts';

/** How long a location with probes may have no live worker before `KeptFleetNoWorker` pages. */
export const NO_WORKER_FOR_MS = 5 * 60_000;
/** Seconds the oldest waiting run of a location may wait before `KeptFleetQueueLag` opens a ticket... */
export const QUEUE_LAG_S = 60;
/** ...when it has waited that long for this long (a burst of planned runs drains in seconds). */
export const QUEUE_LAG_FOR_MS = 5 * 60_000;
/** How long the service may fail to read the fleet queue before `KeptFleetQueueDown` pages. */
export const QUEUE_DOWN_FOR_MS = 2 * 60_000;

function fleetRule(
  context: RuleContext,
  rule: Omit<AlertingRule, 'labels' | 'annotations'> & {
    severity: 'page' | 'ticket';
    location?: string;
    summary: string;
    description: string;
    claimIds: readonly string[];
  },
): AlertingRule {
  const copy = context.catalogue.claims
    .filter((claim) => rule.claimIds.includes(claim.id))
    .map((claim) => `"${claim.copy}"`)
    .join('; ');
  return {
    alert: rule.alert,
    expr: rule.expr,
    ...(rule.for === undefined ? {} : { for: rule.for }),
    labels: {
      severity: rule.severity,
      claim: EVERY_CLAIM,
      owner: context.watchdogOwner,
      ...(rule.location === undefined ? {} : { location: rule.location }),
    },
    annotations: {
      summary: rule.summary,
      description: rule.description,
      claims: rule.claimIds.join(', '),
      copy,
      runbook_url: runbookUrl(context, rule.alert),
    },
  };
}

/** The claims verified by probes that run from the location. */
function claimsFrom(context: RuleContext, location: string): string[] {
  const probes = context.catalogue.probes.filter((p) => probeLocations(p).includes(location));
  return [...new Set(probes.flatMap((p) => p.verifies))];
}

function noWorkerRule(context: RuleContext, location: string): AlertingRule {
  const forText = promDuration(NO_WORKER_FOR_MS);
  const lastSeen = selector(METRIC.fleetWorkerLastSeen, { job: context.job, location });
  return fleetRule(context, {
    alert: 'KeptFleetNoWorker',
    // The value is when the location last had a live worker, so the summary can say since when.
    expr: `max by (job, location) (${lastSeen}) < time() - ${NO_WORKER_FOR_MS / 1_000}`,
    severity: 'page',
    location,
    summary: `No Kept worker in ${location} since {{ $value | humanizeTimestamp }}`,
    description:
      `No live \`kept worker --location ${location}\` has sent a heartbeat for over ${forText}: the runs planned ` +
      `there wait in the queue and nothing measures the claims from ${location}. Start a worker there ` +
      `(\`kept fleet status\` shows the workers and queues).`,
    claimIds: claimsFrom(context, location),
  });
}

function queueLagRule(context: RuleContext): AlertingRule {
  const forText = promDuration(QUEUE_LAG_FOR_MS);
  return fleetRule(context, {
    alert: 'KeptFleetQueueLag',
    expr: `max by (job, location) (${selector(METRIC.fleetJobLag, { job: context.job })}) > ${QUEUE_LAG_S}`,
    for: forText,
    severity: 'ticket',
    summary: 'Probe runs wait {{ $value | humanizeDuration }} in the {{ $labels.location }} queue',
    description:
      `The oldest waiting run in the location's queue has waited over ${QUEUE_LAG_S} s for ${forText}: its workers ` +
      `are too few or too busy (attempts in flight at capacity), so runs start late. Add workers or --concurrency.`,
    claimIds: context.catalogue.claims.map((claim) => claim.id),
  });
}

function queueDownRule(context: RuleContext): AlertingRule {
  const forText = promDuration(QUEUE_DOWN_FOR_MS);
  return fleetRule(context, {
    alert: 'KeptFleetQueueDown',
    expr: `min by (job, instance) (${selector(METRIC.fleetQueueUp, { job: context.job })}) == 0`,
    for: forText,
    severity: 'page',
    summary: `Kept cannot read its fleet queue in Redis for ${forText}`,
    description:
      `The service role cannot reach Redis (down, unreachable, or refusing its password): no planned run reaches a ` +
      `worker and no result reaches the service. Workers keep finished results on their disk until Redis is back.`,
    claimIds: context.catalogue.claims.map((claim) => claim.id),
  });
}

/**
 * The probe fleet's group (`kept rules --fleet`, docs/architecture/fleet.md): a location with probes and no live
 * worker pages ("No Kept worker in uk since …"), one per location; runs waiting long in a queue open a ticket; a
 * service that cannot read Redis pages.
 */
export function fleetGroup(context: RuleContext): RuleGroup {
  return {
    name: 'kept-fleet',
    rules: [
      ...catalogueLocations(context.catalogue.probes).map((location) => noWorkerRule(context, location)),
      queueLagRule(context),
      queueDownRule(context),
    ],
  };
}
