import type { Clock } from '../../../app/ports.ts';
import type { Timings, TranscriptLine, Truncation } from '../../../domain/observation.ts';
import type { MessageReader } from './message-reader.ts';

/** Why a conversation ended. The first ending reported wins. */
export type Ending =
  /** What the probe waited for arrived (a human, or any response when not waiting for one). */
  | { readonly kind: 'satisfied' }
  /** The probe's time-out passed. */
  | { readonly kind: 'timeout' }
  /** The service ended the conversation (socket closed, closed marker, conversation gone). */
  | { readonly kind: 'closed'; readonly reason: string }
  /** The service refused: connection refused, HTTP error status. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** Our own side failed (bad template or path, local socket error) or Kept stopped the attempt early. */
  | { readonly kind: 'ours'; readonly reason: string };

/**
 * The running record of one chat attempt: transcript, timings and how it ended. Transports feed it frames with the
 * monotonic time they arrived; it decides when the probe has what it waited for.
 */
export class ConversationRecorder {
  readonly #clock: Clock;
  readonly #reader: MessageReader;
  readonly #waitForHuman: boolean;
  readonly #start: number;
  readonly #transcript: TranscriptLine[] = [];
  readonly #details: Record<string, unknown> = {};
  #connectMs: number | undefined;
  #sentAt: number | undefined;
  #firstResponseMs: number | undefined;
  #humanMs: number | undefined;
  #autoReplyMs: number | undefined;
  #totalMs: number | undefined;
  #responses = 0;
  #unreadable = 0;
  #unreadableSample: string | undefined;
  #received = 0;
  #echoes = 0;
  readonly #truncated: Truncation[] = [];
  #ending: Ending | undefined;
  #settle: (ending: Ending) => void = () => undefined;
  /** Resolves with the ending once the conversation is over. */
  readonly ended: Promise<Ending>;

  constructor(clock: Clock, reader: MessageReader, waitForHuman: boolean) {
    this.#clock = clock;
    this.#reader = reader;
    this.#waitForHuman = waitForHuman;
    this.#start = clock.monotonic();
    this.ended = new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  get isOver(): boolean {
    return this.#ending !== undefined;
  }

  /** Responses (bot, human or unknown) that arrived after the customer's message. */
  get responses(): number {
    return this.#responses;
  }

  get unreadable(): number {
    return this.#unreadable;
  }

  get humanMs(): number | undefined {
    return this.#humanMs;
  }

  get transcript(): readonly TranscriptLine[] {
    return this.#transcript;
  }

  #sinceStart(at: number): number {
    return round(at - this.#start);
  }

  detail(key: string, value: unknown): void {
    this.#details[key] = value;
  }

  /** Records a cut made while reading (a body or message over `options.limits`); it goes into evidence.truncated. */
  truncated(cut: Truncation): void {
    this.#truncated.push(cut);
  }

  /**
   * Every cut so far, including transcript lines the limits left out. Message texts are cut with `cutText`'s marker,
   * which `boundObservation` records as `evidence.transcript.text` for every channel alike.
   */
  truncations(): Truncation[] {
    const { messages } = this.#reader.limits;
    const cuts = [...this.#truncated];
    if (this.#received > messages)
      cuts.push({ what: 'chat-api transcript', unit: 'messages', limit: messages, seen: this.#received });
    return cuts;
  }

  /** Facts for `evidence.details`; cuts travel as `truncated` (moved to `evidence.truncated` when stored). */
  details(): Record<string, unknown> {
    const extra = {
      ...(this.#unreadable === 0 ? {} : { unreadable: this.#unreadable, unreadableSample: this.#unreadableSample }),
      ...(this.#echoes === 0 ? {} : { ownEchoes: this.#echoes }),
    };
    const cuts = this.truncations();
    return { ...this.#details, ...extra, ...(cuts.length === 0 ? {} : { truncated: cuts }) };
  }

  /** Keeps a transcript line unless `limits.messages` are kept already (the message is still timed and counted). */
  #keep(line: TranscriptLine): void {
    this.#received += 1;
    if (this.#transcript.length < this.#reader.limits.messages) this.#transcript.push(line);
  }

  connected(at = this.#clock.monotonic()): void {
    this.#connectMs ??= this.#sinceStart(at);
  }

  /** Call right before handing the customer's message to the socket or sending the POST. */
  sending(text: string): void {
    const at = this.#clock.monotonic();
    this.#sentAt = at;
    this.#transcript.push({ atMs: this.#sinceStart(at), from: 'customer', text });
  }

  /** Reads the items of one frame or poll response that arrived at monotonic time `at`. */
  receiveItems(items: readonly unknown[], at: number): void {
    for (const item of items) {
      if (this.isOver) return;
      this.#receiveItem(item, at);
    }
  }

  #receiveItem(item: unknown, at: number): void {
    const read = this.#reader.read(item);
    const atMs = this.#sinceStart(at);
    switch (read.kind) {
      case 'own':
        this.#echoes += 1;
        return;
      case 'ignored':
      case 'duplicate':
        return;
      case 'unreadable':
        this.#unreadable += 1;
        this.#unreadableSample ??= read.sample;
        return;
      case 'closed':
        this.#keep({ atMs, from: 'system', text: read.text ?? '(conversation closed)', ...nameOf(read.name) });
        this.end({
          kind: 'closed',
          reason: `the service closed the conversation${read.text === undefined ? '' : ` ("${read.text}")`}`,
        });
        return;
      case 'message':
        this.#keep({ atMs, from: read.from, text: read.text, ...nameOf(read.name) });
        if (this.#sentAt === undefined || read.from === 'system') return;
        this.#timeResponse(read.from, round(at - this.#sentAt));
    }
  }

  #timeResponse(from: 'human' | 'bot' | 'unknown', ms: number): void {
    this.#responses += 1;
    this.#firstResponseMs ??= ms;
    if (from === 'human') this.#humanMs ??= ms;
    if (from === 'bot') this.#autoReplyMs ??= ms;
    if (from === 'human' || !this.#waitForHuman) this.end({ kind: 'satisfied' });
  }

  /** Notes a frame that was not JSON or not where the paths point. */
  unreadableFrame(sample: string): void {
    this.#unreadable += 1;
    this.#unreadableSample ??= sample;
  }

  end(ending: Ending): void {
    if (this.#ending !== undefined) return;
    this.#ending = ending;
    this.#totalMs = this.#sinceStart(this.#clock.monotonic());
    this.#settle(ending);
  }

  timings(): Timings {
    const totalMs = this.#totalMs ?? this.#sinceStart(this.#clock.monotonic());
    return {
      ...(this.#connectMs === undefined ? {} : { connectMs: this.#connectMs }),
      ...(this.#firstResponseMs === undefined ? {} : { firstResponseMs: this.#firstResponseMs }),
      ...(this.#humanMs === undefined ? {} : { humanMs: this.#humanMs }),
      ...(this.#autoReplyMs === undefined ? {} : { autoReplyMs: this.#autoReplyMs }),
      totalMs,
    };
  }
}

function nameOf(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
}

/** Milliseconds to a tenth: finer than any promise, coarse enough to read. */
function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
