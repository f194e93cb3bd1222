import MailComposer from 'nodemailer/lib/mail-composer';
import { messageIdFor, tokenFor } from '../../../domain/email/correlation.ts';
import type { EmailOptions } from './email.options.ts';

/** The probe's mail, composed once and sent byte for byte as stored in the evidence. */
export interface ProbeMail {
  readonly token: string;
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly raw: Buffer;
}

/** A whole number in [0, n) from the run id, so the same run always picks the same wording. */
function pick(runId: string, salt: string, n: number): number {
  let hash = 2_166_136_261;
  for (const char of `${salt}:${runId}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16_777_619) >>> 0;
  return hash % n;
}

function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** The address replies should come back to: the persona's, with +TOKEN when plus-addressing is on. */
export function senderAddress(options: EmailOptions, token: string): string {
  if (!options.plusAddressing) return options.persona.address;
  const at = options.persona.address.lastIndexOf('@');
  return `${options.persona.address.slice(0, at)}+${token.toLowerCase()}${options.persona.address.slice(at)}`;
}

function htmlOf(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<div dir="ltr">${escaped
    .split(/\n{2,}/)
    .map((paragraph) => `<div>${paragraph.replace(/\n/g, '<br>')}</div>`)
    .join('<div><br></div>')}</div>`;
}

/**
 * Composes the run's mail the way a person's mail client would: text and HTML alternatives, a Message-ID in the
 * persona's domain that starts with the run token, and none of the headers that make helpdesks treat a mail as
 * automatic (no Auto-Submitted, Precedence, X-Auto-Response-Suppress or List-* headers; no X-Mailer).
 */
export async function composeProbeMail(input: {
  readonly options: EmailOptions;
  readonly runId: string;
  readonly probeId: string;
  readonly to: string;
  readonly date: Date;
}): Promise<ProbeMail> {
  const { options, runId } = input;
  const token = tokenFor(runId);
  const domain = options.persona.address.slice(options.persona.address.lastIndexOf('@') + 1);
  const messageId = messageIdFor(runId, domain);
  const vars = {
    persona: options.persona.name,
    firstName: options.persona.name.split(/\s+/)[0] ?? options.persona.name,
    ref: token,
    probeId: input.probeId,
  };
  const subject = fill(options.subjects[pick(runId, 'subject', options.subjects.length)] as string, vars);
  const text = fill(options.bodies[pick(runId, 'body', options.bodies.length)] as string, vars);
  const from = senderAddress(options, token);
  const composer = new MailComposer({
    from: { name: options.persona.name, address: from },
    to: input.to,
    subject,
    text,
    html: htmlOf(text),
    messageId,
    date: input.date,
    headers: {},
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = await new Promise<Buffer>((resolve, reject) => {
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message)));
  });
  return { token, messageId, from, to: input.to, subject, text, raw };
}
