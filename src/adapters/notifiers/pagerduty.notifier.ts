import type { Notifier } from '../../app/alerting/notifier.port.ts';
import type { Notification } from '../../domain/alerting/notification.ts';
import type { Receiver } from '../../domain/catalogue.ts';
import { validationError } from '../../domain/errors.ts';
import { createHttpDelivery, type HttpDeliveryDeps } from './http-delivery.ts';

/** PagerDuty's Events API v2 endpoint; put it in the receiver's `url`. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * An Events API v2 event: `trigger` (first fire and repeats; PagerDuty folds repeats into the open alert by dedup_key)
 * or `resolve`, which needs only the routing key and dedup key.
 */
export function pagerDutyEvent(n: Notification, routingKey: string) {
  if (n.status === 'resolved')
    return { routing_key: routingKey, event_action: 'resolve' as const, dedup_key: n.dedupKey };
  return {
    routing_key: routingKey,
    event_action: 'trigger' as const,
    dedup_key: n.dedupKey,
    payload: {
      summary: clip(n.summary, 1024),
      source: n.service,
      severity: n.severity,
      timestamp: new Date(n.sentAt).toISOString(),
      component: n.claim.id,
      group: n.claim.owner,
      class: n.alertname,
      custom_details: {
        copy: n.claim.copy,
        reason: n.reason,
        started_at: new Date(n.startedAt).toISOString(),
        repeat: n.repeat,
      },
    },
    links: [{ href: n.evidenceUrl, text: 'Evidence in Kept' }],
    client: 'Kept',
    client_url: n.evidenceUrl,
  };
}

/** PagerDuty Events API v2. The receiver's secret is the integration's routing key and is required. */
export function createPagerDutyNotifier(receiver: Receiver, deps: HttpDeliveryDeps): Notifier {
  const routingKey = receiver.secret;
  if (routingKey === undefined) {
    throw validationError(
      'notifier.pagerduty.routing-key',
      `receiver "${receiver.name}" (pagerduty) has no secret: set it to the Events API v2 routing key, e.g. secret: \${PAGERDUTY_ROUTING_KEY}`,
    );
  }
  const http = createHttpDelivery(receiver, deps);
  return {
    receiver: receiver.name,
    async send(notification, signal) {
      const response = await http.postJson(
        receiver.url,
        JSON.stringify(pagerDutyEvent(notification, routingKey.reveal())),
        {},
        signal,
      );
      let answer: { status?: unknown; dedup_key?: unknown } = {};
      try {
        answer = JSON.parse(response.body) as typeof answer;
      } catch {
        // A 2xx without a JSON body still means accepted.
      }
      if (answer.dedup_key !== undefined && answer.dedup_key !== notification.dedupKey) {
        deps.log.warn('PagerDuty answered with another dedup key', {
          receiver: receiver.name,
          sent: notification.dedupKey,
          got: String(answer.dedup_key),
        });
      }
    },
  };
}
