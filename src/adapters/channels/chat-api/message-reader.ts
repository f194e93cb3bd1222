import { parseJsonPath, selectAll, selectFirst, type JsonPath } from '../../../domain/json-path.ts';
import { cutText } from '../../../domain/evidence-limits.ts';
import type { ChatApiOptions, Marker } from './chat-api.options.ts';

/** Message ids remembered to skip duplicates; the oldest are forgotten past this, so an endless stream stays bounded. */
const SEEN_IDS = 100_000;

/** What one incoming item (a message inside a frame or poll response) turned out to be. */
export type ReadItem =
  | { readonly kind: 'ignored' }
  /** Kept's own message coming back (an echo): recognised by its text or by the id the service gave it. */
  | { readonly kind: 'own' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'unreadable'; readonly sample: string }
  | { readonly kind: 'closed'; readonly text?: string; readonly name?: string; readonly cutFrom?: number }
  | {
      readonly kind: 'message';
      readonly from: 'human' | 'bot' | 'system' | 'unknown';
      readonly text: string;
      readonly name?: string;
      /** Set when the text was cut to `limits.messageChars`: its length before. */
      readonly cutFrom?: number;
    };

type Test = (item: unknown) => boolean;

function compileMarker(marker: Marker): Test {
  const path = parseJsonPath(marker.path);
  if (Object.hasOwn(marker, 'equals')) {
    return (item) => selectAll(path, item).some((value) => value === marker.equals);
  }
  if (Object.hasOwn(marker, 'notEquals')) {
    return (item) => !selectAll(path, item).some((value) => value === marker.notEquals);
  }
  if (marker.matches !== undefined) {
    const pattern = new RegExp(marker.matches);
    return (item) =>
      selectAll(path, item).some(
        (value) => (typeof value === 'string' || typeof value === 'number') && pattern.test(String(value)),
      );
  }
  const wanted = marker.exists === true;
  return (item) => selectAll(path, item).some((value) => value !== undefined) === wanted;
}

function anyOf(markers: readonly Marker[]): Test {
  const tests = markers.map(compileMarker);
  return (item) => tests.some((test) => test(item));
}

