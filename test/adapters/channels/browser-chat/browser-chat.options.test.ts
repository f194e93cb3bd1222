import { describe, expect, it } from 'vitest';
import { browserChatOptionsSchema } from '../../../../src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { DEFAULT_OFFLINE_TEXT } from '../../../../src/adapters/channels/browser-chat/browser-chat.options.ts';
import { otherWidgetOptions } from './other-widget.ts';
import { deskPageOptions } from './support.ts';

const minimal = {
  message: 'Hello',
  composer: { input: '#say' },
  messages: { selector: '.msg' },
  human: [{ attribute: 'data-role', equals: 'agent' }],
};

describe('browserChatOptionsSchema', () => {
  it.each([
    ["the desk's page", deskPageOptions()],
    ['the second chat page', otherWidgetOptions()],
    ['the smallest useful probe', minimal],
    [
      'Playwright selectors in steps, per-row text and name rules, a person as a named sender not the bot',
      {
        ...minimal,
        steps: [{ click: 'text=Need help?' }, { click: 'x-chat >> button:has-text("Start")', launcher: true }],
        shadow: ['x-chat', 'chat-thread'],
        messages: { selector: 'li', text: ['.body', 'p'], name: '.who' },
        human: undefined,
        bot: [{ selector: '.badge-bot' }],
        offline: { text: false, selector: '.offline-form', missingLauncher: 'inconclusive' },
      },
    ],
  ])('accepts options for %s', (_name, options) => {
    expect(browserChatOptionsSchema.safeParse(options).error).toBeUndefined();
  });

  it('fills in the defaults', () => {
    expect(browserChatOptionsSchema.parse(minimal)).toEqual({
      ...minimal,
      persona: 'Sam Taylor',
      email: 'kept-probe+{runId}@example.invalid',
      steps: [],
      composer: { input: '#say', typeDelayMs: 0 },
      messages: { selector: '.msg', ignore: [], customer: [] },
      system: [],
      closed: [],
      waitForHuman: true,
      escalation: { phrases: [], settleMs: 500 },
      deadEnd: { repeats: 2 },
      viewport: { width: 1280, height: 800 },
      stepTimeoutMs: 10_000,
      screenshot: 'on-failure',
      limits: { messageChars: 65_536, messages: 1_000 },
      offline: { text: DEFAULT_OFFLINE_TEXT, missingLauncher: 'rejected' },
    });
  });

  it.each([
    ['an unknown option', { ...minimal, colour: 'blue' }, 'colour'],
    ['no human marker', { ...minimal, human: [] }, 'human'],
    ['a marker with two kinds', { ...minimal, human: [{ selector: '.a', name: 'x' }] }, 'exactly one of'],
    ['a marker with no kind', { ...minimal, human: [{}] }, 'exactly one of'],
    [
      'equals without attribute',
      { ...minimal, human: [{ selector: '.a', equals: 'x' }] },
      'equals and matches go with attribute',
    ],
    [
      'an attribute with two tests',
      { ...minimal, human: [{ attribute: 'a', equals: 'x', matches: 'y' }] },
      'at most one of',
    ],
    ['a bad regular expression', { ...minimal, bot: [{ name: '(' }] }, 'invalid regular expression'],
    ['an unknown placeholder', { ...minimal, message: 'Hi {name}' }, 'unknown placeholder {name}'],
    ['a step with two actions', { ...minimal, steps: [{ click: '#a', check: '#b' }] }, 'steps'],
    ['fill without a value', { ...minimal, steps: [{ fill: '#a' }] }, 'steps'],
    [
      'a hand-off pattern with no way to ask',
      { ...minimal, escalation: { handoff: 'joining' } },
      'handoff needs phrases or options',
    ],
    ['one repeat as a dead end', { ...minimal, deadEnd: { repeats: 1 } }, 'deadEnd.repeats'],
    [
      'an unclosed attribute in a message selector',
      { ...minimal, messages: { selector: 'li[data-role=agent' } },
      'messages.selector: "li[data-role=agent" is not a valid CSS selector at character 18: Expected end of attribute selector',
    ],
    [
      "a Playwright-only selector where the page's own CSS runs",
      { ...minimal, messages: { selector: '.msg', text: 'span:has-text("x")' } },
      'Unknown pseudo-class: "has-text"',
    ],
    ['a dangling combinator in a marker', { ...minimal, bot: [{ selector: '.a >' }] }, 'bot.0.selector: ".a >"'],
    ['a bad CSS part in a step', { ...minimal, steps: [{ click: '#a >> .b[' }] }, 'steps.0.click: ".b["'],
    ['a bad shadow host', { ...minimal, shadow: ['x-chat', 'div..b'] }, 'shadow.1: "div..b"'],
    [
      'no human markers and no sender names',
      { ...minimal, human: undefined, bot: [{ selector: '.bot' }] },
      'messages.name: without human markers a person is a named sender',
    ],
    [
      'no human markers and no bot markers',
      { ...minimal, human: undefined, messages: { selector: '.msg', name: '.who' } },
      'bot: without human markers a person is a named sender that is not the bot',
    ],
  ])('rejects %s', (_name, options, expected) => {
    const result = browserChatOptionsSchema.safeParse(options);
    expect(result.success).toBe(false);
    const text = (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    expect(text).toContain(expected);
  });
});
