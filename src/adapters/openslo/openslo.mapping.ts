import type { Catalogue } from '../../domain/catalogue.ts';
import { describePromise, type Claim } from '../../domain/claim.ts';
import { formatDuration } from '../../domain/duration.ts';
import { validationError } from '../../domain/errors.ts';
import { BURN_ALERTS, errorBudget } from '../alerting/rules/burn-rate.ts';
import { BROKEN_WINDOW_MS } from '../alerting/rules/claim.rules.ts';
import { promNumber, selector } from '../alerting/rules/promql.ts';
import { METRIC } from '../metrics/metric-names.ts';
import { durationShorthand, holidaysText, hoursText, labelValue, objectName, suffixedName } from './openslo-text.ts';
import type {
  AlertNotificationTargetDocument,
  AlertPolicyDocument,
  MetricSource,
  OpenSloDocument,
  ServiceDocument,
  SliDocument,
  SloDocument,
} from './openslo.types.ts';

/**
 * OpenSLO's objective target lies in [0, 1): it cannot say "every attempt". Absolute claims are written with this
 * target and the annotation `kept.dev/target: absolute ...`; Kept itself breaks them on one failed attempt.
 */
export const ABSOLUTE_TARGET = 0.9999;

/** OpenSLO's shortest `alertAfter` (the shorthand has no `0m`); Kept's own rules fire without waiting. */
const ALERT_AFTER = '1m';

/** OpenSLO caps descriptions at 1050 characters. */
const DESCRIPTION_MAX = 1050;

export interface OpenSloOptions {
  /** The Prometheus job that scrapes Kept, as for `kept rules`. */
  readonly job: string;
}

const apiVersion = 'openslo/v1';
const k = (name: string): string => `kept.dev/${name}`;

function description(text: string): string {
  return text.length <= DESCRIPTION_MAX ? text : `${text.slice(0, DESCRIPTION_MAX - 1)}…`;
}

function prometheus(query: string): MetricSource {
  return { type: 'Prometheus', spec: { query } };
}

/** A claim is absolute for OpenSLO when it allows no failed attempt: `absolute`, or a share of 100%. */
function allowsNoFailure(claim: Claim): boolean {
  return errorBudget(claim.target) === null;
}

function targetOf(claim: Claim): number {
  return claim.target.kind === 'share' && !allowsNoFailure(claim) ? claim.target.share : ABSOLUTE_TARGET;
}

function targetText(claim: Claim): string {
  if (!allowsNoFailure(claim) && claim.target.kind === 'share') return `${promNumber(claim.target.share * 100)}%`;
  return (
    `absolute: Kept breaks the claim on one failed in-force attempt; OpenSLO targets must be below 1, ` +
    `so the objective says ${ABSOLUTE_TARGET}`
  );
}

/** The SLI of a claim: good = attempts that met the promise, total = attempts Kept counted (met or failed). */
export function claimSli(claim: Claim, options: OpenSloOptions): SliDocument {
  const attempts = (result: string): string =>
    `sum(${selector(METRIC.claimAttempts, { job: options.job, claim: claim.id, result })})`;
  return {
    apiVersion,
    kind: 'SLI',
    metadata: {
      name: suffixedName(claim.id, 'attempts'),
      displayName: `Attempts that met: ${describePromise(claim.promise, formatDuration)}`,
      annotations: {
        [k('claim')]: claim.id,
        [k('counted')]:
          'Kept counts met and failed only for attempts made while the claim is in force (its hours, time zone ' +
          'and holidays); inconclusive attempts (our side failed) and out-of-hours attempts are in neither count',
      },
    },
    spec: {
      description: description(`Share of in-force attempts on ${claim.channels.join(', ')} that met the promise`),
      ratioMetric: {
        counter: true,
        good: { metricSource: prometheus(attempts('met')) },
        total: { metricSource: prometheus(attempts('=~met|failed')) },
      },
    },
  };
}

