import type { Clock } from '../../../app/ports.ts';
import type { Speaker, Timings, TranscriptLine } from '../../../domain/observation.ts';
import { normalise } from './escalation.policy.ts';
import type { MarkerGroup } from './page-observer.script.ts';

/** Why a browser conversation ended. The first ending reported wins. */
export type Ending =
  | { readonly kind: 'satisfied' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'dead-end'; readonly reason: string }
  | { readonly kind: 'closed'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'ours'; readonly reason: string };

export type Classified = 'human' | 'bot' | 'system' | 'unknown' | 'echo' | 'closed';

/**
 * Who wrote a message, from the marker groups the page matched: our own (a customer marker, or the text of
 * something we sent and have not seen echoed yet) → closed notice → system → human → bot. Without bot markers every
 * other response is a bot's.
 */
export function classify(
  flags: Readonly<Record<MarkerGroup, boolean>>,
  isOurEcho: boolean,
  botByDefault: boolean,
): Classified {
  if (flags.customer || isOurEcho) return 'echo';
  if (flags.closed) return 'closed';
  if (flags.system) return 'system';
  if (flags.human) return 'human';
  if (flags.bot || botByDefault) return 'bot';
  return 'unknown';
}

interface Sent {
  readonly at: number;
  readonly pageMs?: number;
}

/**
 * The running record of one browser chat: transcript, timings and ending. Every time is `clock.monotonic()` read
 * when the page's report reached us; timings run from the customer's first message leaving the page.
 */
export class BrowserConversation {
  readonly #clock: Clock;
  readonly #waitForHuman: boolean;
  readonly #botByDefault: boolean;
  readonly #start: number;
  readonly #transcript: TranscriptLine[] = [];
  readonly #echoes: string[] = [];
  readonly #listeners = new Set<() => void>();
  #connectMs: number | undefined;
  #firstSent: Sent | undefined;
  #firstResponse: { ms: number; pageMs?: number } | undefined;
  #human: { ms: number; pageMs?: number; at: number } | undefined;
  #autoReplyMs: number | undefined;
  #lastActivity: number | undefined;
  #totalMs: number | undefined;
  #responses = 0;
  #ending: Ending | undefined;
  #settle: (ending: Ending) => void = () => undefined;
  readonly #newBotTexts: string[] = [];
  readonly ended: Promise<Ending>;

  constructor(clock: Clock, options: { waitForHuman: boolean; botByDefault: boolean }) {
    this.#clock = clock;
    this.#waitForHuman = options.waitForHuman;
    this.#botByDefault = options.botByDefault;
    this.#start = clock.monotonic();
    this.ended = new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  get isOver(): boolean {
    return this.#ending !== undefined;
  }
  get ending(): Ending | undefined {
    return this.#ending;
  }
  get responses(): number {
    return this.#responses;
  }
  get humanReached(): boolean {
    return this.#human !== undefined;
  }
  get hasSent(): boolean {
    return this.#firstSent !== undefined;
  }
  get transcript(): readonly TranscriptLine[] {
    return this.#transcript;
  }
  /** Monotonic time of the latest response or notice, if any. */
  get lastActivity(): number | undefined {
    return this.#lastActivity;
  }
  /** Monotonic time the first human message arrived. */
  get humanAt(): number | undefined {
    return this.#human?.at;
  }

  sinceStart(at: number): number {
    return round(at - this.#start);
  }

  connected(at = this.#clock.monotonic()): void {
    this.#connectMs ??= this.sinceStart(at);
  }

  /** The customer's text left the page at `at` (the page's send event, or just before our action). */
  sent(text: string, at: number, pageMs?: number): void {
    this.#firstSent ??= pageMs === undefined ? { at } : { at, pageMs };
    this.#echoes.push(normalise(text));
    this.#transcript.push({ atMs: this.sinceStart(at), from: 'customer', text });
  }

  /** A message the page reported at monotonic time `at`. */
  message(
    event: { text: string; name?: string; flags: Readonly<Record<MarkerGroup, boolean>>; pageMs: number },
    at: number,
  ): Classified {
    if (this.isOver) return 'unknown';
    const echoAt = this.#echoes.indexOf(normalise(event.text));
    const kind = classify(event.flags, echoAt >= 0, this.#botByDefault);
    if (kind === 'echo') {
      if (echoAt >= 0) this.#echoes.splice(echoAt, 1);
      return kind;
    }
    const from: Speaker = kind === 'closed' ? 'system' : kind;
    this.#transcript.push({
      atMs: this.sinceStart(at),
      from,
      text: event.text,
      ...(event.name === undefined ? {} : { name: event.name }),
    });
    this.#lastActivity = at;
    if (kind === 'closed') {
      this.end({ kind: 'closed', reason: `the service closed the chat ("${event.text}")` });
      return kind;
    }
    if (this.#firstSent === undefined || kind === 'system') return kind;
    this.#timeResponse(kind, at, event.pageMs);
    if (kind === 'bot') this.#newBotTexts.push(event.text);
    for (const listener of this.#listeners) listener();
    return kind;
  }

  #timeResponse(from: 'human' | 'bot' | 'unknown', at: number, pageMs: number): void {
    const sent = this.#firstSent as Sent;
    const ms = round(at - sent.at);
    const inPage = sent.pageMs === undefined ? {} : { pageMs: round(pageMs - sent.pageMs) };
    this.#responses += 1;
    this.#firstResponse ??= { ms, ...inPage };
    if (from === 'human') this.#human ??= { ms, at, ...inPage };
    if (from === 'bot') this.#autoReplyMs ??= ms;
    if (from === 'human' || !this.#waitForHuman) this.end({ kind: 'satisfied' });
  }

  /** How many bot texts arrived since the last `takeNewBotTexts`. */
  get pendingBotTexts(): number {
    return this.#newBotTexts.length;
  }

  /** Bot texts that arrived since the last call. */
  takeNewBotTexts(): string[] {
    return this.#newBotTexts.splice(0);
  }

  /** Resolves on the next response (or at once if the conversation is over). */
  nextResponse(): Promise<void> {
    if (this.isOver) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.#listeners.delete(done);
        resolve();
      };
      this.#listeners.add(done);
      void this.ended.then(done);
    });
  }

  end(ending: Ending): void {
    if (this.#ending !== undefined) return;
    this.#ending = ending;
    this.#totalMs = this.sinceStart(this.#clock.monotonic());
    this.#settle(ending);
    for (const listener of this.#listeners) listener();
  }

  timings(): Timings {
    return {
      ...(this.#connectMs === undefined ? {} : { connectMs: this.#connectMs }),
      ...(this.#firstResponse === undefined ? {} : { firstResponseMs: this.#firstResponse.ms }),
      ...(this.#human === undefined ? {} : { humanMs: this.#human.ms }),
      ...(this.#autoReplyMs === undefined ? {} : { autoReplyMs: this.#autoReplyMs }),
      totalMs: this.#totalMs ?? this.sinceStart(this.#clock.monotonic()),
    };
  }

  /** The same intervals read on the page's own clock (real ms), for diagnosing the timing error. */
  pageTimings(): Record<string, number> {
    return {
      ...(this.#firstResponse?.pageMs === undefined ? {} : { firstResponseMs: this.#firstResponse.pageMs }),
      ...(this.#human?.pageMs === undefined ? {} : { humanMs: this.#human.pageMs }),
    };
  }
}

/** Milliseconds to a tenth. */
function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
