import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { listen } from '../../adapters/net/listen.ts';
import { parseMail } from '../../adapters/mail/mail-parse.ts';
import { seededRandom } from '../chat-desk.service.ts';
import { checkStaffing } from '../staffing.schedule.ts';
import { EMAIL_DESK_TIMING, type EmailDeskTiming } from './email-desk.replies.ts';
import { EmailDesk, type DeskEmailReply } from './email-desk.service.ts';
import type { FrontDoorOptions } from '../front-door.options.ts';

export type { DeskEmailReply } from './email-desk.service.ts';
export { EMAIL_DESK_TIMING, type EmailDeskTiming } from './email-desk.replies.ts';

export interface EmailFrontDoorOptions extends FrontDoorOptions {
  /** Where the desk's replies are delivered: the SMTP server of the customers' domain (Kept's inbound endpoint). */
  readonly deliverTo: { readonly host: string; readonly port: number };
  /** The support address. Default support@desk.kept.invalid. */
  readonly mailbox?: string;
  readonly timing?: EmailDeskTiming;
}

export interface RunningEmailFrontDoor {
  /** The support address to write to. */
  readonly address: string;
  /** The desk's SMTP server (the support domain's MX): probes send here. */
  readonly smtpHost: string;
  readonly smtpPort: number;
  /** Replies sent so far, with their true delays (newest last). */
  replies(): readonly DeskEmailReply[];
  /** How many mails the mailbox has received. */
  received(): number;
  stop(): Promise<void>;
}

/**
 * Starts the demo desk's email front door: an SMTP server for the support mailbox (the support domain's MX), whose
 * desk auto-acknowledges every mail (RFC 3834, "a member of our team will reply within 24 hours") and has an agent
 * reply per the staffing schedule, delivering both to `deliverTo`. A `closed` schedule refuses mail at RCPT (550).
 * See docs/architecture/email-channel.md.
 */
export async function startEmailFrontDoor(options: EmailFrontDoorOptions): Promise<RunningEmailFrontDoor> {
  checkStaffing(options.staffing);
  const mailbox = (options.mailbox ?? 'support@desk.kept.invalid').toLowerCase();
  const transport = nodemailer.createTransport({
    host: options.deliverTo.host,
    port: options.deliverTo.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
  });
  const desk = new EmailDesk({
    clock: options.clock,
    staffing: options.staffing,
    random: seededRandom(options.seed ?? 1),
    timing: options.timing ?? EMAIL_DESK_TIMING,
    mailbox,
    ...(options.log === undefined ? {} : { log: options.log }),
    send: async (mail) => {
      await transport.sendMail({
        envelope: { from: mailbox, to: [mail.to] },
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        inReplyTo: mail.inReplyTo,
        headers: mail.headers,
      });
    },
  });
  const server = new SMTPServer({
    name: 'desk.kept.invalid',
    authOptional: true,
    disabledCommands: ['AUTH'],
    hideSTARTTLS: true,
    logger: false,
    closeTimeout: 2_000,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase() !== mailbox)
        return callback(Object.assign(new Error(`5.1.1 <${address.address}>: no such mailbox`), { responseCode: 550 }));
      if (desk.closed())
        return callback(Object.assign(new Error('5.2.1 the support mailbox is closed'), { responseCode: 550 }));
      return callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const arrivedMono = options.clock.monotonic();
        const arrivedAt = options.clock.now();
        callback();
        void parseMail(Buffer.concat(chunks)).then(
          (message) => desk.receive(message, arrivedMono, arrivedAt),
          (error: unknown) =>
            options.log?.warn('email desk: an incoming mail could not be read', { error: (error as Error).message }),
        );
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const address = server.server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    address: mailbox,
    smtpHost: host,
    smtpPort: address.port,
    replies: () => [...desk.replies],
    received: () => desk.received,
    stop: () => {
      stopped ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await desk.stop();
        transport.close();
      })();
      return stopped;
    },
  };
}
