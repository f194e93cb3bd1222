import type { Notification } from '../../../../src/domain/alerting/notification.ts';
import { Secret } from '../../../../src/domain/secret.ts';
import type { Receiver, ReceiverKind } from '../../../../src/domain/catalogue.ts';

const T0 = Date.parse('2026-03-01T03:00:00Z');

/** A firing `failing` notification of a 24/7 chat claim; override any field. */
export function firing(fields: Partial<Notification> = {}): Notification {
  return {
    status: 'firing',
    repeat: false,
    dedupKey: 'kept:acme-support:chat-24-7:failing',
    alert: 'failing',
    alertname: 'KeptPromiseFailing',
    service: 'Acme Support',
    claim: { id: 'chat-24-7', copy: '24/7 live chat with a real person', owner: 'support-ops' },
    severity: 'critical',
    summary: 'chat-24-7: 1 in-force attempt failed: outcome unanswered',
    reason: 'outcome unanswered',
    startedAt: T0,
    endedAt: null,
    validUntil: T0 + 2 * 3_600_000,
    sentAt: T0,
    evidenceUrl: 'http://127.0.0.1:8080/api/claims/chat-24-7',
    ...fields,
  };
}

export function resolved(fields: Partial<Notification> = {}): Notification {
  return firing({
    status: 'resolved',
    summary: 'chat-24-7: the promise is being met again (human in 40000 ms)',
    reason: 'human in 40000 ms',
    endedAt: T0 + 15 * 60_000,
    validUntil: null,
    sentAt: T0 + 16 * 60_000,
    ...fields,
  });
}

export function receiver(kind: ReceiverKind, url: string, secret?: string, name = `${kind}-oncall`): Receiver {
  return secret === undefined ? { name, kind, url } : { name, kind, url, secret: new Secret(secret) };
}

/** Fast retries for tests: three tries, tens of milliseconds apart. */
export const FAST_RETRY = { attempts: 3, baseDelayMs: 20, maxDelayMs: 80, timeoutMs: 2_000 } as const;
