/**
 * The mail world of the email tests, from real servers: dovecot (IMAP, LMTP, Sieve) behind OpenSMTPD.
 *
 *   support@support.test  → dovecot user "support" (a Sieve script, e.g. a vacation auto-reply, runs on delivery)
 *   sam@probe.test        → dovecot user "sam" (the persona's IMAP mailbox), plus-addresses included
 *   *@<relay domain>      → relayed to an SMTP port (Kept's inbound endpoint), when given
 *
 * dovecot sends Sieve replies through OpenSMTPD (its submission_host), so an auto-reply takes the same road as a
 * person's. `sendAs` is a person writing through OpenSMTPD; `accepted` reads when OpenSMTPD took a message.
 */
import nodemailer from 'nodemailer';
import { dovecotMissing, freePort, startDovecot, type Dovecot } from './dovecot.ts';
import { opensmtpdMissing, startOpenSmtpd, type OpenSmtpd } from './opensmtpd.ts';

export const SUPPORT = 'support@support.test';
export const PERSONA = 'sam@probe.test';

/**
 * A Sieve vacation auto-reply promising a reply within 24 hours, sent for every mail: `:seconds 1` and a handle per
 * Message-ID, so dovecot's "already answered this sender" memory never holds back the next test's auto-reply.
 */
export const VACATION_SIEVE = `require ["vacation", "vacation-seconds", "variables"];
set "id" "none";
if header :matches "message-id" "*" { set "id" "\${1}"; }
vacation :seconds 1 :handle "\${id}" :subject "We have received your message"
  "Thanks for contacting Support Test. This is an automated reply: a member of our team will reply within 24 hours.";
`;

export interface MailServers {
  readonly dovecot: Dovecot;
  readonly smtpd: OpenSmtpd;
  /** Sends a mail through OpenSMTPD as someone; resolves when OpenSMTPD accepted it, with performance.now() then. */
  sendAs(mail: {
    from: string;
    to: string;
    subject: string;
    text: string;
    inReplyTo?: string;
    headers?: Record<string, string>;
  }): Promise<number>;
  stop(): Promise<void>;
}

/** Why the mail servers cannot run here (tests skip locally), or undefined; throws in CI. */
export function mailServersMissing(): string | undefined {
  return dovecotMissing() ?? opensmtpdMissing();
}

export async function startMailServers(
  options: { supportSieve?: string; relays?: readonly { domain: string; port: number }[] } = {},
): Promise<MailServers> {
  const smtpPort = await freePort();
  const dovecot = await startDovecot({
    users: [
      { name: 'support', ...(options.supportSieve === undefined ? {} : { sieve: options.supportSieve }) },
      { name: 'sam' },
    ],
    submissionPort: smtpPort,
  });
  let smtpd: OpenSmtpd;
  try {
    smtpd = await startOpenSmtpdOn(smtpPort, dovecot, options.relays ?? []);
  } catch (error) {
    await dovecot.stop();
    throw error;
  }
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpd.port, secure: false, ignoreTLS: true });
  return {
    dovecot,
    smtpd,
    async sendAs(mail) {
      await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.inReplyTo === undefined ? {} : { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] }),
        headers: mail.headers ?? {},
      });
      return performance.now();
    },
    async stop() {
      transport.close();
      await smtpd.stop();
      await dovecot.stop();
    },
  };
}

async function startOpenSmtpdOn(
  port: number,
  dovecot: Dovecot,
  relays: readonly { domain: string; port: number }[],
): Promise<OpenSmtpd> {
  return startOpenSmtpd({
    port,
    lmtpPort: dovecot.lmtpPort,
    local: { [SUPPORT]: 'support', [PERSONA]: 'sam' },
    relays,
  });
}
