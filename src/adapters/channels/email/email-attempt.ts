import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../app/ports.ts';
import { correlate, type CorrelationMatch, type ProbeMailRef } from '../../../domain/email/correlation.ts';
import { deliveryStatuses, headerValue } from '../../../domain/email/mail-message.ts';
import { classifyReply, type ReplyLabel } from '../../../domain/email/reply-classification.ts';
import { replyText } from '../../../domain/email/reply-text.ts';
import type { Arrival, ArrivalTiming } from './reply-source.ts';

/** Writes a run's mails (as sent and as received, byte for byte) under `<evidenceDir>/email/<runId>/`. */
export interface EvidenceWriter {
  /** Writes one file and returns its path relative to the evidence directory, or undefined if it could not be written. */
  write(name: string, content: Buffer | string): string | undefined;
}

export function createEvidenceWriter(evidenceDir: string | undefined, runId: string, log: Logger): EvidenceWriter {
  const relativeDir = join('email', runId.replace(/[^\w.-]/g, '_'));
  return {
    write(name, content) {
      if (evidenceDir === undefined) return undefined;
      const relative = join(relativeDir, name);
      try {
        mkdirSync(join(evidenceDir, relativeDir), { recursive: true });
        writeFileSync(join(evidenceDir, relative), content);
        return relative;
      } catch (error) {
        log.warn('email: could not keep an evidence file', { file: relative, error: (error as Error).message });
        return undefined;
      }
    },
  };
}

/** How long a resumed run's reply may take from its Date header to arrive before its Date header is trusted instead. */
const LATE_ARRIVAL_MS = 60_000;

export interface RecordedReply {
  /** Milliseconds from the mail leaving (SMTP acceptance) to the reply's arrival. */
  readonly atMs: number;
  readonly label: ReplyLabel;
  readonly signals: readonly string[];
  readonly correlation: CorrelationMatch;
  readonly from: string;
  readonly name: string;
  readonly subject: string;
  readonly messageId?: string;
  readonly timing: ArrivalTiming | 'date-header';
  /** The reply's own words (quoted original and signature left out). */
  readonly text: string;
  /** The whole plain text, for promise extraction and personal-touch checks. */
  readonly fullText: string;
  readonly file?: string;
  readonly status?: string;
  readonly diagnostic?: string;
  /** Only the first `limit` bytes of the mail were read: how large it was. */
  readonly cut?: { readonly limit: number; readonly seen: number };
}

export type AttemptEnd = 'human' | 'bounce' | 'first-reply';

/**
 * Collects one run's replies: ties each arrival to the run (correlation), drops duplicates, classifies it, times it
 * from the mail leaving, keeps it as evidence, and settles `ended` at the first human reply or bounce (or the first
 * reply of any kind when the probe does not wait for a human).
 */
export class EmailAttempt {
  readonly #ref: ProbeMailRef;
  readonly #waitForHuman: boolean;
  readonly #evidence: EvidenceWriter;
  readonly #resumed: boolean;
  readonly #seen = new Set<string>();
  readonly #pending: Arrival[] = [];
  readonly replies: RecordedReply[] = [];
  #sentAt: number | undefined;
  #sentMono: number | undefined;
  #origin: number;
  #timed = false;
  #end: ((end: AttemptEnd) => void) | undefined;
  readonly ended: Promise<AttemptEnd>;

  constructor(input: {
    ref: ProbeMailRef;
    waitForHuman: boolean;
    evidence: EvidenceWriter;
    startedAt: number;
    resumed: boolean;
  }) {
    this.#ref = input.ref;
    this.#waitForHuman = input.waitForHuman;
    this.#evidence = input.evidence;
    this.#origin = input.startedAt;
    this.#resumed = input.resumed;
    this.ended = new Promise((resolve) => {
      this.#end = resolve;
    });
  }

