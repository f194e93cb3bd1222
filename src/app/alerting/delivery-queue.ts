import { backoffDelay, type BackoffPolicy } from '../../domain/alerting/backoff.ts';
import type { Notification } from '../../domain/alerting/notification.ts';
import { KeptError } from '../../domain/errors.ts';
import type { Clock, Logger } from '../ports.ts';
import { DeliveryError, type Notifier } from './notifier.port.ts';

/** A notification the receiver refused (4xx): kept here and logged as an error, since retrying cannot help. */
export interface FailedDelivery {
  readonly notification: Notification;
  readonly code: string;
  readonly message: string;
  readonly at: number;
}

export interface DeliveryStatus {
  readonly receiver: string;
  /** Waiting to be delivered, the one being tried included. */
  readonly queued: number;
  /** Failed tries of the notification at the head of the queue. */
  readonly attempts: number;
  readonly lastError: string | null;
  readonly failed: readonly FailedDelivery[];
}

export interface DeliveryQueue {
  enqueue(notification: Notification): void;
  /** Resolves when nothing is queued (or the queue was stopped). */
  idle(): Promise<void>;
  status(): DeliveryStatus;
  /** Stops retrying; resolves with what was never delivered (also logged as an error). */
  stop(): Promise<readonly Notification[]>;
}

export interface DeliveryQueueDeps {
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly log: Logger;
  /** Between tries of the same notification once the notifier itself gave up; grows without end up to `maxMs`. */
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
}

const FAILED_KEPT = 100;

/**
 * One receiver's queue, in memory, delivered in order by a single worker. A transient failure keeps the notification
 * at the head and retries it with back-off for as long as it takes, logging each failure; nothing is dropped silently.
 * A newer notification of the same alert and status replaces a queued one that has not been sent yet (only the
 * latest keep-alive matters), so an outage does not pile up repeats; a fire is never merged into a resolve.
 */
export function createDeliveryQueue(deps: DeliveryQueueDeps): DeliveryQueue {
  const { notifier, clock, log } = deps;
  const items: Notification[] = [];
  const failed: FailedDelivery[] = [];
  const controller = new AbortController();
  let worker: Promise<void> | null = null;
  let inFlight = false;
  let attempts = 0;
  let lastError: string | null = null;
  let waiters: (() => void)[] = [];

  const fields = (n: Notification) => ({ receiver: notifier.receiver, dedupKey: n.dedupKey, status: n.status });

  function settle(): void {
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  }

  async function deliverHead(head: Notification): Promise<void> {
    inFlight = true;
    try {
      await notifier.send(head, controller.signal);
    } finally {
      inFlight = false;
    }
    if (attempts > 0) log.info('notification delivered after retries', { ...fields(head), failedTries: attempts });
    items.shift();
    attempts = 0;
    lastError = null;
  }

  async function onFailure(head: Notification, error: unknown): Promise<void> {
    const code = error instanceof KeptError ? error.code : 'notifier.bug';
    const message = error instanceof Error ? error.message : String(error);
    lastError = message;
    if (error instanceof KeptError && error.kind === 'fatal') {
      log.error('the receiver refused a notification; it is not retried', { ...fields(head), code, error: message });
      failed.push({ notification: head, code, message, at: clock.now() });
      if (failed.length > FAILED_KEPT) failed.shift();
      items.shift();
      attempts = 0;
      return;
    }
    attempts += 1;
    const retryAfter = error instanceof DeliveryError ? (error.retryAfterMs ?? 0) : 0;
    const delay = Math.max(backoffDelay(attempts, deps.backoff, deps.random), retryAfter);
    const level = error instanceof KeptError ? 'warn' : 'error';
    log[level]('notification not delivered; retrying later', {
      ...fields(head),
      code,
      error: message,
      attempts,
      retryInMs: delay,
    });
    await clock.sleep(delay, controller.signal);
  }

  async function drain(): Promise<void> {
    while (items.length > 0 && !controller.signal.aborted) {
      const head = items[0] as Notification;
      try {
        await deliverHead(head);
      } catch (error) {
        if (controller.signal.aborted) return;
        try {
          await onFailure(head, error);
        } catch {
          return; // the back-off sleep was aborted by stop()
        }
      }
    }
  }

  function kick(): void {
    if (worker !== null || controller.signal.aborted) return;
    worker = drain().finally(() => {
      worker = null;
      if (items.length > 0 && !controller.signal.aborted) kick();
      else settle();
    });
  }

  return {
    enqueue(notification) {
      if (controller.signal.aborted) {
        log.error('notification after shutdown; not delivered', fields(notification));
        return;
      }
      const first = inFlight ? 1 : 0;
      let last = -1;
      for (let i = items.length - 1; i >= 0; i--) {
        if ((items[i] as Notification).dedupKey === notification.dedupKey) {
          last = i;
          break;
        }
      }
      const queued = last >= first ? (items[last] as Notification) : undefined;
      if (queued !== undefined && queued.status === notification.status) {
        items[last] = { ...notification, repeat: queued.repeat && notification.repeat };
      } else {
        items.push(notification);
      }
      kick();
    },
    idle() {
      if (worker === null && (items.length === 0 || controller.signal.aborted)) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    status: () => ({ receiver: notifier.receiver, queued: items.length, attempts, lastError, failed: [...failed] }),
    async stop() {
      controller.abort();
      await worker;
      settle();
      const left = [...items];
      if (left.length > 0) {
        log.error('stopping with undelivered notifications', {
          receiver: notifier.receiver,
          undelivered: left.map((n) => `${n.dedupKey} ${n.status}`),
        });
      }
      return left;
    },
  };
}
