import type { MailMessage, MailPart } from '../../../src/domain/email/mail-message.ts';

/** A parsed mail for the pure email logic, written by hand: headers by lower-case name, plain text. */
export function mail(fields: {
  headers?: Record<string, string>;
  from?: string;
  fromName?: string;
  subject?: string;
  text?: string;
  contentType?: string;
  inReplyTo?: string;
  references?: string[];
  recipients?: string[];
  parts?: MailPart[];
}): MailMessage {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(fields.headers ?? {})) headers[name.toLowerCase()] = [value];
  return {
    headers,
    ...(fields.from === undefined ? {} : { from: { name: fields.fromName ?? '', address: fields.from } }),
    recipients: (fields.recipients ?? ['sam@probe.test']).map((address) => ({ name: '', address })),
    subject: fields.subject ?? 'Re: Charged twice',
    ...(fields.inReplyTo === undefined ? {} : { inReplyTo: fields.inReplyTo }),
    references: fields.references ?? [],
    contentType: fields.contentType ?? 'text/plain; charset=utf-8',
    text: fields.text ?? '',
    parts: fields.parts ?? [],
  };
}
