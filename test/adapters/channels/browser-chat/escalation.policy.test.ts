import { describe, expect, it } from 'vitest';
import {
  EscalationPolicy,
  describeDeadEnd,
  normalise,
  type BotView,
  type Decision,
  type EscalationSettings,
} from '../../../../src/adapters/channels/browser-chat/escalation.policy.ts';

const MENU = ['Billing', 'Orders', 'Talk to a person'];
const settings = {
  phrases: ['I want a person', 'Agent please'],
  option: /person|human/i,
  handoff: /connecting you/i,
  repeats: 2,
};
const view = (newBotTexts: string[], options: string[] = []): BotView => ({ newBotTexts, options });

/** Feeds the bot's turns one by one and returns every decision. */
/** Settings to change; `option: undefined` leaves the option rule out. */
type Overrides = { [K in keyof typeof settings]?: (typeof settings)[K] | undefined };

function decisions(turns: BotView[], overrides: Overrides = {}): Decision[] {
  const given = Object.entries({ ...settings, ...overrides }).filter(([, value]) => value !== undefined);
  const policy = new EscalationPolicy(Object.fromEntries(given) as unknown as EscalationSettings);
  return turns.map((turn) => policy.decide(turn));
}

describe('EscalationPolicy', () => {
  it.each<[string, BotView[], Overrides, string[]]>([
    [
      'clicks an offered option that asks for a person before writing',
      [view(['Hi, how can I help?'], MENU)],
      {},
      ['click-option:Talk to a person'],
    ],
    [
      'writes the phrases in order when no option fits',
      [view(['Hi'], ['Billing']), view(['Hmm?'])],
      {},
      ['send-phrase:I want a person', 'send-phrase:Agent please'],
    ],
    [
      'clicks each option label only once',
      [view(['Hi'], MENU), view(['Pick one'], MENU)],
      { repeats: 5 },
      ['click-option:Talk to a person', 'send-phrase:I want a person'],
    ],
    [
      'stops asking once the bot hands over',
      [view(['Hi'], MENU), view(["Sure, I'm connecting you now."]), view(['Still connecting you'])],
      {},
      ['click-option:Talk to a person', 'wait:handoff', 'wait:handoff'],
    ],
    [
      'waits when it has run out of ways to ask',
      [view(['a']), view(['b']), view(['c'])],
      { repeats: 9 },
      ['send-phrase:I want a person', 'send-phrase:Agent please', 'wait:exhausted'],
    ],
    [
      'waits when it has nothing to ask with',
      [view(['Hi'])],
      { phrases: [], option: undefined },
      ['wait:nothing-to-ask-with'],
    ],
    [
      'finds a dead end when the bot repeats its answer to a request',
      [view(['Hi']), view(['Nobody is free.']), view(['Nobody is free!'])],
      {},
      ['send-phrase:I want a person', 'send-phrase:Agent please', 'dead-end:repeated'],
    ],
    [
      'finds a dead end when the bot answers a request with its greeting again',
      [view(['Choose an option.']), view(['choose an option'])],
      {},
      ['send-phrase:I want a person', 'dead-end:repeated'],
    ],
    [
      'finds a dead end when the same options come back with new words',
      [view(['Step 1'], ['A', 'B']), view(['Step 2'], ['A', 'B'])],
      {},
      ['send-phrase:I want a person', 'dead-end:options-loop'],
    ],
    [
      'does not call a repeated greeting before any request a dead end',
      [view(['Hello']), view(['Hello'])],
      { phrases: [], option: undefined },
      ['wait:nothing-to-ask-with', 'wait:nothing-to-ask-with'],
    ],
    [
      'needs as many repeats as configured',
      [view(['Hi']), view(['No.']), view(['No.']), view(['No.'])],
      { phrases: ['x', 'y', 'z'], repeats: 3 },
      ['send-phrase:x', 'send-phrase:y', 'send-phrase:z', 'dead-end:repeated'],
    ],
  ])('%s', (_name, turns, overrides, expected) => {
    const got = decisions(turns, overrides).map((d) =>
      d.kind === 'click-option'
        ? `${d.kind}:${d.label}`
        : d.kind === 'send-phrase'
          ? `${d.kind}:${d.text}`
          : d.kind === 'wait'
            ? `wait:${d.why}`
            : `dead-end:${d.dead}`,
    );
    expect(got).toEqual(expected);
  });

  it('counts its requests and says what the dead end was', () => {
    const policy = new EscalationPolicy(settings);
    policy.decide(view(['Hi'], MENU));
    policy.decide(view(['Nobody is free.']));
    const dead = policy.decide(view(['Nobody is free.']));
    expect(policy.requests).toBe(2);
    expect(dead.kind).toBe('dead-end');
    if (dead.kind === 'dead-end') {
      expect(describeDeadEnd(dead, policy.requests)).toBe(
        'the bot repeated itself 2 times ("Nobody is free.") after 2 requests for a person',
      );
    }
  });

  it.each([
    ['case and spacing', 'Nobody  is FREE', 'nobody is free'],
    ['trailing punctuation', 'Nobody is free!?…', 'nobody is free'],
    ['inner punctuation kept', 'No. Really.', 'no. really'],
  ])('normalises %s', (_name, text, expected) => {
    expect(normalise(text)).toBe(expected);
  });
});
