import type { Clock } from '../../../app/ports.ts';
import { clockRate } from '../../../app/clock-rate.ts';
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

/** How responses are told apart when no marker decides. */
export interface ClassifyRules {
  /** No bot markers: every response that is not a human's is the bot's. */
  readonly botByDefault: boolean;
  /** No human markers: a person is a named sender that is not the bot, so a line nobody marked is a system line. */
  readonly unmarkedIsSystem: boolean;
}

/**
 * Who wrote a message, from the marker groups the page matched: our own (a customer marker, or what we typed) →
 * closed notice → system → bot → human → the bot by default (no bot markers) → a system line (no human markers:
 * people are named senders) → unknown. Bot markers come before human ones: a bot with a name and a badge is a
 * named sender too.
 */
export function classify(
  flags: Readonly<Record<MarkerGroup, boolean>>,
  isOurEcho: boolean,
  rules: ClassifyRules,
): Classified {
  if (flags.customer || isOurEcho) return 'echo';
  if (flags.closed) return 'closed';
  if (flags.system) return 'system';
  if (flags.bot) return 'bot';
  if (flags.human) return 'human';
  if (rules.botByDefault) return 'bot';
  if (rules.unmarkedIsSystem) return 'system';
  return 'unknown';
}

/** Characters besides what the probe typed that a bubble of ours may show ("Sending…", "Delivered", a time). */
const ECHO_STATUS_CHARS = 30;

/**
 * Whether a message is the customer's own bubble: it holds what the probe typed (compared without case, spacing
 * and punctuation), and at most a short status besides ("…Sending…", "✓ Delivered 10:42"). A reply quoting the
 * customer at length is not.
 */
export function isEchoOf(text: string, typed: readonly string[]): boolean {
  const shown = loose(text);
  if (shown === '') return false;
  return typed.some((sent) => {
    const mine = loose(sent);
    if (mine === '') return false;
    const at = shown.indexOf(mine);
    return at >= 0 && shown.length - mine.length <= ECHO_STATUS_CHARS;
  });
}