/** The receivers that Kept's routes send a claim's breaches to, in route order, each once. */
export function receiversFor(catalogue: Catalogue, claim: Claim): string[] {
  const names = catalogue.routes
    .filter((route) => route.owner === claim.owner || route.owner === '*')
    .flatMap((route) => route.receivers);
  return [...new Set(names)];
}

interface PolicySpec {
  readonly suffix: string;
  readonly severity: string;
  readonly threshold: number;
  readonly lookbackMs: number;
  readonly text: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Kept's alerts for a claim (see `kept rules`) as burn-rate conditions, one per OpenSLO AlertPolicy. */
function policySpecs(claim: Claim): PolicySpec[] {
  if (allowsNoFailure(claim)) {
    return [
      {
        suffix: 'broken',
        severity: 'page',
        threshold: 1,
        lookbackMs: BROKEN_WINDOW_MS,
        text: `KeptClaimBroken: any failed in-force attempt in ${durationShorthand(BROKEN_WINDOW_MS).text} pages`,
        annotations: { [k('alert')]: 'KeptClaimBroken' },
      },
    ];
  }
  return BURN_ALERTS.flatMap((alert) =>
    alert.pairs.map((pair) => ({
      suffix: `burn-${durationShorthand(pair.longMs).text}`,
      severity: alert.severity,
      threshold: pair.factor,
      lookbackMs: pair.longMs,
      text: `${alert.alert}: burn rate ${promNumber(pair.factor)}x over ${durationShorthand(pair.longMs).text}`,
      annotations: {
        [k('alert')]: alert.alert,
        [k('short-window')]:
          `${durationShorthand(pair.shortMs).text}: Kept also needs the same burn rate over this window ` +
          `and at least 5 counted attempts over the long one`,
      },
    })),
  );
}

function alertPolicy(claim: Claim, spec: PolicySpec, receivers: readonly string[]): AlertPolicyDocument {
  const name = suffixedName(claim.id, spec.suffix);
  return {
    apiVersion,
    kind: 'AlertPolicy',
    metadata: {
      name,
      annotations: {
        [k('claim')]: claim.id,
        ...spec.annotations,
        [k('alert-after')]: `0m in Kept; ${ALERT_AFTER} is OpenSLO's shortest`,
      },
    },
    spec: {
      description: description(`${spec.text} (claim ${claim.id}, owner ${claim.owner})`),
      // Kept alerts on a claim that goes unprobed (KeptClaimUnprobed) and notifies when a breach resolves.
      alertWhenNoData: true,
      alertWhenResolved: true,
      alertWhenBreaching: true,
      conditions: [
        {
          kind: 'AlertCondition',
          metadata: { name },
          spec: {
            severity: spec.severity,
            condition: {
              kind: 'burnrate',
              threshold: spec.threshold,
              lookbackWindow: durationShorthand(spec.lookbackMs).text,
              alertAfter: ALERT_AFTER,
            },
          },
        },
      ],
      notificationTargets: receivers.map((receiver) => ({ targetRef: objectName(receiver) })),
    },
  };
}

function sloAnnotations(catalogue: Catalogue, claim: Claim, receivers: readonly string[]): Record<string, string> {
  const window = durationShorthand(catalogue.evaluation.windowMs);
  const holidays = holidaysText(claim.hours);
  const annotations: Record<string, string> = {
    [k('claim')]: claim.id,
    [k('copy')]: claim.copy,
    [k('published-at')]: claim.publishedAt.join(' | '),
    [k('promise')]: `${describePromise(claim.promise, formatDuration)} on ${claim.channels.join(', ')}`,
    [k('hours')]: hoursText(claim.hours),
    [k('target')]: targetText(claim),
    [k('min-samples')]: `${claim.minSamples}: with fewer counted attempts in the window Kept's verdict is unproven`,
    [k('coverage')]:
      `every in-force hour of the week must be probed within ` +
      `${formatDuration(catalogue.evaluation.coveragePeriodMs)}, or Kept's verdict is unproven`,
  };
  if (holidays !== undefined) annotations[k('holidays')] = holidays;
  if (!window.exact)
    annotations[k('window')] = `${formatDuration(catalogue.evaluation.windowMs)}, rounded up to ${window.text}`;
  if (receivers.length === 0) {
    annotations[k('alerting')] =
      `no route for owner ${claim.owner}: no AlertPolicy; kept rules still writes its alerts`;
  }
  return annotations;
}

/** The SLO of a claim, over the catalogue's evaluation window (rolling), referring to its SLI and alert policies. */
export function claimSlo(catalogue: Catalogue, claim: Claim, options: OpenSloOptions): OpenSloDocument[] {
  const receivers = receiversFor(catalogue, claim);
  const policies = receivers.length === 0 ? [] : policySpecs(claim).map((spec) => alertPolicy(claim, spec, receivers));
  const sli = claimSli(claim, options);
  const owner = labelValue(claim.owner);
  const slo: SloDocument = {
    apiVersion,
    kind: 'SLO',
    metadata: {
      name: objectName(claim.id),
      displayName: claim.copy,
      labels: { ...(owner === undefined ? {} : { owner }), channel: [...claim.channels] },
      annotations: sloAnnotations(catalogue, claim, receivers),
    },
    spec: {
      description: description(
        `"${claim.copy}": ${describePromise(claim.promise, formatDuration)}, ${hoursText(claim.hours)}`,
      ),
      service: objectName(catalogue.service.name),
      indicatorRef: sli.metadata.name,
      timeWindow: [{ duration: durationShorthand(catalogue.evaluation.windowMs).text, isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ displayName: describePromise(claim.promise, formatDuration), target: targetOf(claim) }],
      ...(policies.length === 0 ? {} : { alertPolicies: policies.map((p) => ({ alertPolicyRef: p.metadata.name })) }),
    },
  };
  return [sli, ...policies, slo];
}

/**
 * Every claim of a catalogue as OpenSLO documents: the Service, a notification target per receiver a claim's route
 * uses, then per claim its SLI, alert policies and SLO. Derived claims (an auto-reply's own promise) are made while
 * Kept runs and are not in the catalogue, so they are not exported.
 */
export function catalogueToOpenSlo(catalogue: Catalogue, options: OpenSloOptions): OpenSloDocument[] {
  const service: ServiceDocument = {
    apiVersion,
    kind: 'Service',
    metadata: { name: objectName(catalogue.service.name), displayName: catalogue.service.name },
    spec: { description: description(`Customer-service claims of ${catalogue.service.name}, as Kept judges them`) },
  };
  const used = new Set(catalogue.claims.flatMap((claim) => receiversFor(catalogue, claim)));
  const targets: AlertNotificationTargetDocument[] = catalogue.receivers
    .filter((receiver) => used.has(receiver.name))
    .map((receiver) => ({
      apiVersion,
      kind: 'AlertNotificationTarget',
      metadata: {
        name: objectName(receiver.name),
        displayName: receiver.name,
        annotations: { [k('receiver')]: receiver.name },
      },
      spec: { target: receiver.kind, description: description(`Kept's ${receiver.kind} receiver ${receiver.name}`) },
    }));
  return unique([service, ...targets, ...catalogue.claims.flatMap((claim) => claimSlo(catalogue, claim, options))]);
}

/**
 * Refuses two objects of one kind with one name: OpenSLO names are RFC 1123 labels, so ids that differ only in what
 * a label cannot hold (a trailing `-`, case, characters past the 63rd) would otherwise overwrite each other.
 */
function unique(documents: OpenSloDocument[]): OpenSloDocument[] {
  const seen = new Set<string>();
  for (const doc of documents) {
    const key = `${doc.kind} ${doc.metadata.name}`;
    if (seen.has(key)) {
      throw validationError(
        'openslo.name-clash',
        `two OpenSLO ${doc.kind} objects would both be named "${doc.metadata.name}"; rename a claim or receiver so ` +
          `their names differ within 63 lowercase letters, digits and dashes`,
      );
    }
    seen.add(key);
  }
  return documents;
}
