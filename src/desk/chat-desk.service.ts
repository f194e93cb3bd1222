import type { Clock, Logger } from '../app/ports.ts';
import { staffingAt, type Staffing, type StaffingSchedule } from './staffing.schedule.ts';
import type { DeskTaskEvents } from './taskrouter/task-ledger.ts';

export type DeskRole = 'bot' | 'agent' | 'customer';

/** One chat message as the desk speaks it on every transport. */
export interface DeskMessage {
  readonly type: 'message';
  readonly id: string;
  readonly conversationId: string;
  /** Position in the conversation, from 0. */
  readonly seq: number;
  readonly text: string;
  readonly from: { readonly role: DeskRole; readonly name: string };
  /** Desk clock, epoch ms. */
  readonly sentAt: number;
  /** For replies: the true delay the desk took, from the customer's message arriving to this reply leaving (ms). */
  readonly deskDelayMs?: number;
}

export interface DeskConversation {
  readonly id: string;
  readonly transport: 'websocket' | 'http';
  readonly openedAt: number;
  readonly messages: DeskMessage[];
  customer: string | undefined;
  ended: boolean;
  answered: boolean;
  readonly pending: AbortController;
  readonly listeners: Set<(message: DeskMessage) => void>;
}

export type Received =
  | { readonly accepted: true; readonly message: DeskMessage; readonly staffing: Staffing['mode'] }
  | { readonly accepted: false; readonly why: 'unknown' | 'ended' | 'closed' };

export interface ChatDeskDeps {
  readonly clock: Clock;
  readonly staffing: StaffingSchedule;
  readonly random: () => number;
  readonly botDelayMs: number;
  readonly log?: Logger;
  /** Told when the bot hands a customer over, an agent answers, a conversation ends (the TaskRouter ledger). */
  readonly tasks?: DeskTaskEvents;
}

/** A small seeded pseudo-random generator (mulberry32): the same seed gives the same sequence, in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A whole number drawn uniformly from [min, max]. */
export function between(random: () => number, [min, max]: readonly [number, number]): number {
  return Math.round(min + random() * (max - min));
}

const BOT_NAME = 'Kai (virtual assistant)';
const AGENTS = ['Priya', 'Tom', 'Aisha', 'Marek', 'Hannah'] as const;
const KEEP_CONVERSATIONS = 1_000;

/**
 * The desk's conversations and who answers them. The staffing decision is taken with `clock.now()` when the
 * customer's first message arrives; every reply waits with `clock.sleep` from that moment, so the desk runs on a
 * compressed clock as well as on real time.
 */
export class ChatDesk {
  readonly #deps: ChatDeskDeps;
  readonly #conversations = new Map<string, DeskConversation>();
  #counter = 0;

  constructor(deps: ChatDeskDeps) {
    this.#deps = deps;
  }

  open(transport: DeskConversation['transport'], customer?: string): DeskConversation {
    this.#counter += 1;
    const id = `c${this.#counter}-${Math.floor(this.#deps.random() * 0xffffff)
      .toString(16)
      .padStart(6, '0')}`;
    const conversation: DeskConversation = {
      id,
      transport,
      openedAt: this.#deps.clock.now(),
      messages: [],
      customer,
      ended: false,
      answered: false,
      pending: new AbortController(),
      listeners: new Set(),
    };
    this.#conversations.set(id, conversation);
    if (this.#conversations.size > KEEP_CONVERSATIONS) {
      const oldest = this.#conversations.keys().next().value as string;
      this.end(oldest);
      this.#conversations.delete(oldest);
    }
    return conversation;
  }

  get(id: string): DeskConversation | undefined {
    return this.#conversations.get(id);
  }

