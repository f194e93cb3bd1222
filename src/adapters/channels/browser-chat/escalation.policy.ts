/** How the customer asks for a person, compiled from the probe's options. */
export interface EscalationSettings {
  /** Phrases to write, in order, one per settled bot reply. Already rendered. */
  readonly phrases: readonly string[];
  /** Quick-reply labels to click (each once) before writing phrases. */
  readonly option?: RegExp;
  /** A bot message meaning a person is on the way. */
  readonly handoff?: RegExp;
  /** The same bot text, or the same set of options, this many times (once asked) is a dead end. */
  readonly repeats: number;
}

/** What the bot has shown since the last decision. */
export interface BotView {
  /** Bot messages that arrived since the last decision, in order. */
  readonly newBotTexts: readonly string[];
  /** The quick replies offered now (the latest group), in order. */
  readonly options: readonly string[];
}

export type DeadEndKind = 'repeated' | 'options-loop';

export type Decision =
  | { readonly kind: 'click-option'; readonly label: string }
  | { readonly kind: 'send-phrase'; readonly text: string }
  | { readonly kind: 'wait'; readonly why: 'handoff' | 'exhausted' | 'nothing-to-ask-with' }
  | { readonly kind: 'dead-end'; readonly dead: DeadEndKind; readonly evidence: string; readonly times: number };

/** Texts compared for repetition: case, spacing and trailing punctuation do not make a reply new. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?…]+$/u, '')
    .trim();
}

/**
 * The customer's side of trying to reach a person, decided each time the bot falls quiet. It clicks an offered
 * quick reply that asks for a person (each label once), else writes the next phrase; once the bot says a person is
 * coming (`handoff`) it only waits. After the first request, the bot saying the same thing `repeats` times, or
 * offering the same options `repeats` times, is a dead end: there is no way forward. Pure apart from its own counts.
 */
export class EscalationPolicy {
  readonly #settings: EscalationSettings;
  readonly #texts = new Map<string, { count: number; afterAsking: boolean; text: string }>();
  readonly #optionSets = new Map<string, { count: number; afterAsking: boolean }>();
  readonly #clicked = new Set<string>();
  #phrase = 0;
  #asked = 0;
  #handoff = false;

  constructor(settings: EscalationSettings) {
    this.#settings = settings;
  }

  /** How many times the customer has asked for a person (options clicked and phrases written). */
  get requests(): number {
    return this.#asked;
  }

  get handoffSeen(): boolean {
    return this.#handoff;
  }

  decide(view: BotView): Decision {
    const asked = this.#asked > 0;
    for (const text of view.newBotTexts) {
      if (this.#settings.handoff?.test(text) === true) this.#handoff = true;
      const key = normalise(text);
      const seen = this.#texts.get(key) ?? { count: 0, afterAsking: false, text };
      this.#texts.set(key, { count: seen.count + 1, afterAsking: seen.afterAsking || asked, text: seen.text });
    }
    if (view.options.length > 0 && view.newBotTexts.length > 0) {
      const key = view.options.map(normalise).join(' | ');
      const seen = this.#optionSets.get(key) ?? { count: 0, afterAsking: false };
      this.#optionSets.set(key, { count: seen.count + 1, afterAsking: seen.afterAsking || asked });
    }
    if (this.#handoff) return { kind: 'wait', why: 'handoff' };
    const dead = this.#deadEnd();
    if (dead !== undefined) return dead;
    return this.#nextRequest(view.options);
  }

  #deadEnd(): Decision | undefined {
    if (this.#asked === 0) return undefined;
    const { repeats } = this.#settings;
    for (const seen of this.#texts.values()) {
      if (seen.afterAsking && seen.count >= repeats)
        return { kind: 'dead-end', dead: 'repeated', evidence: seen.text, times: seen.count };
    }
    for (const [labels, seen] of this.#optionSets) {
      if (seen.afterAsking && seen.count >= repeats)
        return { kind: 'dead-end', dead: 'options-loop', evidence: labels, times: seen.count };
    }
    return undefined;
  }

  #nextRequest(options: readonly string[]): Decision {
    const { option, phrases } = this.#settings;
    const label =
      option === undefined ? undefined : options.find((l) => option.test(l) && !this.#clicked.has(normalise(l)));
    if (label !== undefined) {
      this.#clicked.add(normalise(label));
      this.#asked += 1;
      return { kind: 'click-option', label };
    }
    const text = phrases[this.#phrase];
    if (text !== undefined) {
      this.#phrase += 1;
      this.#asked += 1;
      return { kind: 'send-phrase', text };
    }
    return { kind: 'wait', why: this.#asked === 0 ? 'nothing-to-ask-with' : 'exhausted' };
  }
}

/** The finding's explanation, in words. */
export function describeDeadEnd(decision: Extract<Decision, { kind: 'dead-end' }>, requests: number): string {
  const asked = `after ${requests} request${requests === 1 ? '' : 's'} for a person`;
  return decision.dead === 'repeated'
    ? `the bot repeated itself ${decision.times} times ("${decision.evidence}") ${asked}`
    : `the bot offered the same options ${decision.times} times (${decision.evidence}) ${asked}`;
}
