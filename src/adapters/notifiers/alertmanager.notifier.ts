import type { Notifier } from '../../app/alerting/notifier.port.ts';
import type { Notification } from '../../domain/alerting/notification.ts';
import type { Receiver } from '../../domain/catalogue.ts';
import { createHttpDelivery, type HttpDeliveryDeps } from './http-delivery.ts';

/** The receiver URL is Alertmanager's base URL (http://host:9093, behind a path prefix if any) or the full endpoint. */
export function alertmanagerEndpoint(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/api/v2/alerts') ? trimmed : `${trimmed}/api/v2/alerts`;
}

/**
 * One postable alert of Alertmanager's API v2. Its identity is the label set, so the labels hold only what is stable
 * for the alert's life (alertname, claim, owner, service, severity); the summary and reason go in annotations.
 * Firing: endsAt is `validUntil`, so the alert stands until the next re-send is overdue; resolved: endsAt is when
 * delivery recovered, and Alertmanager sends its resolve notifications.
 */
export function postableAlert(n: Notification) {
  const endsAt = n.status === 'resolved' ? (n.endedAt ?? n.sentAt) : (n.validUntil ?? n.sentAt);
  return {
    labels: {
      alertname: n.alertname,
      claim: n.claim.id,
      owner: n.claim.owner,
      service: n.service,
      severity: n.severity,
      kept_alert: n.alert,
    },
    annotations: {
      summary: n.summary,
      description: n.reason,
      copy: n.claim.copy,
      evidence: n.evidenceUrl,
      dedup_key: n.dedupKey,
    },
    startsAt: new Date(n.startedAt).toISOString(),
    endsAt: new Date(Math.max(endsAt, n.startedAt)).toISOString(),
    generatorURL: n.evidenceUrl,
  };
}

/** Alertmanager API v2: POST /api/v2/alerts with one alert; a secret, if set, is sent as a bearer token. */
export function createAlertmanagerNotifier(receiver: Receiver, deps: HttpDeliveryDeps): Notifier {
  const http = createHttpDelivery(receiver, deps);
  const endpoint = alertmanagerEndpoint(receiver.url);
  return {
    receiver: receiver.name,
    async send(notification, signal) {
      const headers: Record<string, string> = {};
      if (receiver.secret !== undefined) headers.authorization = `Bearer ${receiver.secret.reveal()}`;
      await http.postJson(endpoint, JSON.stringify([postableAlert(notification)]), headers, signal);
    },
  };
}
