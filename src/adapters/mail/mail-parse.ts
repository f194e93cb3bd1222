import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { MailAddress, MailMessage, MailPart } from '../../domain/email/mail-message.ts';

/** MIME parts the pure logic reads besides the body: DSN fields and the returned headers or message of a bounce. */
const KEPT_PARTS = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'text/rfc822-headers',
  'message/global-headers',
  'message/rfc822',
  'message/disposition-notification',
]);
const PART_LIMIT = 65_536;

function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const out: MailAddress[] = [];
  const walk = (list: AddressObject['value']): void => {
    for (const item of list) {
      if (item.group !== undefined) walk(item.group);
      else if (item.address) out.push({ name: item.name ?? '', address: item.address.toLowerCase() });
    }
  };
  for (const object of objects) walk(object.value);
  return out;
}

function headerMap(parsed: ParsedMail): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const { key, line } of parsed.headerLines) {
    const unfolded = line.replace(/\r?\n[ \t]+/g, ' ');
    const colon = unfolded.indexOf(':');
    const value = colon < 0 ? '' : unfolded.slice(colon + 1).trim();
    (headers[key.toLowerCase()] ??= []).push(value);
  }
  return headers;
}

function bareAddress(value: string): MailAddress | undefined {
  const match = /<?([^<>\s]+@[^<>\s]+)>?/.exec(value);
  return match === null ? undefined : { name: '', address: (match[1] as string).toLowerCase() };
}

function htmlToText(html: string): string {
  return html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|li|h\d|blockquote)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function referencesOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : value.split(/\s+/)).map((r) => r.trim()).filter((r) => r !== '');
}

/** Parses a raw RFC 5322 message into the shape the pure email logic reads (src/domain/email/mail-message.ts). */
export async function parseMail(raw: Buffer | string): Promise<MailMessage> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const headers = headerMap(parsed);
  const extra = ['delivered-to', 'x-original-to']
    .flatMap((name) => headers[name] ?? [])
    .map(bareAddress)
    .filter((a): a is MailAddress => a !== undefined);
  const parts: MailPart[] = parsed.attachments
    .filter((a) => KEPT_PARTS.has(a.contentType.toLowerCase()))
    .map((a) => ({
      contentType: a.contentType.toLowerCase(),
      text: a.content.subarray(0, PART_LIMIT).toString('utf8'),
    }));
  const from = addresses(parsed.from)[0];
  const text =
    parsed.text !== undefined && parsed.text.trim() !== ''
      ? parsed.text
      : typeof parsed.html === 'string'
        ? htmlToText(parsed.html)
        : '';
  return {
    headers,
    ...(from === undefined ? {} : { from }),
    recipients: [...addresses(parsed.to), ...addresses(parsed.cc), ...extra],
    subject: parsed.subject ?? '',
    ...(parsed.messageId === undefined ? {} : { messageId: parsed.messageId }),
    ...(parsed.inReplyTo === undefined ? {} : { inReplyTo: parsed.inReplyTo.trim() }),
    references: referencesOf(parsed.references),
    ...(parsed.date === undefined || Number.isNaN(parsed.date.getTime()) ? {} : { date: parsed.date.getTime() }),
    contentType: (headers['content-type']?.[0] ?? 'text/plain').toLowerCase(),
    text: text.replace(/\r\n/g, '\n'),
    parts,
  };
}
