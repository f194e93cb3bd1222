import { afterEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import {
  startInboundEndpoint,
  type InboundEndpoint,
} from '../../../../src/adapters/channels/email/inbound-smtp.endpoint.ts';
import type { Arrival } from '../../../../src/adapters/channels/email/reply-source.ts';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { memoryLog, tempEmailState } from './support.ts';

// A peer sends a mail far larger than Kept keeps: the endpoint accepts it (a large reply is still a reply), keeps the
// first `maxBytes` in memory and in its store, and says how large it was so the cut is recorded as evidence.

describe('the inbound SMTP endpoint with a mail over its limit', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function endpoint(maxBytes: number): Promise<InboundEndpoint> {
    const state = tempEmailState();
    cleanups.push(() => state.cleanup());
    const running = await startInboundEndpoint({
      clock: systemClock,
      log: memoryLog(),
      store: state.store,
      domains: ['customers.test'],
      maxBytes,
    });
    cleanups.push(() => running.stop());
    return running;
  }

  async function send(to: InboundEndpoint, text: string): Promise<void> {
    const transport = nodemailer.createTransport({ host: to.host, port: to.port, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({ from: 'desk@support.test', to: 'probe@customers.test', subject: 'Re: help', text });
    } finally {
      transport.close();
    }
  }

  it('accepts a 2 MB reply, keeps its first 64 KiB, and reports the cut', async () => {
    const inbound = await endpoint(64 * 1024);
    const source = inbound.source();
    const arrived = new Promise<Arrival>((resolve) => source.listen(resolve));
    await send(inbound, `Hello, Priya here. ${'long quoted history '.repeat(100_000)}`);
    const arrival = await arrived;

    expect(arrival.raw.length).toBe(64 * 1024);
    expect(arrival.cut?.limit).toBe(64 * 1024);
    expect(arrival.cut?.seen).toBeGreaterThan(2_000_000);
    expect(arrival.message.subject).toBe('Re: help');
    expect(arrival.message.text.startsWith('Hello, Priya here.')).toBe(true);
    await source.close();
  });

  it('keeps a mail within the limit whole, with no cut', async () => {
    const inbound = await endpoint(64 * 1024);
    const source = inbound.source();
    const arrived = new Promise<Arrival>((resolve) => source.listen(resolve));
    await send(inbound, 'Thanks, we will reply within 4 hours.');
    const arrival = await arrived;

    expect(arrival.cut).toBeUndefined();
    expect(arrival.message.text.trim()).toBe('Thanks, we will reply within 4 hours.');
    await source.close();
  });
});
