import { headerValue, type MailMessage } from './mail-message.ts';

/**
 * How a reply is tied to the probe run that caused it. Each run's mail carries a token several ways, because
 * helpdesks rewrite subjects, drop threading headers or reply from a new thread: its Message-ID (answered in
 * In-Reply-To/References), plus-addressing on the sender (`sam+TOKEN@`), and the token in the subject or body as an
 * order reference. Bounces carry the original's headers, so the Message-ID is found there.
 */
export interface ProbeMailRef {
  /** 8 characters of Crockford base32, e.g. `7KQ2M9XD`. */
  readonly token: string;
  /** With angle brackets. */
  readonly messageId: string;
}

/** thread: In-Reply-To/References; address: +token in a recipient; token: in subject or text; returned: in a bounce's copy. */
export type CorrelationMatch = 'thread' | 'address' | 'token' | 'returned';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function base32(value: number, length: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < length; i += 1) {
    out += ALPHABET[rest % 32];
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** The run's token: derived from the run id, so the same run always gets the same token. */
export function tokenFor(runId: string): string {
  return base32(fnv1a(runId, 0x811c9dc5), 4) + base32(fnv1a(runId, 0x9747b28c), 4);
}

/** A Message-ID for the run's mail that starts with its token and looks like any mail client's. */
export function messageIdFor(runId: string, domain: string): string {
  const tail = base32(fnv1a(runId, 0x5bd1e995), 6) + base32(fnv1a(runId, 0x27d4eb2f), 6);
  return `<${(tokenFor(runId) + tail).toLowerCase()}@${domain.toLowerCase()}>`;
}

function contains(text: string, token: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9])${token}([^A-Za-z0-9]|$)`, 'i').test(text);
}

/** How `message` refers to the probe's mail, or undefined when it does not. */
export function correlate(message: MailMessage, ref: ProbeMailRef): CorrelationMatch | undefined {
  const id = ref.messageId.toLowerCase();
  const thread = [message.inReplyTo ?? '', ...message.references].map((r) => r.toLowerCase());
  if (thread.includes(id)) return 'thread';
  const plus = `+${ref.token.toLowerCase()}@`;
  if (message.recipients.some((r) => r.address.includes(plus))) return 'address';
  for (const name of ['delivered-to', 'x-original-to', 'envelope-to']) {
    if ((headerValue(message, name) ?? '').toLowerCase().includes(plus)) return 'address';
  }
  if (contains(message.subject, ref.token) || contains(message.text, ref.token)) return 'token';
  if (message.parts.some((part) => part.text.toLowerCase().includes(id) || contains(part.text, ref.token)))
    return 'returned';
  return undefined;
}
