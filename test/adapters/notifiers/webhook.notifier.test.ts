import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { createWebhookNotifier } from '../../../src/adapters/notifiers/webhook.notifier.ts';
import type { FakeWebhook } from './fakes/webhook.fake.ts';
import { startFakeWebhook } from './fakes/webhook.fake.ts';
import { FAST_RETRY, firing, receiver, resolved } from './fakes/notifications.ts';
import { recordingLogger } from './fakes/recording.logger.ts';

const SECRET = 's3cr3t-signing-key';
const fakes: FakeWebhook[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function hook(secret?: string): Promise<FakeWebhook> {
  const fake = await startFakeWebhook(secret);
  fakes.push(fake);
  return fake;
}

const notifier = (url: string, secret?: string, log = recordingLogger()) =>
  createWebhookNotifier(receiver('webhook', url, secret), { clock: systemClock, log, retry: FAST_RETRY });

describe('generic webhook notifier', () => {
  it('posts the documented JSON body, signed with the receiver secret', async () => {
    const fake = await hook(SECRET);
    await notifier(fake.hookUrl, SECRET).send(firing());
    await notifier(fake.hookUrl, SECRET).send(resolved());
    expect(fake.accepted.map((b) => [b.status, b.dedupKey, b.startedAt, b.endedAt])).toEqual([
      ['firing', 'kept:acme-support:chat-24-7:failing', '2026-03-01T03:00:00.000Z', null],
      ['resolved', 'kept:acme-support:chat-24-7:failing', '2026-03-01T03:00:00.000Z', '2026-03-01T03:15:00.000Z'],
    ]);
    expect(fake.requests[0]?.headers['x-kept-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('posts unsigned when the receiver has no secret', async () => {
    const fake = await hook();
    await notifier(fake.hookUrl).send(firing());
    expect(fake.accepted).toHaveLength(1);
    expect(fake.requests[0]?.headers['x-kept-signature']).toBeUndefined();
  });

  it('does not retry when the receiver refuses the signature, and never shows the secret', async () => {
    const fake = await hook(SECRET);
    const log = recordingLogger();
    const error = await notifier(fake.hookUrl, 'another-secret', log)
      .send(firing())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'fatal', code: 'notifier.rejected' });
    expect((error as Error).message).toContain('HTTP 401');
    expect(fake.requests).toHaveLength(1);
    expect(`${(error as Error).message} ${log.text()}`).not.toContain('another-secret');
  });

  it('never shows a token from the receiver URL or from a URL the receiver echoes in its error', async () => {
    const fake = await hook(SECRET);
    fake.plan({ status: 400, body: 'bad request to http://ops:hunter2@relay.example/x?api_key=echoed-key&team=7' });
    const log = recordingLogger();
    const url = `${fake.hookUrl}?token=url-token-123`;
    const error = await notifier(url, SECRET, log)
      .send(firing())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'fatal', code: 'notifier.rejected' });
    const text = `${(error as Error).message} ${log.text()}`;
    expect((error as Error).message).toContain('http://ops:<redacted>@relay.example/x?api_key=<redacted>&team=7');
    for (const secret of ['url-token-123', 'hunter2', 'echoed-key']) expect(text).not.toContain(secret);
  });

  it('retries a 503 and a dropped connection, then delivers once', async () => {
    const fake = await hook(SECRET);
    fake.plan({ status: 503 }, { status: 0, hangUp: true });
    await notifier(fake.hookUrl, SECRET).send(firing());
    expect(fake.requests).toHaveLength(3);
    expect(fake.accepted).toHaveLength(1);
  });

  it('reports a receiver that is not listening as transient after its tries', async () => {
    const fake = await hook();
    const url = fake.hookUrl;
    await fake.close();
    fakes.length = 0;
    const error = await notifier(url)
      .send(firing())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient', code: 'notifier.unavailable' });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});
