import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryQueue, type DeliveryQueue } from '../../../src/app/alerting/delivery-queue.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { createWebhookNotifier } from '../../../src/adapters/notifiers/webhook.notifier.ts';
import type { Notification } from '../../../src/domain/alerting/notification.ts';
import type { PlannedAnswer } from '../../adapters/notifiers/fakes/fake-http.ts';
import { FAST_RETRY, firing, receiver, resolved } from '../../adapters/notifiers/fakes/notifications.ts';
import { recordingLogger } from '../../adapters/notifiers/fakes/recording.logger.ts';
import { startFakeWebhook, type FakeWebhook } from '../../adapters/notifiers/fakes/webhook.fake.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

const down = (n: number): PlannedAnswer[] => Array.from({ length: n }, () => ({ status: 503 }));

async function setUp(retry: Partial<typeof FAST_RETRY & { maxRetryAfterMs: number }> = {}) {
  const hook = await startFakeWebhook();
  const log = recordingLogger();
  const notifier = createWebhookNotifier(receiver('webhook', hook.hookUrl, undefined, 'team'), {
    clock: systemClock,
    log,
    retry: { ...FAST_RETRY, ...retry },
  });
  const queue: DeliveryQueue = createDeliveryQueue({
    notifier,
    clock: systemClock,
    log,
    backoff: { baseMs: 30, maxMs: 120 },
    random: Math.random,
  });
  cleanup.push(
    () => queue.stop(),
    () => hook.close(),
  );
  return { hook, log, queue };
}

const statuses = (hook: FakeWebhook) => hook.accepted.map((b) => `${b.status}${b.repeat ? ' (repeat)' : ''}`);

describe('delivery queue', () => {
  it("keeps retrying a receiver that is down longer than the notifier's own tries, then delivers in order", async () => {
    const { hook, log, queue } = await setUp();
    hook.plan(...down(7));
    queue.enqueue(firing());
    queue.enqueue(resolved());
    await queue.idle();
    expect(statuses(hook)).toEqual(['firing', 'resolved']);
    expect(log.entries.filter((e) => e.message === 'notification not delivered; retrying later')).toHaveLength(2);
    expect(log.entries).toContainEqual(
      expect.objectContaining({ level: 'info', message: 'notification delivered after retries' }),
    );
    expect(queue.status()).toMatchObject({ queued: 0, attempts: 0, lastError: null });
  });

  it('collapses queued repeats of one alert into the latest during an outage', async () => {
    const { hook, queue } = await setUp();
    hook.plan(...down(9));
    queue.enqueue(firing());
    for (let i = 1; i <= 5; i++) queue.enqueue(firing({ repeat: true, sentAt: firing().sentAt + i * 60_000 }));
    await queue.idle();
    expect(hook.accepted.length).toBeLessThanOrEqual(2);
    expect(hook.accepted[0]?.repeat).toBe(false);
    expect(hook.accepted.at(-1)?.sentAt).toBe(new Date(firing().sentAt + 5 * 60_000).toISOString());
  });

  it('never merges a fire into a resolve: fire, resolve and the next incident all arrive, in order', async () => {
    const { hook, queue } = await setUp();
    hook.plan(...down(4));
    queue.enqueue(firing());
    queue.enqueue(resolved());
    queue.enqueue(firing({ startedAt: firing().startedAt + 3_600_000 }));
    await queue.idle();
    expect(statuses(hook)).toEqual(['firing', 'resolved', 'firing']);
  });

  it('logs a refused notification as an error, keeps it among the failed, and moves on', async () => {
    const { hook, log, queue } = await setUp();
    hook.plan({ status: 400, body: { error: 'unknown claim' } });
    queue.enqueue(firing());
    queue.enqueue(resolved());
    await queue.idle();
    expect(statuses(hook)).toEqual(['resolved']);
    expect(queue.status().failed).toEqual([
      expect.objectContaining({ code: 'notifier.rejected', notification: firing() }),
    ]);
    expect(log.entries).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'the receiver refused a notification; it is not retried' }),
    );
  });

  it('waits out a long Retry-After the notifier handed back', async () => {
    const { hook, queue } = await setUp({ maxRetryAfterMs: 100 });
    hook.plan({ status: 429, headers: { 'retry-after': '1' } });
    queue.enqueue(firing());
    await queue.idle();
    const [first, second] = hook.requests;
    expect(hook.requests).toHaveLength(2);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('reports what it could not deliver when stopped during an outage', async () => {
    const { hook, log, queue } = await setUp();
    hook.plan(...down(1_000));
    queue.enqueue(firing());
    await new Promise((resolve) => setTimeout(resolve, 200));
    const left: readonly Notification[] = await queue.stop();
    expect(left).toEqual([firing()]);
    expect(log.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'stopping with undelivered notifications',
        fields: expect.objectContaining({ receiver: 'team' }),
      }),
    );
  });
});
