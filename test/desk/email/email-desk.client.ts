import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { parseMail } from '../../../src/adapters/mail/mail-parse.ts';
import type { MailMessage } from '../../../src/domain/email/mail-message.ts';
import type { RunningEmailFrontDoor } from '../../../src/desk/email/email-front-door.ts';

/** A customer's mailbox: a plain SMTP server that keeps every mail it receives, parsed. */
export async function customerMailbox(): Promise<{ port: number; mails: MailMessage[]; close(): Promise<void> }> {
  const mails: MailMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    hideSTARTTLS: true,
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        callback();
        void parseMail(Buffer.concat(chunks)).then((m) => mails.push(m));
      });
    },
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port)),
  );
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function write(desk: RunningEmailFrontDoor, headers: Record<string, string> = {}): Promise<string> {
  const transport = nodemailer.createTransport({
    host: desk.smtpHost,
    port: desk.smtpPort,
    secure: false,
    ignoreTLS: true,
  });
  const info = await transport.sendMail({
    from: 'Sam Taylor <sam@customers.test>',
    to: desk.address,
    subject: 'Charged twice',
    text: 'Hi, I was charged twice.',
    headers,
  });
  transport.close();
  return info.messageId;
}

export async function until<T>(check: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