function textOf(path: JsonPath | undefined, item: unknown): string | undefined {
  if (path === undefined) return undefined;
  const value = selectFirst(path, item);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Text as compared for echoes: Unicode NFC, whitespace runs as one space, trimmed. */
function normalised(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** A short, printable sample of something we could not read, for the evidence. */
export function sampleOf(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** The compiled paths and markers of one probe's options: the same for every attempt. */
interface Rules {
  readonly messages: JsonPath;
  readonly text: JsonPath;
  readonly name: JsonPath | undefined;
  readonly sender: JsonPath | undefined;
  readonly id: JsonPath | undefined;
  readonly timestamp: JsonPath | undefined;
  readonly ignore: Test;
  readonly closed: Test;
  readonly system: Test;
  readonly human: Test;
  readonly bot: Test | undefined;
  readonly ready: Test | undefined;
}

/** Compiled once per options object (a probe's options are parsed once and kept), not once per attempt. */
const RULES = new WeakMap<ChatApiOptions, Rules>();

function rulesOf(options: ChatApiOptions): Rules {
  const known = RULES.get(options);
  if (known !== undefined) return known;
  const optional = (path: string | undefined): JsonPath | undefined =>
    path === undefined ? undefined : parseJsonPath(path);
  const rules: Rules = {
    messages: parseJsonPath(options.receive.messagesPath),
    text: parseJsonPath(options.receive.textPath),
    name: optional(options.receive.senderNamePath),
    sender: optional(options.receive.senderPath),
    id: optional(options.receive.idPath),
    timestamp: optional(options.receive.timestampPath),
    ignore: anyOf(options.receive.ignore),
    closed: anyOf(options.closed),
    system: anyOf(options.system),
    human: anyOf(options.human),
    bot: options.bot === undefined ? undefined : anyOf(options.bot),
    ready: options.websocket?.ready === undefined ? undefined : anyOf(options.websocket.ready),
  };
  RULES.set(options, rules);
  return rules;
}

/**
 * Reads a chat back end's frames with the probe's receive paths and markers. Compiling throws a validation error for
 * a bad path or pattern (the options schema catches those earlier). Not pure: it remembers message ids it has seen.
 */
export class MessageReader {
  /** The probe's compiled paths and markers, shared by its attempts. */
  readonly #rules: Rules;
  readonly #senders = new Set<string>();
  readonly #ownTexts = new Set<string>();
  /** Shortest and longest own text (normalised), to skip normalising texts that cannot be one. */
  #ownLength = { min: Number.POSITIVE_INFINITY, max: 0 };
  readonly #ownIds = new Set<string>();
  readonly #seen = new Set<string>();
  /** How much of what the service sends is read and kept (`options.limits`). */
  readonly limits: ChatApiOptions['limits'];

  constructor(options: ChatApiOptions) {
    this.#rules = rulesOf(options);
    this.limits = options.limits;
  }

  /** The distinct sender roles seen at receive.senderPath (for checking the human and bot markers). */
  get senders(): string[] {
    return [...this.#senders];
  }

  /** The raw items (messages) in one frame or poll response. */
  items(frame: unknown): unknown[] {
    return selectAll(this.#rules.messages, frame);
  }

  /** Whether a frame is the websocket `ready` signal (always true when none is configured). */
  isReady(frame: unknown): boolean {
    return this.#rules.ready === undefined || this.#rules.ready(frame);
  }

  /**
   * Remembers what Kept itself sent (the message text, or the id the service gave it): an item with that text or id
   * is read as `own`, before any rule, so an echo of the customer's message is never a reply.
   */
  own(sent: { text?: string; id?: string }): void {
    const text = sent.text === undefined ? '' : normalised(sent.text);
    if (text !== '') {
      this.#ownTexts.add(text);
      this.#ownLength = {
        min: Math.min(this.#ownLength.min, text.length),
        max: Math.max(this.#ownLength.max, text.length),
      };
    }
    if (sent.id !== undefined && sent.id !== '') this.#ownIds.add(sent.id);
  }

  /** The id of an item at receive.idPath, if any. */
  idOf(item: unknown): string | undefined {
    return textOf(this.#rules.id, item);
  }

  /** Whether an item has text at receive.textPath (a message, not an acknowledgement or a receipt). */
  isMessage(item: unknown): boolean {
    return textOf(this.#rules.text, item) !== undefined;
  }

  /** The time of an item at receive.timestampPath as written, if any. */
  timestampOf(item: unknown): string | undefined {
    return textOf(this.#rules.timestamp, item);
  }

  #isOwn(item: unknown, id: string | undefined): boolean {
    if (id !== undefined && this.#ownIds.has(id)) return true;
    if (this.#ownTexts.size === 0) return false;
    const text = textOf(this.#rules.text, item);
    if (text === undefined) return false;
    if (this.#ownTexts.has(text)) return true;
    // Normalising only shortens a text (bar rare NFC expansions): far shorter or longer ones cannot match.
    if (text.length * 2 < this.#ownLength.min || text.length > this.#ownLength.max * 4) return false;
    return this.#ownTexts.has(normalised(text));
  }

  read(item: unknown): ReadItem {
    const id = textOf(this.#rules.id, item);
    if (this.#isOwn(item, id)) return { kind: 'own' };
    if (this.#rules.ignore(item)) return { kind: 'ignored' };
    if (id !== undefined) {
      if (this.#seen.has(id)) return { kind: 'duplicate' };
      this.#seen.add(id);
      if (this.#seen.size > SEEN_IDS) this.#seen.delete(this.#seen.values().next().value as string);
    }
    const sender = textOf(this.#rules.sender, item);
    if (sender !== undefined && this.#senders.size < 20) this.#senders.add(sender);
    const full = textOf(this.#rules.text, item);
    const limit = this.limits.messageChars;
    const text = full === undefined ? undefined : cutText(full, limit);
    const rawName = textOf(this.#rules.name, item);
    const name = rawName === undefined ? undefined : cutText(rawName, 200);
    const named = {
      ...(name === undefined ? {} : { name }),
      ...(full !== undefined && full.length > limit ? { cutFrom: full.length } : {}),
    };
    if (this.#rules.closed(item)) return { kind: 'closed', ...named, ...(text === undefined ? {} : { text }) };
    if (text === undefined) return { kind: 'unreadable', sample: sampleOf(item) };
    if (this.#rules.system(item)) return { kind: 'message', from: 'system', text, ...named };
    if (this.#rules.human(item)) return { kind: 'message', from: 'human', text, ...named };
    if (this.#rules.bot === undefined || this.#rules.bot(item)) return { kind: 'message', from: 'bot', text, ...named };
    return { kind: 'message', from: 'unknown', text, ...named };
  }
}
