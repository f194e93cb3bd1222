import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';
import { openChannels, type ChannelDeps } from '../../src/cli/channel-registry.ts';
import type { ProbeSpec } from '../../src/domain/catalogue.ts';
import { chatProbe } from '../support/domain-fixtures.ts';
import { emailProbe as emailProbeOf, memoryLog } from '../adapters/channels/email/support.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function deps(email?: ChannelDeps['email']): ChannelDeps {
  const dataDir = mkdtempSync(join(tmpdir(), 'kept-channels-'));
  dirs.push(dataDir);
  return {
    log: memoryLog(),
    clock: systemClock,
    dataDir,
    evidenceDir: join(dataDir, 'evidence'),
    ...(email === undefined ? {} : { email }),
  };
}

const inboundProbe: ProbeSpec = emailProbeOf({
  smtp: { host: '127.0.0.1', port: 2525, security: 'none' },
  persona: { name: 'Sam Taylor', address: 'sam@customers.test' },
  receive: { via: 'inbound' },
});

async function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('the channels of a catalogue', () => {
  it('without email probes, opens no email store and no port', async () => {
    const d = deps({ inbound: { domains: ['customers.test'], port: 0 } });
    const channels = await openChannels(d, [chatProbe]);
    expect(channels.email).toBeUndefined();
    expect(existsSync(join(d.dataDir, 'email-pending.db'))).toBe(false);
    expect(channels.waitsLong(chatProbe)).toBe(false);
    expect(() => channels.channelFor(inboundProbe)).toThrow(/starts with the catalogue/);
    await channels.closeAll();
  });

  it('with an email probe, starts the email store and the inbound endpoint on the port asked for, and closes them', async () => {
    const d = deps({ inbound: { domains: ['customers.test'], host: '127.0.0.1', port: 0 } });
    const channels = await openChannels(d, [chatProbe, inboundProbe]);
    const port = channels.email?.inbound?.port as number;
    expect(port).toBeGreaterThan(0);
    expect(existsSync(join(d.dataDir, 'email-pending.db'))).toBe(true);
    expect(channels.waitsLong(inboundProbe)).toBe(true);
    const channel = channels.channelFor(inboundProbe);
    expect(channel.kind).toBe('email');
    expect(
      channel.isSuspended?.({
        id: 'x',
        probeId: 'support-mailbox',
        kind: 'email',
        startedAt: 0,
        outcome: 'inconclusive',
        timings: { totalMs: 1 },
        humanReached: false,
        evidence: { details: { suspended: true } },
      }),
    ).toBe(true);
    expect(await refused(port)).toBe(false);
    await channels.closeAll();
    expect(await refused(port)).toBe(true);
  });

  it.each([
    [
      'no inbound endpoint is configured',
      undefined,
      /probe "support-mailbox" reads replies at Kept's inbound SMTP endpoint, but none is configured \(kept run --email-inbound-domain customers\.test\)/,
    ],
    [
      'the endpoint does not take the persona’s domain',
      { inbound: { domains: ['other.test'] } },
      /replies go to sam@customers\.test, but the inbound SMTP endpoint accepts mail only for other\.test/,
    ],
  ])('refuses to start an email probe that reads replies at the endpoint when %s', async (_name, email, message) => {
    const d = deps(email);
    await expect(openChannels(d, [inboundProbe])).rejects.toMatchObject({
      kind: 'validation',
      code: 'email.inbound',
      message: expect.stringMatching(message),
    });
    expect(existsSync(join(d.dataDir, 'email-pending.db'))).toBe(false);
  });
});
