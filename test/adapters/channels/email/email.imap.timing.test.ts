import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { createEmailChannel, type EmailChannel } from '../../../../src/adapters/channels/email/email.channel.ts';
import { parseMail } from '../../../../src/adapters/mail/mail-parse.ts';
import {
  mailServersMissing,
  PERSONA,
  startMailServers,
  SUPPORT,
  VACATION_SIEVE,
  type MailServers,
} from '../../../support/mail-servers.ts';
import { context, emailProbe, eventually, memoryLog, tempEmailState, truths } from './support.ts';

const missing = mailServersMissing();
if (missing) console.warn(`skipping the email IMAP tests: ${missing}`);

const HUMAN_DELAY_MS = 1_500;

describe.skipIf(missing !== undefined)(
  'the email probe against dovecot (IMAP, LMTP, Sieve vacation) behind OpenSMTPD',
  () => {
    let servers: MailServers;
    let state: ReturnType<typeof tempEmailState>;
    let channel: EmailChannel;
    const log = memoryLog();

    beforeAll(async () => {
      servers = await startMailServers({ supportSieve: VACATION_SIEVE });
      state = tempEmailState();
      channel = createEmailChannel({ log, store: state.store, evidenceDir: state.evidenceDir });
    });

    afterAll(async () => {
      await channel?.close();
      await servers?.stop();
      state?.cleanup();
    });

    function options(watch: 'idle' | 'poll'): Record<string, unknown> {
      return {
        smtp: { host: '127.0.0.1', port: servers.smtpd.port, security: 'none' },
        persona: { name: 'Sam Taylor', address: PERSONA },
        topicWords: ['refund', 'charge'],
        receive: {
          via: 'imap',
          host: '127.0.0.1',
          port: servers.dovecot.imapPort,
          security: 'none',
          user: 'sam',
          password: 'secret',
          watch,
          pollMs: 25,
        },
      };
    }

    /** The support agent: waits for the probe mail in the support mailbox, then replies by hand after a pause. */
    async function agentReplies(before: number): Promise<void> {
      const file = await eventually(
        () => servers.dovecot.inboxFiles('support')[before],
        10_000,
        'the probe mail at support',
      );
      const mail = await parseMail(readFileSync(file));
      await new Promise((resolve) => setTimeout(resolve, HUMAN_DELAY_MS));
      await servers.sendAs({
        from: `Priya at Support <${SUPPORT}>`,
        to: PERSONA,
        subject: `Re: ${mail.subject}`,
        text: 'Hi Sam,\n\nSorry about that! I have refunded the duplicate charge just now.\n\nBest,\nPriya',
        inReplyTo: mail.messageId as string,
      });
    }

    // The truth is when this process read OpenSMTPD's delivery line; the probe sees the reply at its next NOOP poll
    // (every 20-50 ms) after dovecot stored it. Both readings may each be LOADED_SLACK_MS (200 ms,
    // test/support/timing.ts) late under load, so 1 s holds with room. Replies are never seen before OpenSMTPD accepted
    // them (5 ms for the log line's own reading). dovecot holds IDLE notifications back for 500 ms (a constant in its
    // source), so IDLE is allowed that much more.
    it.each([
      ['poll', 1_000],
      ['idle', 1_500],
    ] as const)(
      'detects and times the vacation auto-reply and the human reply against their delivery into the mailbox (IMAP %s, within %i ms)',
      async (watch, bound) => {
        const from = servers.smtpd.lines.length;
        const before = servers.dovecot.inboxFiles('support').length;
        const [observation] = await Promise.all([
          channel.run(emailProbe(options(watch)), context(`imap-${watch}-1`, systemClock, log)),
          agentReplies(before),
        ]);
        const truth = await truths(servers, PERSONA, from);
        expect(observation.outcome, observation.reason).toBe('answered');
        expect(observation.humanReached).toBe(true);
        expect(observation.autoReplyPromise).toContain('within 24 hours');
        const auto = observation.timings.autoReplyMs as number;
        const human = observation.timings.humanMs as number;
        console.info(
          `IMAP ${watch}: auto-reply error ${(auto - truth.autoDelivered).toFixed(1)} ms, human reply error ${(human - truth.humanDelivered).toFixed(1)} ms`,
        );
        expect(Math.abs(auto - truth.autoDelivered)).toBeLessThan(bound);
        expect(Math.abs(human - truth.humanDelivered)).toBeLessThan(bound);
        expect(auto).toBeGreaterThanOrEqual(truth.autoAccepted - 5);
        expect(human).toBeGreaterThanOrEqual(truth.humanAccepted - 5);
        expect(observation.timings.humanMs).toBeGreaterThanOrEqual(HUMAN_DELAY_MS);
        const details = observation.evidence.details as Record<string, unknown>;
        expect(details.personalTouch).toMatchObject({
          addressed: 'by-name',
          topic: { answered: ['refund', 'charge'] },
        });
        expect((details.replies as { label: string }[]).map((r) => r.label)).toEqual(['auto-reply', 'human']);
        expect(observation.evidence.attachments).toHaveLength(3);
        expect(state.store.get(`imap-${watch}-1`)?.state).toBe('finished');
      },
      30_000,
    );
  },
);
