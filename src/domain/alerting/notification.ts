import type { Claim } from '../claim.ts';
import type { AlertPolicy, AlertTransition } from './alert-state.ts';
import { ALERT_DEFINITIONS, type AlertName, type Severity } from './claim-alerts.ts';

/** What a notifier sends: one alert of one claim starting, still going, or over. Times are epoch ms. */
export interface Notification {
  readonly status: 'firing' | 'resolved';
  /** A re-notification of an incident already sent (receivers that deduplicate treat it as a keep-alive). */
  readonly repeat: boolean;
  /** Stable for one alert of one claim across fire, repeats and resolve: `kept:<service>:<claim>:<alert>`. */
  readonly dedupKey: string;
  readonly alert: AlertName;
  /** Prometheus-style alert name, e.g. KeptPromiseFailing. */
  readonly alertname: string;
  readonly service: string;
  readonly claim: { readonly id: string; readonly copy: string; readonly owner: string };
  readonly severity: Severity;
  /** One line for titles and pages. */
  readonly summary: string;
  /** The latest reason in a plain sentence. */
  readonly reason: string;
  readonly startedAt: number;
  /** When delivery recovered; set when resolved. */
  readonly endedAt: number | null;
  /** While firing: until when the alert stands without another send (Alertmanager's endsAt). */
  readonly validUntil: number | null;
  readonly sentAt: number;
  /** Where a person sees the evidence: the claim's page in Kept's API. */
  readonly evidenceUrl: string;
}

export interface NotificationContext {
  readonly service: string;
  readonly claim: Pick<Claim, 'id' | 'copy' | 'owner'>;
  readonly alert: AlertName;
  readonly evidenceUrl: string;
  readonly policy: AlertPolicy;
}

/** The dedup key of one alert of one claim: the same for its whole life, and the next incident's too. */
export function dedupKey(service: string, claimId: string, alert: AlertName): string {
  const slug = service.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  return `kept:${slug}:${claimId}:${alert}`.slice(0, 255);
}

/** Before the next scheduled re-notification, with a grace of one more interval, the alert stands. */
const validityMs = (policy: AlertPolicy): number => 2 * policy.renotifyMs;

function summaryOf(context: NotificationContext, transition: AlertTransition): string {
  const id = context.claim.id;
  if (transition.kind === 'resolve') {
    return context.alert === 'failing'
      ? `${id}: the promise is being met again (${transition.reason})`
      : `${id}: the verdict is no longer broken (${transition.reason})`;
  }
  if (context.alert === 'failing') {
    const n = transition.badStreak;
    return `${id}: ${n} in-force ${n === 1 ? 'attempt' : 'attempts in a row'} failed: ${transition.reason}`;
  }
  return `${id}: broken over the evaluation window: ${transition.reason}`;
}

/** Turns a state-machine transition into what the notifiers send. */
export function toNotification(context: NotificationContext, transition: AlertTransition, now: number): Notification {
  const definition = ALERT_DEFINITIONS[context.alert];
  const resolved = transition.kind === 'resolve';
  return {
    status: resolved ? 'resolved' : 'firing',
    repeat: transition.kind === 'renotify',
    dedupKey: dedupKey(context.service, context.claim.id, context.alert),
    alert: context.alert,
    alertname: definition.alertname,
    service: context.service,
    claim: { id: context.claim.id, copy: context.claim.copy, owner: context.claim.owner },
    severity: definition.severity,
    summary: summaryOf(context, transition),
    reason: transition.reason,
    startedAt: transition.startedAt,
    endedAt: resolved ? transition.endedAt : null,
    validUntil: resolved ? null : now + validityMs(context.policy),
    sentAt: now,
    evidenceUrl: context.evidenceUrl,
  };
}