function loose(text: string): string {
  return normalise(text)
    .replace(/['’]/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface Sent {
  readonly at: number;
  readonly pageMs?: number;
}

interface Timed {
  readonly ms: number;
  readonly pageMs?: number;
}

/**
 * The running record of one browser chat: transcript, timings and ending. Every transcript time is
 * `clock.monotonic()` read when the page's report reached us. Response timings run from the customer's first
 * message leaving the page to the reply appearing, read on the page's own clock (`performance.now()` in the page,
 * at the send event and in the observer's callback) when the page reported both, scaled by the clock's rate (a
 * compressed clock); Kept's own reading of the same interval is kept as a cross-check (`keptTimings`).
 */
export class BrowserConversation {
  readonly #clock: Clock;
  readonly #waitForHuman: boolean;
  readonly #start: number;
  readonly #transcript: TranscriptLine[] = [];
  readonly #typed: string[] = [];
  /** Every send (the first message, then each request for a person), as timed. */
  readonly #sends: Sent[] = [];
  readonly #rules: ClassifyRules;
  /** Real ms (performance.now in Node) when the conversation started, to know the clock's rate. */
  readonly #realStart = performance.now();
  readonly #listeners = new Set<() => void>();
  #connectMs: number | undefined;
  #firstSent: Sent | undefined;
  #firstResponse: Timed | undefined;
  #human: (Timed & { at: number }) | undefined;
  #autoReply: Timed | undefined;
  #lastActivity: number | undefined;
  #totalMs: number | undefined;
  #responses = 0;
  #rate: number | undefined;
  #ending: Ending | undefined;
  #settle: (ending: Ending) => void = () => undefined;
  readonly #newBotTexts: string[] = [];
  readonly ended: Promise<Ending>;

  constructor(clock: Clock, options: { waitForHuman: boolean } & ClassifyRules) {
    this.#clock = clock;
    this.#waitForHuman = options.waitForHuman;
    this.#rules = { botByDefault: options.botByDefault, unmarkedIsSystem: options.unmarkedIsSystem };
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

  /** The chat is ready to write in; ignored once the attempt is over (connectMs never exceeds totalMs). */
  connected(at = this.#clock.monotonic()): void {
    if (this.isOver) return;
    this.#connectMs ??= this.sinceStart(at);
  }

  /** The customer's text left the page at `at` (the page's send event, or just before our action). */
  sent(text: string, at: number, pageMs?: number): void {
    this.#firstSent ??= pageMs === undefined ? { at } : { at, pageMs };
    this.#sends.push(pageMs === undefined ? { at } : { at, pageMs });
    this.#typed.push(text);
    this.#transcript.push({ atMs: this.sinceStart(at), from: 'customer', text });
  }

  /** A message the page reported at monotonic time `at`. */
  message(
    event: { text: string; name?: string; flags: Readonly<Record<MarkerGroup, boolean>>; pageMs: number },
    at: number,
  ): Classified {
    if (this.isOver) return 'unknown';
    const kind = classify(event.flags, isEchoOf(event.text, this.#typed), this.#rules);
    if (kind === 'echo') return kind;
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
    const inPage = sent.pageMs === undefined ? {} : { pageMs: pageMs - sent.pageMs };
    this.#responses += 1;
    this.#firstResponse ??= { ms, ...inPage };
    if (from === 'human') this.#human ??= { ms, at, ...inPage };
    if (from === 'bot') this.#autoReply ??= { ms, ...inPage };
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
    this.#rate = clockRate(this.#totalMs, performance.now() - this.#realStart);
    this.#settle(ending);
    for (const listener of this.#listeners) listener();
  }

  /** Clock ms per real ms over the attempt (1 on real time), to put page-clock intervals on the clock. */
  #clockRate(): number {
    return this.#rate ?? clockRate(this.sinceStart(this.#clock.monotonic()), performance.now() - this.#realStart);
  }

  /** The reported figure: the page's interval (scaled to the clock) when the page timed both ends, else Kept's. */
  #figure(timed: Timed | undefined): number | undefined {
    if (timed === undefined) return undefined;
    return timed.pageMs === undefined ? timed.ms : round(timed.pageMs * this.#clockRate());
  }

  timings(): Timings {
    const totalMs = this.#totalMs ?? this.sinceStart(this.#clock.monotonic());
    const figures = {
      connectMs: this.#connectMs,
      firstResponseMs: this.#figure(this.#firstResponse),
      humanMs: this.#figure(this.#human),
      autoReplyMs: this.#figure(this.#autoReply),
    };
    const out: Record<string, number> = {};
    for (const [key, value] of Object.entries(figures)) if (value !== undefined) out[key] = Math.min(value, totalMs);
    return { ...out, totalMs };
  }

  /**
   * From the first request for a person (the second send) leaving the page to the first human reply: on the page's
   * clock when the page timed both (scaled like the other figures), else on Kept's; undefined without both.
   */
  handoffMs(): { ms: number; keptMs: number } | undefined {
    const request = this.#sends[1];
    const first = this.#firstSent;
    if (request === undefined || first === undefined || this.#human === undefined) return undefined;
    const keptMs = round(this.#human.at - request.at);
    if (this.#human.pageMs === undefined || request.pageMs === undefined || first.pageMs === undefined)
      return { ms: keptMs, keptMs };
    const pageMs = this.#human.pageMs - (request.pageMs - first.pageMs);
    return { ms: round(pageMs * this.#clockRate()), keptMs };
  }

  /** Kept's own readings of the response intervals (report to report, on `clock`), the page clock's cross-check. */
  keptTimings(): Record<string, number> {
    return {
      ...(this.#firstResponse === undefined ? {} : { firstResponseMs: this.#firstResponse.ms }),
      ...(this.#human === undefined ? {} : { humanMs: this.#human.ms }),
      ...(this.#autoReply === undefined ? {} : { autoReplyMs: this.#autoReply.ms }),
    };
  }

  /** The page clock's own intervals (real ms, unscaled), for diagnosis. */
  pageTimings(): Record<string, number> {
    const real = (timed: Timed | undefined): number | undefined =>
      timed?.pageMs === undefined ? undefined : round(timed.pageMs);
    const out: Record<string, number> = {};
    const entries = { firstResponseMs: this.#firstResponse, humanMs: this.#human, autoReplyMs: this.#autoReply };
    for (const [key, timed] of Object.entries(entries)) {
      const value = real(timed);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
}

/** Milliseconds to a tenth. */
function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
