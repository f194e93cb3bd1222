import { describe, expect, it } from 'vitest';
import { browserChatOptionsSchema } from '../../../../src/adapters/channels/browser-chat/browser-chat.channel.ts';
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
  ])('rejects %s', (_name, options, expected) => {
    const result = browserChatOptionsSchema.safeParse(options);
    expect(result.success).toBe(false);
    const text = (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    expect(text).toContain(expected);
  });
});