  /** The newest conversations first. */
  recent(limit: number): DeskConversation[] {
    return [...this.#conversations.values()].reverse().slice(0, limit);
  }

  receive(id: string, text: string, customer?: string): Received {
    const arrivedAt = this.#deps.clock.monotonic();
    const conversation = this.#conversations.get(id);
    if (conversation === undefined) return { accepted: false, why: 'unknown' };
    if (conversation.ended) return { accepted: false, why: 'ended' };
    const staffing = staffingAt(this.#deps.staffing, this.#deps.clock.now());
    if (staffing.mode === 'closed') {
      this.end(id);
      return { accepted: false, why: 'closed' };
    }
    if (customer !== undefined) conversation.customer = customer;
    const message = this.#post(conversation, 'customer', conversation.customer ?? 'Customer', text);
    if (!conversation.answered) {
      conversation.answered = true;
      void this.#answer(conversation, staffing, arrivedAt);
    }
    return { accepted: true, message, staffing: staffing.mode };
  }

  subscribe(id: string, listener: (message: DeskMessage) => void): () => void {
    const conversation = this.#conversations.get(id);
    conversation?.listeners.add(listener);
    return () => conversation?.listeners.delete(listener);
  }

  /** Ends a conversation: pending replies are cancelled; its messages stay readable. */
  end(id: string): boolean {
    const conversation = this.#conversations.get(id);
    if (conversation === undefined) return false;
    if (!conversation.ended) this.#deps.tasks?.ended(id, this.#deps.clock.now());
    conversation.ended = true;
    conversation.pending.abort();
    conversation.listeners.clear();
    return true;
  }

  stop(): void {
    for (const id of this.#conversations.keys()) this.end(id);
  }

  async #answer(conversation: DeskConversation, staffing: Staffing, arrivedAt: number): Promise<void> {
    const greeting =
      staffing.mode === 'staffed'
        ? "I've passed your message to our team: a person usually joins within a minute."
        : 'Our team is available Monday to Friday, 8am to 8pm UK time. I have noted your message.';
    const hello = `Hi ${conversation.customer ?? 'there'}, I'm Kai, the virtual assistant. ${greeting}`;
    const handOver = staffing.mode === 'staffed' ? 'bot' : undefined;
    const replies = [this.#reply(conversation, arrivedAt, this.#deps.botDelayMs, 'bot', BOT_NAME, hello, handOver)];
    if (staffing.mode === 'staffed') {
      const delay = between(this.#deps.random, staffing.humanDelayMs);
      const agent = AGENTS[Math.floor(this.#deps.random() * AGENTS.length)] as string;
      const text = `Hi ${conversation.customer ?? 'there'}, this is ${agent} from the support team. Sorry about that, let me look into it.`;
      replies.push(this.#reply(conversation, arrivedAt, delay, 'agent', agent, text, 'agent'));
    }
    await Promise.all(replies);
  }

  async #reply(
    conversation: DeskConversation,
    arrivedAt: number,
    delayMs: number,
    role: DeskRole,
    name: string,
    text: string,
    task?: 'bot' | 'agent',
  ): Promise<void> {
    try {
      await this.#deps.clock.sleep(delayMs, conversation.pending.signal);
    } catch {
      return;
    }
    if (conversation.ended) return;
    const deskDelayMs = Math.round((this.#deps.clock.monotonic() - arrivedAt) * 10) / 10;
    this.#post(conversation, role, name, text, deskDelayMs);
    if (task === 'bot') this.#deps.tasks?.handedOver(conversation.id, this.#deps.clock.now());
    if (task === 'agent') this.#deps.tasks?.answered(conversation.id, this.#deps.clock.now());
    this.#deps.log?.info('desk replied', {
      conversationId: conversation.id,
      role,
      plannedDelayMs: delayMs,
      deskDelayMs,
    });
  }

  #post(conversation: DeskConversation, role: DeskRole, name: string, text: string, deskDelayMs?: number): DeskMessage {
    const seq = conversation.messages.length;
    const message: DeskMessage = {
      type: 'message',
      id: `${conversation.id}-m${seq}`,
      conversationId: conversation.id,
      seq,
      text,
      from: { role, name },
      sentAt: this.#deps.clock.now(),
      ...(deskDelayMs === undefined ? {} : { deskDelayMs }),
    };
    conversation.messages.push(message);
    for (const listener of conversation.listeners) listener(message);
    return message;
  }
}
