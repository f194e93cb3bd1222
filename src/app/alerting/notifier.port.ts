import type { Receiver } from '../../domain/catalogue.ts';
import { KeptError, type ErrorKind } from '../../domain/errors.ts';
import type { Notification } from '../../domain/alerting/notification.ts';

/**
 * Sends notifications to one receiver. `send` resolves once the receiver accepted the notification; it retries
 * network errors, 5xx and 429 itself for a short while, then rejects with a `DeliveryError`:
 * - transient (down, rate-limited, timed out): the delivery queue keeps it and tries again later;
 * - fatal (the receiver refused it: 4xx, e.g. a wrong routing key): retrying cannot help.
 * Errors and logs name the receiver and its URL's origin only, never secrets or URL paths (Slack's carry a token).
 */
export interface Notifier {
  readonly receiver: string;
  send(notification: Notification, signal?: AbortSignal): Promise<void>;
}

/** Builds the notifier for a receiver; throws a validation KeptError for a receiver it cannot serve. */
export type NotifierFactory = (receiver: Receiver) => Notifier;

/** A failed delivery. `retryAfterMs` is the receiver's own Retry-After, when it gave one. */
export class DeliveryError extends KeptError {
  readonly retryAfterMs: number | null;

  constructor(
    kind: Exclude<ErrorKind, 'validation'>,
    code: string,
    message: string,
    retryAfterMs: number | null = null,
  ) {
    super(kind, code, message);
    this.name = 'DeliveryError';
    this.retryAfterMs = retryAfterMs;
  }
}
