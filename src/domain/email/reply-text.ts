/**
 * What a reply itself says, without the original it quotes or the sender's signature, so checks on the reply (who
 * wrote it, whom it addresses, whether it answers the question) are not fooled by our own words quoted back.
 */

export interface ReplyText {
  /** The reply's own text: before the quoted original, without `>` lines and the `-- ` signature. */
  readonly fresh: string;
  /** Whether the reply quotes an earlier message (an attribution line, a forwarded header block or `>` lines). */
  readonly quotesOriginal: boolean;
  /** The signature block after a `-- ` line, if any. */
  readonly signature?: string;
}

/** Lines where the quoted original starts, in the forms common clients and helpdesks write them. */
const QUOTE_STARTS: readonly RegExp[] = [
  /^On\b.{0,200}\bwrote:\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^Le\b.{0,200}\ba écrit\s*:\s*$/i,
  /^Am\b.{0,200}\bschrieb\b.{0,80}:\s*$/i,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i, // Outlook (older), Lotus
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above "From: … Sent: …"
  /^From:\s.+$/, // Outlook's header block (checked together with a Sent:/Date: line below)
];

/** Helpdesk markers ("##- Please type your reply above this line -##"): at the top they are dropped, below text they end it. */
const REPLY_ABOVE =
  /^(#{1,2}-|-{2,}|[—–-]+\s*)?\s*(Please type your )?reply above this line\.?\s*(-#{1,2}|-{2,})?\s*$/i;

function startsQuote(lines: readonly string[], index: number): boolean {
  const line = (lines[index] ?? '').trim();
  for (const pattern of QUOTE_STARTS) {
    if (!pattern.test(line)) continue;
    if (pattern.source.startsWith('^From:')) {
      const next = lines.slice(index + 1, index + 4).map((l) => l.trim());
      return next.some((l) => /^(Sent|Date|Gesendet|Envoyé):\s/i.test(l));
    }
    return true;
  }
  // Gmail may wrap a long attribution over two lines: "On Mon, 23 Nov 2026 at 10:04, Sam Taylor <sam@…>" / "wrote:".
  return /^On\b.{10,200}$/i.test(line) && /^.{0,80}wrote:\s*$/i.test((lines[index + 1] ?? '').trim());
}

/** Splits a reply's plain text into its own words, the fact that it quotes, and its signature. */
export function replyText(text: string): ReplyText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let quotesOriginal = false;
  let end = lines.length;
  for (let i = 0; i < lines.length; i += 1) {
    if (REPLY_ABOVE.test((lines[i] ?? '').trim())) {
      if (lines.slice(0, i).every((l) => REPLY_ABOVE.test(l.trim()) || l.trim() === '' || /^[—–_-]+$/.test(l.trim())))
        continue;
      end = i;
      break;
    }
    if (startsQuote(lines, i)) {
      quotesOriginal = true;
      end = i;
      break;
    }
  }
  const own = lines.slice(0, end).filter((line) => {
    if (REPLY_ABOVE.test(line.trim())) return false;
    if (/^\s*>/.test(line)) {
      quotesOriginal = true;
      return false;
    }
    return true;
  });
  const signatureAt = own.findIndex((line) => line === '-- ' || line === '--');
  const body = signatureAt < 0 ? own : own.slice(0, signatureAt);
  const signature =
    signatureAt < 0
      ? undefined
      : own
          .slice(signatureAt + 1)
          .join('\n')
          .trim();
  const fresh = body
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { fresh, quotesOriginal, ...(signature ? { signature } : {}) };
}

/** Lower-cased words of a text (letters and digits, apostrophes kept inside words). */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
}
