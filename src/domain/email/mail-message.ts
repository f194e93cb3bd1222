/**
 * A received mail as the pure email logic reads it: the adapter parses the raw message (mailparser) into this shape
 * once, and classification, correlation, promise extraction and personal-touch checks work on it alone.
 */
export interface MailAddress {
  readonly name: string;
  /** Lower-cased `local@domain`. */
  readonly address: string;
}

/** A machine-readable delivery status (RFC 3464) of one recipient in a DSN. */
export interface DeliveryStatus {
  /** `failed`, `delayed`, `delivered`, `relayed` or `expanded`. */
  readonly action?: string;
  /** Enhanced status code, e.g. `5.1.1`. */
  readonly status?: string;
  readonly diagnostic?: string;
  readonly recipient?: string;
}

/** A MIME part other than the body text that the logic may need: DSN fields, returned headers, an enclosed message. */
export interface MailPart {
  /** Lower-cased content type without parameters, e.g. `message/delivery-status`, `text/rfc822-headers`. */
  readonly contentType: string;
  /** The part as text (first 64 KiB), for the text-like parts above. */
  readonly text: string;
}

export interface MailMessage {
  /** Every header by lower-cased name, each occurrence's value unfolded, in order. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly from?: MailAddress;
  /** To, Cc, Delivered-To and X-Original-To addresses together. */
  readonly recipients: readonly MailAddress[];
  readonly subject: string;
  /** With angle brackets, as written: `<abc@host>`. */
  readonly messageId?: string;
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  /** The Date header, epoch ms, when it parses. */
  readonly date?: number;
  /** The top-level content type with its parameters, lower-cased, e.g. `multipart/report; report-type=delivery-status`. */
  readonly contentType: string;
  /** The plain-text body (the text part, or the HTML part reduced to text). */
  readonly text: string;
  readonly parts: readonly MailPart[];
}

/** The first value of a header (name case-insensitive), trimmed, or undefined. */
export function headerValue(message: Pick<MailMessage, 'headers'>, name: string): string | undefined {
  return message.headers[name.toLowerCase()]?.[0]?.trim();
}

/** Whether a header is present at all. */
export function hasHeader(message: Pick<MailMessage, 'headers'>, name: string): boolean {
  return (message.headers[name.toLowerCase()]?.length ?? 0) > 0;
}

/**
 * The machine-readable delivery status of a DSN (the `message/delivery-status` part): one entry per recipient block,
 * with the per-message block's fields skipped.
 */
export function deliveryStatuses(message: Pick<MailMessage, 'parts'>): DeliveryStatus[] {
  const part = message.parts.find(
    (p) => p.contentType === 'message/delivery-status' || p.contentType === 'message/global-delivery-status',
  );
  if (part === undefined) return [];
  const blocks = part.text.replace(/\r\n/g, '\n').split(/\n\s*\n/);
  const statuses: DeliveryStatus[] = [];
  for (const block of blocks) {
    const fields = new Map<string, string>();
    for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    if (!fields.has('action') && !fields.has('final-recipient')) continue;
    const recipient = fields.get('final-recipient') ?? fields.get('original-recipient');
    statuses.push({
      ...(fields.has('action') ? { action: (fields.get('action') as string).toLowerCase() } : {}),
      ...(fields.has('status') ? { status: (fields.get('status') as string).split(/\s/)[0] as string } : {}),
      ...(fields.has('diagnostic-code') ? { diagnostic: fields.get('diagnostic-code') as string } : {}),
      ...(recipient === undefined ? {} : { recipient: recipient.replace(/^rfc822;\s*/i, '') }),
    });
  }
  return statuses;
}
