import type { Clock } from '../../../app/ports.ts';
import type { BrowserChatOptions } from './browser-chat.options.ts';
import type { BrowserConversation } from './browser-conversation.ts';
import { EscalationPolicy, describeDeadEnd, type Decision } from './escalation.policy.ts';
import type { PageEvent } from './page-observer.script.ts';
import type { WidgetSession } from './widget.session.ts';

export interface EscalationRecord {
  readonly atMs: number;
  readonly how: 'option' | 'phrase';
  readonly text: string;
}

/**
 * Holds the customer's side of one conversation in the page: writes the message, and after each bot reply has
 * settled asks for a person as the escalation policy says, until the conversation ends (a human, a dead end, the
 * time-out, the service closing, or our failure). Page events come in through `onPageEvent`.
 */
export class ChatDriver {
  readonly #conversation: BrowserConversation;
  readonly #clock: Clock;
  readonly #options: BrowserChatOptions;
  readonly #signal: AbortSignal;
  readonly #policy: EscalationPolicy;
  readonly requests: EscalationRecord[] = [];
  readonly decisions: string[] = [];
  #session: WidgetSession | undefined;
  #pending: string | undefined;
  /** How the sends were timed: by the page's own event, or from just before our action. */
  readonly sentBy = new Set<'page-event' | 'action'>();

  constructor(deps: {
    conversation: BrowserConversation;
    clock: Clock;
    options: BrowserChatOptions;
    signal: AbortSignal;
    phrases: readonly string[];
  }) {
    this.#conversation = deps.conversation;
    this.#clock = deps.clock;
    this.#options = deps.options;
    this.#signal = deps.signal;
    const { escalation, deadEnd } = deps.options;
    this.#policy = new EscalationPolicy({
      phrases: deps.phrases,
      ...(escalation.options === undefined ? {} : { option: new RegExp(escalation.options.matches, 'i') }),
      ...(escalation.handoff === undefined ? {} : { handoff: new RegExp(escalation.handoff, 'i') }),
      repeats: deadEnd.repeats,
    });
  }

  /** Every event the page reports, already timed with the clock. */
  onPageEvent(event: PageEvent, at: number): void {
    const conversation = this.#conversation;
    if (event.type === 'sent') {
      if (this.#pending === undefined) return;
      conversation.sent(this.#pending, at, event.pageMs);
      this.#pending = undefined;
      this.sentBy.add('page-event');
    } else if (event.type === 'message') {
      conversation.message(event, at);
    } else {
      conversation.end({
        kind: 'ours',
        reason: `the message selectors or markers do not work in the page: ${event.message}`,
      });
    }
  }

  /** Writes the first message, then escalates until the conversation is over. */
  async converse(session: WidgetSession, message: string): Promise<void> {
    this.#session = session;
    await this.#send(message, () => session.write(message));
    if (!this.#options.waitForHuman) return;
    while (!this.#conversation.isOver) {
      if (this.#conversation.pendingBotTexts === 0) await this.#conversation.nextResponse();
      if (!(await this.#settled())) return;
      const texts = this.#conversation.takeNewBotTexts();
      if (texts.length === 0) continue;
      const optionSelector = this.#options.escalation.options?.selector;
      const offered = optionSelector === undefined ? [] : await session.offeredOptions();
      if (this.#conversation.isOver) return;
      await this.#act(this.#policy.decide({ newBotTexts: texts, options: offered }), optionSelector);
    }
  }

  /** Waits until the conversation has been quiet for settleMs; false when it ended meanwhile. */
  async #settled(): Promise<boolean> {
    const { settleMs } = this.#options.escalation;
    for (;;) {
      if (this.#conversation.isOver) return false;
      const quietFor = this.#clock.monotonic() - (this.#conversation.lastActivity ?? -Infinity);
      if (quietFor >= settleMs) return !this.#conversation.humanReached;
      await this.#clock.sleep(settleMs - quietFor, this.#signal).catch(() => undefined);
    }
  }

  async #act(decision: Decision, optionSelector: string | undefined): Promise<void> {
    const session = this.#session as WidgetSession;
    this.decisions.push(decision.kind === 'wait' ? `wait (${decision.why})` : decision.kind);
    switch (decision.kind) {
      case 'dead-end':
        this.#conversation.end({ kind: 'dead-end', reason: describeDeadEnd(decision, this.#policy.requests) });
        return;
      case 'click-option':
        this.#note('option', decision.label);
        await this.#send(decision.label, () => session.clickOption(optionSelector as string, decision.label));
        return;
      case 'send-phrase':
        this.#note('phrase', decision.text);
        await this.#send(decision.text, () => session.write(decision.text));
        return;
      case 'wait':
        return;
    }
  }

  #note(how: EscalationRecord['how'], text: string): void {
    this.requests.push({ atMs: this.#conversation.sinceStart(this.#clock.monotonic()), how, text });
  }

  async #send(text: string, action: () => Promise<{ before: number; pageReported: boolean }>): Promise<void> {
    this.#pending = text;
    const { before, pageReported } = await action();
    if (!pageReported && this.#pending === text) {
      this.#conversation.sent(text, before);
      this.#pending = undefined;
      this.sentBy.add('action');
    }
  }
}
