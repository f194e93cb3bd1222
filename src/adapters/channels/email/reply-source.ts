import type { MailMessage } from '../../../domain/email/mail-message.ts';

/**
 * How a reply's arrival time was read:
 * - live: stamped with the clock the moment Kept learnt of it (IMAP EXISTS, end of the inbound DATA);
 * - internaldate: the IMAP server's INTERNALDATE (1 s resolution), for mail that arrived while Kept was not looking;
 * - stored: the inbound endpoint's stamp kept in the store, for mail it accepted before a restart.
 */
export type ArrivalTiming = 'live' | 'internaldate' | 'stored';

export interface Arrival {
  readonly raw: Buffer;
  readonly message: MailMessage;
  /** Epoch ms. */
  readonly arrivedAt: number;
  /** `clock.monotonic()` at arrival, for live arrivals in this process. */
  readonly arrivedMono?: number;
  readonly timing: ArrivalTiming;
  /** A stable identity for de-duplication: IMAP UID or inbound sequence, with the source. */
  readonly key: string;
  /** Set when only the first `limit` bytes of a larger mail were read (`raw` is that much): how large it was. */
  readonly cut?: { readonly limit: number; readonly seen: number };
}

/** Bytes of one mail read at most (IMAP fetch, inbound SMTP): a reply's words and headers fit in far less. */
export const MAX_MAIL_BYTES = 10 * 1_048_576;

/** Where a run's replies come from: an IMAP mailbox (shared watcher) or the inbound SMTP endpoint. */
export interface ReplySource {
  readonly kind: 'imap' | 'inbound';
  /** Every new arrival from now on goes to `listener` until the returned function is called. */
  listen(listener: (arrival: Arrival) => void): () => void;
  /** Mail that arrived since `since` (epoch ms). Throws when the mailbox cannot be read (our failure). */
  catchUp(since: number): Promise<Arrival[]>;
  /**
   * Whether the mail with this Message-ID is in the provider's sent folder, and when it was put there (epoch ms):
   * evidence, after a restart, that a mail left. Undefined when the source cannot tell.
   */
  sentAt?(messageId: string): Promise<number | undefined>;
  /** A problem reading replies right now, e.g. "IMAP disconnected: …", or undefined. */
  problem(): string | undefined;
  close(): Promise<void>;
}