  /**
   * The moment the mail left: `sentAt` epoch ms, and the monotonic reading when it is from this process. Undefined
   * when it is not known whether or when it left: replies are then timed from the start of the attempt.
   */
  setSent(sentAt: number | undefined, sentMono?: number): void {
    this.#sentAt = sentAt;
    this.#sentMono = sentMono;
    this.#timed = true;
    if (sentAt !== undefined) this.#origin = sentAt;
    for (const arrival of this.#pending.splice(0)) this.offer(arrival);
  }

  get firstHuman(): RecordedReply | undefined {
    return this.replies.find((r) => r.label === 'human');
  }

  get firstAuto(): RecordedReply | undefined {
    return this.replies.find((r) => r.label === 'auto-reply');
  }

  get bounce(): RecordedReply | undefined {
    return this.replies.find((r) => r.label === 'bounce');
  }

  #timeOf(arrival: Arrival): { atMs: number; timing: RecordedReply['timing'] } {
    if (arrival.arrivedMono !== undefined && this.#sentMono !== undefined) {
      return { atMs: Math.max(0, arrival.arrivedMono - this.#sentMono), timing: arrival.timing };
    }
    const date = arrival.message.date;
    const late = date !== undefined && arrival.arrivedAt - date > LATE_ARRIVAL_MS && date >= this.#origin - 1_000;
    if (this.#resumed && arrival.key.startsWith('inbound:') && late) {
      return { atMs: Math.max(0, (date as number) - this.#origin), timing: 'date-header' };
    }
    return { atMs: Math.max(0, arrival.arrivedAt - this.#origin), timing: arrival.timing };
  }

  /** Considers one arrival; returns whether it was a new reply to this run. */
  offer(arrival: Arrival): boolean {
    if (this.#seen.has(arrival.key)) return false;
    const correlation = correlate(arrival.message, this.#ref);
    if (correlation === undefined) return false;
    if (!this.#timed) {
      if (!this.#pending.includes(arrival) && this.#pending.length < 100) this.#pending.push(arrival);
      return false;
    }
    this.#seen.add(arrival.key);
    const messageId = arrival.message.messageId;
    if (messageId !== undefined && this.replies.some((r) => r.messageId === messageId)) return false;
    const { label, signals } = classifyReply(arrival.message);
    const { atMs, timing } = this.#timeOf(arrival);
    const status =
      deliveryStatuses(arrival.message).find((s) => s.action === 'failed') ?? deliveryStatuses(arrival.message)[0];
    const file = this.#evidence.write(`reply-${this.replies.length + 1}.eml`, arrival.raw);
    const sender = arrival.message.from;
    this.replies.push({
      atMs,
      label,
      signals,
      correlation,
      from: sender?.address ?? headerValue(arrival.message, 'from') ?? '',
      name: sender?.name ?? '',
      subject: arrival.message.subject,
      ...(messageId === undefined ? {} : { messageId }),
      timing,
      text: replyText(arrival.message.text).fresh.slice(0, 2_000),
      fullText: arrival.message.text.slice(0, 20_000),
      ...(file === undefined ? {} : { file }),
      ...(status?.status === undefined ? {} : { status: status.status }),
      ...(status?.diagnostic === undefined ? {} : { diagnostic: status.diagnostic }),
      ...(arrival.cut === undefined ? {} : { cut: arrival.cut }),
    });
    this.replies.sort((a, b) => a.atMs - b.atMs);
    if (label === 'human') this.#settle('human');
    else if (label === 'bounce' && this.firstHuman === undefined) this.#settle('bounce');
    else if (!this.#waitForHuman && label === 'auto-reply') this.#settle('first-reply');
    return true;
  }

  /** Arrivals held back because the mail's leaving time is not known yet (the run is still sending). */
  get held(): number {
    return this.#pending.length;
  }

  #settle(end: AttemptEnd): void {
    const resolve = this.#end;
    this.#end = undefined;
    resolve?.(end);
  }
}
