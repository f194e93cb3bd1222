import type { Clock, Logger } from '../../app/ports.ts';
import { between } from '../chat-desk.service.ts';
import { staffingAt, type StaffingSchedule } from '../staffing.schedule.ts';

/** normal: the bot hands over to a person when staffed; never-hands-over: the bot only ever repeats its menu. */
export type WebChatScenario = 'normal' | 'never-hands-over';
export const WEB_CHAT_SCENARIOS: readonly WebChatScenario[] = ['normal', 'never-hands-over'];

export type WebChatRole = 'customer' | 'bot' | 'agent';

/** What the desk sends to the widget. */
export type WebChatOutgoing =
  | {
      readonly type: 'message';
      readonly id: string;
      readonly role: 'bot' | 'agent';
      readonly name: string;
      readonly text: string;
      readonly options?: readonly string[];
    }
  | { readonly type: 'typing'; readonly on: boolean; readonly name: string }
  | { readonly type: 'closed'; readonly text: string };

/** One message as the desk records it: the truth tests and benchmarks compare the probe with. */
export interface WebChatEntry {
  readonly seq: number;
  readonly role: WebChatRole;
  readonly name: string;
  readonly text: string;
  readonly options?: readonly string[];
  /** Desk clock, epoch ms. */
  readonly at: number;
  /** Replies: the true delay (clock ms) from the customer message this answers arriving to this reply leaving. */
  readonly deskDelayMs?: number;
  /** Replies: the true delay from the conversation's first customer message arriving to this reply leaving. */
  readonly sinceFirstMs?: number;
  /** Replies: the seq of the customer message this answers. */
  readonly answers?: number;
}

export interface WebChatRecord {
  readonly id: string;
  readonly scenario: WebChatScenario;
  readonly customer: string;
  readonly openedAt: number;
  readonly messages: WebChatEntry[];
  staffing?: 'staffed' | 'bot-only' | 'closed';
  handedOver: boolean;
  ended: boolean;
}

interface Live {
  readonly record: WebChatRecord;
  readonly send: (out: WebChatOutgoing) => void;
  readonly pending: AbortController;
  firstArrival?: number;
}

export interface WebChatDeskDeps {
  readonly clock: Clock;
  readonly staffing: StaffingSchedule;
  readonly random: () => number;
  readonly botDelayMs: number;
  readonly log?: Logger;
}

export const BOT_NAME = 'Kai (virtual assistant)';
const AGENTS = ['Priya', 'Tom', 'Aisha', 'Marek', 'Hannah'] as const;
const TOPICS = ['Billing', 'Orders', 'Returns'] as const;
const ASKS_FOR_PERSON = /\b(person|human|agent|someone|somebody|representative|operator|advis[eo]r|staff|real)\b/i;
const KEEP = 500;

/**
 * The web-chat desk's conversations. The bot answers every customer message after `botDelayMs`; asked for a person,
 * it hands over when the staffing schedule says staffed (an agent joins after a delay drawn from the shift's
 * `humanDelayMs`, counted from the request), says nobody is available when bot-only (the same words every time),
 * and in the `never-hands-over` scenario only ever repeats its menu. A closed desk closes the chat.
 */
export class WebChatDesk {
  readonly #deps: WebChatDeskDeps;
  readonly #live = new Map<string, Live>();
  #counter = 0;

  constructor(deps: WebChatDeskDeps) {
    this.#deps = deps;
  }

  open(scenario: WebChatScenario, customer: string, send: (out: WebChatOutgoing) => void): WebChatRecord {
    this.#counter += 1;
    const id = `w${this.#counter}-${Math.floor(this.#deps.random() * 0xffffff)
      .toString(16)
      .padStart(6, '0')}`;
    const record: WebChatRecord = {
      id,
      scenario,
      customer,
      openedAt: this.#deps.clock.now(),
      messages: [],
      handedOver: false,
      ended: false,
    };
    this.#live.set(id, { record, send, pending: new AbortController() });
    if (this.#live.size > KEEP) this.#forget(this.#live.keys().next().value as string);
    this.#post(
      this.#live.get(id) as Live,
      'bot',
      BOT_NAME,
      `Hi ${customer}! I'm Kai, the virtual assistant. How can I help today?`,
    );
    return record;
  }

