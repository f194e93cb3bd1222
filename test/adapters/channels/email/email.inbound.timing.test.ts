import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { createEmailChannel, type EmailChannel } from '../../../../src/adapters/channels/email/email.channel.ts';
import {
  startInboundEndpoint,
  type InboundEndpoint,
} from '../../../../src/adapters/channels/email/inbound-smtp.endpoint.ts';
import { parseMail } from '../../../../src/adapters/mail/mail-parse.ts';
import {
  mailServersMissing,
  startMailServers,
  SUPPORT,
  VACATION_SIEVE,
  type MailServers,
} from '../../../support/mail-servers.ts';
import { context, emailProbe, eventually, memoryLog, tempEmailState, truths } from './support.ts';

const missing = mailServersMissing();
if (missing) console.warn(`skipping the inbound endpoint tests against OpenSMTPD: ${missing}`);

const PERSONA = 'sam@inbound.test';
const HUMAN_DELAY_MS = 1_200;

describe.skipIf(missing !== undefined)(
  "the email probe reading replies at Kept's inbound SMTP endpoint, relayed by OpenSMTPD",
  () => {
    let servers: MailServers;
    let endpoint: InboundEndpoint;
    let gone: SMTPServer;
    let state: ReturnType<typeof tempEmailState>;
    let channel: EmailChannel;
    const log = memoryLog();

    beforeAll(async () => {
      state = tempEmailState();
      endpoint = await startInboundEndpoint({ clock: systemClock, log, store: state.store, domains: ['inbound.test'] });
      // A remote MX that knows no one: OpenSMTPD takes the mail, is refused there, and bounces it to the persona.
      gone = new SMTPServer({
        authOptional: true,
        hideSTARTTLS: true,
        logger: false,
        onRcptTo: (_address, _session, callback) =>
          callback(Object.assign(new Error('5.1.1 no such mailbox here'), { responseCode: 550 })),
      });
      const gonePort = await new Promise<number>((resolve) =>
        gone.listen(0, '127.0.0.1', () => resolve((gone.server.address() as { port: number }).port)),
      );
      servers = await startMailServers({
        supportSieve: VACATION_SIEVE,
        relays: [
          { domain: 'inbound.test', port: endpoint.port },
          { domain: 'gone.test', port: gonePort },
        ],
      });
      channel = createEmailChannel({ log, store: state.store, evidenceDir: state.evidenceDir, inbound: endpoint });
    });

    afterAll(async () => {
      await channel?.close();
      await servers?.stop();
      await endpoint?.stop();
      await new Promise<void>((resolve) => (gone === undefined ? resolve() : gone.close(() => resolve())));
      state?.cleanup();
    });

    const options = (): Record<string, unknown> => ({
      smtp: { host: '127.0.0.1', port: servers.smtpd.port, security: 'none' },
      persona: { name: 'Sam Taylor', address: PERSONA },
      plusAddressing: true,
      receive: { via: 'inbound' },
    });

    it('detects and times the vacation auto-reply and the human reply within 1 s of when OpenSMTPD delivered them to the endpoint', async () => {
      const from = servers.smtpd.lines.length;
      const before = servers.dovecot.inboxFiles('support').length;
      const agent = (async () => {
        const file = await eventually(
          () => servers.dovecot.inboxFiles('support')[before],
          10_000,
          'the probe mail at support',
        );
        const mail = await parseMail(readFileSync(file));
        await new Promise((resolve) => setTimeout(resolve, HUMAN_DELAY_MS));
        // A helpdesk that starts a new thread: no In-Reply-To, only the plus-address ties the reply to its run.
        await servers.sendAs({
          from: SUPPORT,
          to: mail.from?.address as string,
          subject: 'Your refund',
          text: 'Hello Sam,\n\nThe refund is done.\n\nTom',
        });
      })();
      const [observation] = await Promise.all([
        channel.run(emailProbe(options()), context('inbound-1', systemClock, log)),
        agent,
      ]);
      const truth = await truths(servers, /sam\+[a-z0-9]+@inbound\.test/, from);
      expect(observation.outcome, observation.reason).toBe('answered');
      const auto = observation.timings.autoReplyMs as number;
      const human = observation.timings.humanMs as number;
      console.info(
        `inbound endpoint: auto-reply error ${(auto - truth.autoDelivered).toFixed(1)} ms, human reply error ${(human - truth.humanDelivered).toFixed(1)} ms`,
      );
      // The truth is when this process read OpenSMTPD's delivery line, the probe's when its endpoint took the reply:
      // two readings, each up to LOADED_SLACK_MS (200 ms, test/support/timing.ts) late under load; 1 s holds with room.
      expect(Math.abs(auto - truth.autoDelivered)).toBeLessThan(1_000);
      expect(Math.abs(human - truth.humanDelivered)).toBeLessThan(1_000);
      expect(auto).toBeGreaterThanOrEqual(truth.autoAccepted - 5);
      expect(human).toBeGreaterThanOrEqual(truth.humanAccepted - 5);
      const replies = (observation.evidence.details as { replies: { label: string; correlation: string }[] }).replies;
      expect(replies.map((r) => [r.label, r.correlation])).toEqual([
        ['auto-reply', 'thread'],
        ['human', 'address'],
      ]);
      expect(state.store.inboundSince(0).length).toBeGreaterThanOrEqual(2);
    }, 30_000);

    it('reports a recipient the MTA refuses at RCPT as rejected, without waiting', async () => {
      const probe = emailProbe(options(), { target: 'nobody@unknown.test' });
      const observation = await channel.run(probe, context('inbound-refused', systemClock, log));
      expect(observation.outcome).toBe('rejected');
      expect(observation.reason).toMatch(/refused: 550/);
    }, 30_000);

    it("reports the MTA's bounce (a DSN back to the persona) as rejected, with the remote status", async () => {
      const probe = emailProbe(options(), { target: 'nobody@gone.test' });
      const observation = await channel.run(probe, context('inbound-bounce', systemClock, log));
      expect(observation.outcome, observation.reason).toBe('rejected');
      expect(observation.reason).toMatch(/bounced/);
      const replies = (observation.evidence.details as { replies: { label: string; correlation: string }[] }).replies;
      expect(replies.map((r) => r.label)).toEqual(['bounce']);
      expect(observation.humanReached).toBe(false);
    }, 30_000);

    it('refuses mail for other domains at RCPT, so the endpoint is not an open relay', async () => {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: endpoint.port,
        secure: false,
        ignoreTLS: true,
      });
      await expect(
        transport.sendMail({ from: 'x@y.test', to: 'someone@elsewhere.test', subject: 's', text: 't' }),
      ).rejects.toThrow(/550/);
      transport.close();
    });
  },
);
