import type { Claim } from '../claim.ts';
import type { Verdict } from '../evaluation/verdict.ts';
import type { Judgement } from '../judgement.ts';
import { checkAlertPolicy, type AlertInput, type AlertPolicy } from './alert-state.ts';

/**
 * The two alerts Kept raises per claim, each with its own state machine and dedup key:
 * - `failing`: in-force attempts are failing now (fed by each judgement); pages. An absolute claim fires on the first
 *   in-force failure; a share claim after `fireAfter` failures in a row.
 * - `broken`: the claim's verdict over the evaluation window is `broken` (fed by each verdict refresh); a ticket.
 */
export type AlertName = 'failing' | 'broken';

export const ALERT_NAMES: readonly AlertName[] = ['failing', 'broken'];

/** PagerDuty's four severities; the other receivers show them as they are. */
export type Severity = 'critical' | 'error' | 'warning' | 'info';

export interface AlertDefinition {
  readonly name: AlertName;
  /** Prometheus-style alert name, shared by every claim (the claim is a label). */
  readonly alertname: string;
  readonly severity: Severity;
  readonly title: string;
}

export const ALERT_DEFINITIONS: Readonly<Record<AlertName, AlertDefinition>> = {
  failing: { name: 'failing', alertname: 'KeptPromiseFailing', severity: 'critical', title: 'Promise failing now' },
  broken: {
    name: 'broken',
    alertname: 'KeptPromiseBroken',
    severity: 'warning',
    title: 'Promise broken over the window',
  },
};

/** Thresholds per alert. For `failing`, absolute claims ignore `fireAfter` and fire on the first failure. */
export type AlertingSettings = Readonly<Record<AlertName, AlertPolicy>>;

export const DEFAULT_ALERTING_SETTINGS: AlertingSettings = {
  failing: { fireAfter: 3, resolveAfter: 2, renotifyMs: 3_600_000 },
  broken: { fireAfter: 2, resolveAfter: 3, renotifyMs: 4 * 3_600_000 },
};

/** Fills unset fields from the defaults and checks every policy. */
export function alertingSettings(overrides: Partial<Record<AlertName, Partial<AlertPolicy>>> = {}): AlertingSettings {
  return {
    failing: checkAlertPolicy({ ...DEFAULT_ALERTING_SETTINGS.failing, ...overrides.failing }),
    broken: checkAlertPolicy({ ...DEFAULT_ALERTING_SETTINGS.broken, ...overrides.broken }),
  };
}

/** The policy one alert of one claim runs under. Absolute words are absolute: "24/7" fails on its first failure. */
export function policyFor(claim: Claim, alert: AlertName, settings: AlertingSettings): AlertPolicy {
  const base = settings[alert];
  if (claim.target.kind === 'absolute') return { ...base, fireAfter: 1 };
  return base;
}

/**
 * What one judged attempt says about `failing`. Only counted attempts (in force and conclusive) move the state: an
 * inconclusive attempt is our failure, not theirs, and out of hours nothing was promised.
 */
export function attemptInput(judgement: Judgement): AlertInput {
  if (!judgement.inForce) return { signal: 'neutral', reason: 'outside the hours in force' };
  if (!judgement.counted) return { signal: 'neutral', reason: judgement.reason };
  return judgement.met ? { signal: 'good', reason: judgement.reason } : { signal: 'bad', reason: judgement.reason };
}

/** What one verdict says about `broken`. `unproven` is silence, not evidence either way. */
export function verdictInput(verdict: Verdict): AlertInput {
  const reason = verdict.reasons[0] ?? verdict.status;
  switch (verdict.status) {
    case 'broken':
      return { signal: 'bad', reason };
    case 'kept':
      return { signal: 'good', reason };
    case 'unproven':
      return { signal: 'neutral', reason };
  }
}
