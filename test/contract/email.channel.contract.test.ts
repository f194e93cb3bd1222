import { readFileSync } from 'node:fs';
import { describe } from 'vitest';
import { createEmailChannel } from '../../src/adapters/channels/email/email.channel.ts';
import { parseMail } from '../../src/adapters/mail/mail-parse.ts';
import { emailProbe, memoryLog, tempEmailState } from '../adapters/channels/email/support.ts';
import { mailServersMissing, PERSONA, startMailServers, SUPPORT, type MailServers } from '../support/mail-servers.ts';
import { describeChannelContract, type PeerBehaviour } from './channel.contract.ts';

const missing = mailServersMissing();
if (missing !== undefined && process.env.CI) throw new Error(`${missing}: integration tests must not be skipped in CI`);

const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

/**
 * The support desk behind real mail servers (dovecot + OpenSMTPD): an agent loop watches the support mailbox and, for
 * each probe mail, does what the current behaviour says.
 */
function supportAgent(servers: MailServers, behaviour: () => PeerBehaviour, onMail: () => void): { stop(): void } {
  let seen = servers.dovecot.inboxFiles('support').length;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const reply = async (file: string, text: string, from = `Priya at Support <${SUPPORT}>`): Promise<void> => {
    const mail = await parseMail(readFileSync(file));
    await servers.sendAs({
      from,
      to: PERSONA,
      subject: `Re: ${mail.subject}`,
      text,
      inReplyTo: mail.messageId as string,
    });
  };
  const handle = async (file: string, now: PeerBehaviour): Promise<void> => {
    switch (now) {
      case 'answers':
        await reply(file, 'Hi Sam,\n\nSorry about that! I have refunded the duplicate charge.\n\nBest,\nPriya');
        return;
      case 'huge-message':
        await reply(file, `Hi Sam,\n\nHere is everything we have on your account:\n${TEN_MB}\n\nPriya`);
        return;
      case 'never-ending-stream': {
        // A mail loop: an automatic acknowledgement every 200 ms, for ever.
        const timer = setInterval(() => {
          const headers = { 'Auto-Submitted': 'auto-replied' };
          void parseMail(readFileSync(file))
            .then((mail) =>
              servers.sendAs({
                from: `Support <${SUPPORT}>`,
                to: PERSONA,
                subject: `Re: ${mail.subject}`,
                text: 'We have received your message.',
                inReplyTo: mail.messageId as string,
                headers,
              }),
            )
            .catch(() => undefined);
        }, 200);
        timers.add(timer);
        return;
      }
      case 'dies':
        // The mail servers go away mid-attempt (the mailbox the probe reads is gone).
        await servers.stop();
        return;
      default:
        return; // silent
    }
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const files = servers.dovecot.inboxFiles('support');
      for (const file of files.slice(seen)) {
        onMail();
        void handle(file, behaviour()).catch(() => undefined);
      }
      seen = Math.max(seen, files.length);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  void loop();
  return {
    stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
    },
  };
}

describe.skipIf(missing !== undefined)('email against dovecot and OpenSMTPD', () => {
  describeChannelContract('the email channel', async () => {
    const state = tempEmailState();
    const servers = await startMailServers();
    // "dies" stops its mail servers for good: it gets servers of its own.
    const dying = await startMailServers();
    let behaviour: PeerBehaviour = 'silent';
    const waiting: (() => void)[] = [];
    const arrived = (): void => {
      for (const resolve of waiting.splice(0)) resolve();
    };
    const agents = [supportAgent(servers, () => behaviour, arrived), supportAgent(dying, () => 'dies', arrived)];
    const channel = createEmailChannel({ log: memoryLog(), store: state.store, evidenceDir: state.evidenceDir });
    const options = (of: MailServers) => ({
      smtp: { host: '127.0.0.1', port: of.smtpd.port, security: 'none' },
      persona: { name: 'Sam Taylor', address: PERSONA },
      topicWords: ['refund', 'charge'],
      receive: {
        via: 'imap',
        host: '127.0.0.1',
        port: of.dovecot.imapPort,
        security: 'none',
        user: 'sam',
        password: 'secret',
        watch: 'poll',
        pollMs: 25,
      },
    });
    let runs = 0;
    return {
      channel,
      probe: (next, timeoutMs) => {
        behaviour = next;
        return emailProbe(options(next === 'dies' ? dying : servers), {
          id: `contract-email-${(runs += 1)}`,
          timeoutMs,
        });
      },
      underWay: () => new Promise<void>((resolve) => waiting.push(resolve)),
      // Delivery to the support mailbox, the agent's reply and its delivery back, read by IMAP: seconds when loaded.
      timeoutMs: 8_000,
      graceMs: 3_000,
      outcomes: {
        silent: ['unanswered'],
        // The mailbox the probe reads is gone mid-attempt: no reply could be read (Kept's side) or none came.
        dies: ['unanswered'],
        'huge-message': ['answered'],
        // Only automatic acknowledgements, for ever: no person replied (unanswered), or answered by the automation.
        'never-ending-stream': ['unanswered', 'answered'],
      },
      unsupported: {
        'endless-body': 'SMTP and IMAP move whole messages: a mail always ends (a large one is the 10 MB case)',
      },
      async close() {
        for (const agent of agents) agent.stop();
        await channel.close();
        await servers.stop();
        await dying.stop().catch(() => undefined);
        state.cleanup();
      },
    };
  });
});
