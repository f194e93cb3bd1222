import type { Notifier } from '../../app/alerting/notifier.port.ts';
import type { Notification } from '../../domain/alerting/notification.ts';
import type { Receiver } from '../../domain/catalogue.ts';
import { createHttpDelivery, type HttpDeliveryDeps } from './http-delivery.ts';

/** Slack mrkdwn needs &, < and > escaped; everything else is literal. */
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const when = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function headline(n: Notification): string {
  if (n.status === 'resolved') return `Resolved: ${n.claim.id}`;
  const title = n.alert === 'failing' ? 'Promise failing' : 'Promise broken';
  return `${n.repeat ? 'Still firing' : title}: ${n.claim.id}`;
}

/**
 * An incoming-webhook message: `text` is the notification fallback (and what screen readers get); `blocks` are a
 * header, the claim's copy with the reason, and a context line with owner, severity, times and the evidence link.
 */
export function slackMessage(n: Notification) {
  const icon =
    n.status === 'resolved'
      ? ':large_green_circle:'
      : n.severity === 'critical'
        ? ':red_circle:'
        : ':large_orange_circle:';
  const times =
    n.status === 'resolved' && n.endedAt !== null
      ? `${when(n.startedAt)} to ${when(n.endedAt)}`
      : `since ${when(n.startedAt)}`;
  return {
    text: clip(`${icon} [${n.status.toUpperCase()}] ${n.summary}`, 3_000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(headline(n), 150), emoji: true } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: clip(
            `*Claim:* ${escape(n.claim.copy)}\n*${n.status === 'resolved' ? 'Now' : 'Why'}:* ${escape(n.reason)}`,
            3_000,
          ),
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: clip(
              `${escape(n.service)} · owner ${escape(n.claim.owner)} · ${n.severity} · ${times} · <${n.evidenceUrl}|evidence>`,
              3_000,
            ),
          },
        ],
      },
    ],
  };
}

/**
 * Slack incoming webhook: POST {text, blocks} to the receiver URL, answered by `ok`. The URL itself is the credential,
 * so logs and errors show only its origin.
 */
export function createSlackNotifier(receiver: Receiver, deps: HttpDeliveryDeps): Notifier {
  const http = createHttpDelivery(receiver, deps);
  return {
    receiver: receiver.name,
    async send(notification, signal) {
      await http.postJson(receiver.url, JSON.stringify(slackMessage(notification)), {}, signal);
    },
  };
}
