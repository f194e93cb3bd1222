import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import type { Clock } from '../../../app/ports.ts';
import type { SmtpOptions } from './email.options.ts';

/**
 * - accepted: the SMTP server took the mail (250 after DATA): the moment it left the probe;
 * - rejected: the recipient was refused permanently (5.1.x, 550/551/553 on RCPT): the service's address does not exist;
 * - ours: our side failed before the whole mail was handed over (connection, TLS, login, relay denied, 4xx): not sent;
 * - unclear: the connection failed after the whole mail was written: it may or may not have left.
 */
export type SendResult =
  | { readonly kind: 'accepted'; readonly response: string; readonly acceptedMono: number; readonly acceptedAt: number }
  | { readonly kind: 'rejected'; readonly response: string }
  | { readonly kind: 'ours'; readonly reason: string }
  | { readonly kind: 'unclear'; readonly reason: string };

interface SmtpError extends Error {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
}

function recipientRefused(error: SmtpError): boolean {
  if (error.code !== 'EENVELOPE' || error.command !== 'RCPT TO') return false;
  const response = error.response ?? '';
  if (/\b5\.7\.\d+/.test(response) || /relay|authenticat/i.test(response)) return false;
  return /\b5\.1\.\d+/.test(response) || [550, 551, 553].includes(error.responseCode ?? 0);
}

/**
 * Hands the composed mail to the probe's SMTP server, once: nodemailer with pooling off and no retries. The envelope
 * sender is the persona's address, so bounces come back to its mailbox.
 */
export async function sendMail(input: {
  readonly smtp: SmtpOptions;
  readonly envelope: { readonly from: string; readonly to: string };
  readonly raw: Buffer;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly timeoutMs?: number;
}): Promise<SendResult> {
  const { smtp } = input;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password?.reveal() ?? '' } }),
    tls: { rejectUnauthorized: smtp.rejectUnauthorized },
    name: smtp.heloName ?? input.envelope.from.slice(input.envelope.from.lastIndexOf('@') + 1),
    connectionTimeout: input.timeoutMs ?? 30_000,
    greetingTimeout: input.timeoutMs ?? 30_000,
    socketTimeout: input.timeoutMs ?? 60_000,
    pool: false,
  });
  let written = false;
  const body = Readable.from([input.raw]);
  body.once('end', () => {
    written = true;
  });
  const onAbort = (): void => transport.close();
  input.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const info = (await transport.sendMail({
      envelope: { from: input.envelope.from, to: [input.envelope.to] },
      raw: body,
    })) as { response?: string };
    return {
      kind: 'accepted',
      response: info.response ?? '',
      acceptedMono: input.clock.monotonic(),
      acceptedAt: input.clock.now(),
    };
  } catch (caught) {
    const error = caught as SmtpError;
    const said = error.response ?? error.message;
    if (recipientRefused(error)) return { kind: 'rejected', response: said };
    if (written && error.code !== 'EMESSAGE' && error.code !== 'EENVELOPE') {
      return {
        kind: 'unclear',
        reason: `the connection to ${smtp.host} failed after the mail was written (${error.code ?? 'error'}: ${error.message})`,
      };
    }
    return {
      kind: 'ours',
      reason: `our SMTP server ${smtp.host}:${smtp.port} did not take the mail (${error.code ?? 'error'}${error.command ? ` at ${error.command}` : ''}: ${said})`,
    };
  } finally {
    input.signal.removeEventListener('abort', onAbort);
    transport.close();
  }
}
