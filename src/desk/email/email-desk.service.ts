import type { Clock, Logger } from '../../app/ports.ts';
import { headerValue, type MailMessage } from '../../domain/email/mail-message.ts';
import { between } from '../chat-desk.service.ts';
import { staffingAt, type StaffingSchedule } from '../staffing.schedule.ts';
import { ackText, humanText, pickedUpAt, type EmailDeskTiming } from './email-desk.replies.ts';

/**
 * A reply the desk sent, with the delay it really took: clock ms from the customer's mail arriving (end of its DATA)
 * to the reply being accepted by the receiving server (after any delivery retries).
 */
export interface DeskEmailReply {
  readonly kind: 'ack' | 'human';
  readonly to: string;
  readonly inReplyTo: string;
  readonly messageId: string;
  /** Desk clock, epoch ms, when the receiving server accepted the reply. */
  readonly sentAt: number;
  readonly deskDelayMs: number;
  readonly agent?: string;
}

/** An outgoing mail, as the front door's transport takes it. */
export interface OutgoingMail {
  readonly to: string;
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly messageId: string;
  readonly inReplyTo: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface EmailDeskDeps {
  readonly clock: Clock;
  readonly staffing: StaffingSchedule;
  readonly random: () => number;
  readonly timing: EmailDeskTiming;
  readonly mailbox: string;
  readonly send: (mail: OutgoingMail) => Promise<void>;
  readonly log?: Logger;
}

const AGENTS = ['Priya', 'Tom', 'Aisha', 'Marek', 'Hannah'] as const;
const KEEP_REPLIES = 1_000;

/**
 * The desk's mailbox: every customer mail gets an RFC 3834 auto-acknowledgement after `ackDelayMs` promising a reply
 * within 24 hours, then an agent's reply `humanDelayMs` after an agent picks the mail up: at once when the desk is
 * staffed, else at the next staffed shift (so weekend mail waits for Monday). Automatic mail (Auto-Submitted, bounces)
 * is never answered. All waits are on the clock; every reply reports its true delay.
 */
export class EmailDesk {
  readonly #deps: EmailDeskDeps;
  readonly #stop = new AbortController();
  readonly #pending = new Set<Promise<void>>();
  readonly replies: DeskEmailReply[] = [];
  /** Customer mails received (automatic ones included). */
  received = 0;
  #tickets = 1_000;

  constructor(deps: EmailDeskDeps) {
    this.#deps = deps;
  }

  /** Whether mail is refused right now (the schedule says `closed`). */
  closed(): boolean {
    return staffingAt(this.#deps.staffing, this.#deps.clock.now()).mode === 'closed';
  }

  /** Takes a customer's mail that arrived at `arrivedMono`/`arrivedAt` and schedules its replies. */
  receive(message: MailMessage, arrivedMono: number, arrivedAt: number): void {
    this.received += 1;
    const autoSubmitted = headerValue(message, 'auto-submitted');
    const customer = message.from;
    if (
      (autoSubmitted !== undefined && !/^no\b/i.test(autoSubmitted)) ||
      customer === undefined ||
      /mailer-daemon|postmaster/i.test(customer.address)
    )
      return;
    const ticket = (this.#tickets += 1);
    const inReplyTo = message.messageId ?? '';
    const { clock, timing, staffing } = this.#deps;
    const pickedUp = pickedUpAt(staffing, arrivedAt);
    const agent = AGENTS[Math.floor(this.#deps.random() * AGENTS.length)] as string;
    const humanDelay = between(this.#deps.random, timing.humanDelayMs as [number, number]);
    const base = { to: customer.address, inReplyTo };
    this.#track(
      this.#after(
        timing.ackDelayMs,
        arrivedMono,
        { ...base, kind: 'ack' },
        {
          from: `Demo Desk Support <${this.#deps.mailbox}>`,
          subject: `We've received your request [ticket #${ticket}]`,
          text: ackText(customer.name, ticket),
          headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', Precedence: 'bulk' },
        },
      ),
    );
    if (pickedUp === undefined) return;
    this.#track(
      this.#after(
        pickedUp - arrivedAt + humanDelay,
        arrivedMono,
        { ...base, kind: 'human', agent },
        {
          from: `${agent} at Demo Desk <${this.#deps.mailbox}>`,
          subject: /^re:/i.test(message.subject) ? message.subject : `Re: ${message.subject}`,
          text: humanText({
            customer: customer.name,
            agent,
            quoted: message.text,
            quotedFrom: customer.name || customer.address,
            quotedAt: new Date(clock.now()),
          }),
          headers: {},
        },
      ),
    );
  }

  #track(work: Promise<void>): void {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }

  async #after(
    delayMs: number,
    arrivedMono: number,
    reply: { kind: 'ack' | 'human'; to: string; inReplyTo: string; agent?: string },
    mail: Pick<OutgoingMail, 'from' | 'subject' | 'text' | 'headers'>,
  ): Promise<void> {
    const { clock, log } = this.#deps;
    const wait = delayMs - (clock.monotonic() - arrivedMono);
    try {
      await clock.sleep(Math.max(0, wait), this.#stop.signal);
    } catch {
      return;
    }
    const messageId = `<desk-${reply.kind}-${Math.floor(this.#deps.random() * 1e12).toString(36)}@${this.#deps.mailbox.split('@')[1] ?? 'desk'}>`;
    const references: Record<string, string> = reply.inReplyTo === '' ? {} : { References: reply.inReplyTo };
    // Like any MTA, the desk queues a reply it cannot deliver and retries with back-off (0.25 s doubling to 60 s).
    for (let retryMs = 250; ; retryMs = Math.min(retryMs * 2, 60_000)) {
      try {
        await this.#deps.send({
          ...mail,
          to: reply.to,
          messageId,
          inReplyTo: reply.inReplyTo,
          headers: { ...mail.headers, ...references },
        });
        break;
      } catch (error) {
        log?.warn('email desk: a reply could not be delivered; retrying', {
          kind: reply.kind,
          to: reply.to,
          error: (error as Error).message,
        });
        try {
          await clock.sleep(retryMs, this.#stop.signal);
        } catch {
          return;
        }
      }
    }
    const sent: DeskEmailReply = {
      ...reply,
      messageId,
      sentAt: clock.now(),
      deskDelayMs: Math.round((clock.monotonic() - arrivedMono) * 10) / 10,
    };
    this.replies.push(sent);
    if (this.replies.length > KEEP_REPLIES) this.replies.shift();
    log?.info('email desk replied', { ...sent });
  }

  /** Cancels replies still waiting and waits for those being sent. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await Promise.allSettled([...this.#pending]);
  }
}