  /** The newest conversations first, with every message and its true delay. */
  records(limit = 50): WebChatRecord[] {
    return [...this.#live.values()]
      .map((l) => l.record)
      .reverse()
      .slice(0, limit);
  }

  receive(id: string, text: string): void {
    const arrived = this.#deps.clock.monotonic();
    const live = this.#live.get(id);
    if (live === undefined || live.record.ended) return;
    const customerMessage = this.#post(live, 'customer', live.record.customer, text);
    const first = live.firstArrival === undefined;
    live.firstArrival ??= arrived;
    const staffing = staffingAt(this.#deps.staffing, this.#deps.clock.now());
    if (first) live.record.staffing = staffing.mode;
    if (staffing.mode === 'closed') {
      live.send({ type: 'closed', text: 'Our chat is closed right now. Please try again later.' });
      this.end(id);
      return;
    }
    if (live.record.handedOver) return;
    const reply = (
      delayMs: number,
      role: 'bot' | 'agent',
      name: string,
      words: string,
      options?: readonly string[],
    ): void =>
      void this.#reply(live, {
        arrived,
        answers: customerMessage.seq,
        delayMs,
        role,
        name,
        text: words,
        ...(options === undefined ? {} : { options }),
      });
    const { botDelayMs } = this.#deps;
    const who = live.record.customer;
    if (live.record.scenario === 'never-hands-over') {
      reply(
        botDelayMs,
        'bot',
        BOT_NAME,
        'I can help with billing, orders and returns. Please choose one of the options below.',
        TOPICS,
      );
    } else if (first) {
      reply(
        botDelayMs,
        'bot',
        BOT_NAME,
        `Thanks, ${who}. I can help with billing, orders and returns, or put you through to a person.`,
        [...TOPICS, 'Talk to a person'],
      );
    } else if (!ASKS_FOR_PERSON.test(text)) {
      const topic = TOPICS.find((t) => text.toLowerCase().includes(t.toLowerCase().replace(/s$/, '')));
      reply(
        botDelayMs,
        'bot',
        BOT_NAME,
        topic === undefined
          ? "Sorry, I didn't get that. You can ask about billing, orders or returns, or ask for a person."
          : `Our ${topic.toLowerCase()} help pages are at https://demo.kept.invalid/help. Anything else?`,
      );
    } else if (staffing.mode === 'staffed') {
      live.record.handedOver = true;
      reply(
        botDelayMs,
        'bot',
        BOT_NAME,
        "Sure, I'm connecting you to our team. A person usually joins within a minute.",
      );
      const agent = AGENTS[Math.floor(this.#deps.random() * AGENTS.length)] as string;
      reply(
        between(this.#deps.random, staffing.humanDelayMs),
        'agent',
        agent,
        `Hi ${who}, this is ${agent} from the support team. How can I help?`,
      );
    } else {
      reply(
        botDelayMs,
        'bot',
        BOT_NAME,
        'Sorry, there is nobody from our team available right now. Is there anything else I can help with?',
      );
    }
  }

  async #reply(
    live: Live,
    r: {
      arrived: number;
      answers: number;
      delayMs: number;
      role: 'bot' | 'agent';
      name: string;
      text: string;
      options?: readonly string[];
    },
  ): Promise<void> {
    if (r.role === 'bot') live.send({ type: 'typing', on: true, name: r.name });
    try {
      await this.#deps.clock.sleep(r.delayMs, live.pending.signal);
    } catch {
      return;
    }
    if (live.record.ended) return;
    const now = this.#deps.clock.monotonic();
    const deskDelayMs = round(now - r.arrived);
    const sinceFirstMs = round(now - (live.firstArrival ?? r.arrived));
    this.#post(live, r.role, r.name, r.text, {
      deskDelayMs,
      sinceFirstMs,
      answers: r.answers,
      ...(r.options === undefined ? {} : { options: r.options }),
    });
    this.#deps.log?.info('web chat desk replied', {
      conversationId: live.record.id,
      role: r.role,
      plannedDelayMs: r.delayMs,
      deskDelayMs,
    });
  }

  #post(live: Live, role: WebChatRole, name: string, text: string, extra: Partial<WebChatEntry> = {}): WebChatEntry {
    const entry: WebChatEntry = {
      seq: live.record.messages.length,
      role,
      name,
      text,
      at: this.#deps.clock.now(),
      ...extra,
    };
    live.record.messages.push(entry);
    if (role !== 'customer') {
      if (role === 'bot' && extra.deskDelayMs !== undefined) live.send({ type: 'typing', on: false, name });
      live.send({
        type: 'message',
        id: `${live.record.id}-m${entry.seq}`,
        role,
        name,
        text,
        ...(entry.options === undefined ? {} : { options: entry.options }),
      });
    }
    return entry;
  }

  /** Ends a conversation: pending replies are cancelled; its record stays readable. */
  end(id: string): void {
    const live = this.#live.get(id);
    if (live === undefined) return;
    live.record.ended = true;
    live.pending.abort();
  }

  #forget(id: string): void {
    this.end(id);
    this.#live.delete(id);
  }

  stop(): void {
    for (const id of this.#live.keys()) this.end(id);
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
