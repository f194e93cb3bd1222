import { createHmac } from 'node:crypto';
import type { Notifier } from '../../app/alerting/notifier.port.ts';
import type { Notification } from '../../domain/alerting/notification.ts';
import type { Receiver } from '../../domain/catalogue.ts';
import type { Secret } from '../../domain/secret.ts';
import { createHttpDelivery, type HttpDeliveryDeps } from './http-delivery.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The JSON form of a notification (the generic webhook's body), versioned, with ISO 8601 times. */
export function notificationJson(n: Notification) {
  return {
    version: 'kept/v1',
    status: n.status,
    repeat: n.repeat,
    dedupKey: n.dedupKey,
    alert: n.alert,
    alertname: n.alertname,
    service: n.service,
    claim: { id: n.claim.id, copy: n.claim.copy, owner: n.claim.owner },
    severity: n.severity,
    summary: n.summary,
    reason: n.reason,
    startedAt: iso(n.startedAt),
    endedAt: iso(n.endedAt),
    validUntil: iso(n.validUntil),
    sentAt: iso(n.sentAt),
    evidenceUrl: n.evidenceUrl,
  };
}

export type NotificationJson = ReturnType<typeof notificationJson>;

export const SIGNATURE_HEADER = 'x-kept-signature';
export const TIMESTAMP_HEADER = 'x-kept-timestamp';

/**
 * `sha256=` + hex HMAC-SHA256 over `<timestamp>.<body>` with the receiver's secret; the timestamp (Unix seconds) is
 * sent in X-Kept-Timestamp so a receiver can reject replays.
 */
export function webhookSignature(secret: Secret, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret.reveal()).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Generic webhook: POST the notification's JSON form (notificationJson above) with X-Kept-Event (firing | resolved) and
 * X-Kept-Dedup-Key headers, signed when the receiver has a secret. Any 2xx is success.
 */
export function createWebhookNotifier(receiver: Receiver, deps: HttpDeliveryDeps): Notifier {
  const http = createHttpDelivery(receiver, deps);
  return {
    receiver: receiver.name,
    async send(notification, signal) {
      const body = JSON.stringify(notificationJson(notification));
      const timestamp = String(Math.floor(deps.clock.now() / 1_000));
      const headers: Record<string, string> = {
        'x-kept-event': notification.status,
        'x-kept-dedup-key': notification.dedupKey,
        [TIMESTAMP_HEADER]: timestamp,
      };
      if (receiver.secret !== undefined) headers[SIGNATURE_HEADER] = webhookSignature(receiver.secret, timestamp, body);
      await http.postJson(receiver.url, body, headers, signal);
    },
  };
}
