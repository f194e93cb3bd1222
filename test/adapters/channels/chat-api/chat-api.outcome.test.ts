import { describe, expect, it } from 'vitest';
import {
  autoReplyPromiseOf,
  decideOutcome,
  type AttemptSummary,
} from '../../../../src/adapters/channels/chat-api/chat-api.outcome.ts';
import type { Ending } from '../../../../src/adapters/channels/chat-api/conversation.recorder.ts';

const quiet: AttemptSummary = {
  responses: 0,
  humanReached: false,
  waitForHuman: true,
  unreadable: 0,
  textPath: '$.text',
  timeoutMs: 60_000,
};
const botOnly: AttemptSummary = { ...quiet, responses: 1 };
const unreadable: AttemptSummary = { ...quiet, unreadable: 2, unreadableSample: '{"x":1}' };
const closed: Ending = { kind: 'closed', reason: 'the service closed the WebSocket (code 1000)' };
const refused: Ending = { kind: 'refused', reason: 'the send request got HTTP 503' };

describe('decideOutcome', () => {
  it.each([
    ['what was waited for arriving is answered', { kind: 'satisfied' } as Ending, botOnly, { outcome: 'answered' }],
    [
      'silence until the time-out is unanswered',
      { kind: 'timeout' } as Ending,
      quiet,
      { outcome: 'unanswered', reason: 'no response within 1m' },
    ],
    [
      'a bot but no human by the time-out is answered, saying so',
      { kind: 'timeout' } as Ending,
      botOnly,
      { outcome: 'answered', reason: 'no human answered within 1m; only automatic replies came' },
    ],
    [
      'the service closing before any response is rejected',
      closed,
      quiet,
      { outcome: 'rejected', reason: 'the service closed the WebSocket (code 1000) without answering' },
    ],
    [
      'the service closing after the bot is answered, before a human',
      closed,
      botOnly,
      { outcome: 'answered', reason: 'the service closed the WebSocket (code 1000), before a human answered' },
    ],
    ['a refusal is rejected', refused, quiet, { outcome: 'rejected', reason: 'the send request got HTTP 503' }],
    [
      'a refusal is rejected even when frames were unreadable',
      refused,
      unreadable,
      { outcome: 'rejected', reason: 'the send request got HTTP 503' },
    ],
    [
      'our own failure is inconclusive',
      { kind: 'ours', reason: 'bad template' } as Ending,
      quiet,
      { outcome: 'inconclusive', reason: 'bad template' },
    ],
    [
      'our own failure after a bot reply is still inconclusive',
      { kind: 'ours', reason: 'x' } as Ending,
      botOnly,
      { outcome: 'inconclusive', reason: 'x' },
    ],
    [
      'unreadable replies until the time-out are inconclusive',
      { kind: 'timeout' } as Ending,
      unreadable,
      {
        outcome: 'inconclusive',
        reason:
          '2 message(s) arrived but none could be read with receive.textPath $.text (first: {"x":1}); check the probe\'s receive options',
      },
    ],
  ])('%s', (_name, ending, summary, expected) => {
    expect(decideOutcome(ending, summary)).toEqual(expected);
  });
});

describe('autoReplyPromiseOf', () => {
  const line = (text: string) => [
    { atMs: 0, from: 'customer' as const, text: 'Hi' },
    { atMs: 5, from: 'bot' as const, text },
  ];
  it.each([
    [
      'a person usually joins within a minute',
      "Hi, I'm Kai. I've passed this on: a person usually joins within a minute. Thanks!",
      "I've passed this on: a person usually joins within a minute.",
    ],
    [
      'we reply within 2 hours',
      'Auto-reply: thanks, we reply within 2 hours.',
      'Auto-reply: thanks, we reply within 2 hours.',
    ],
    [
      'the wait time is about 5 minutes',
      'Current wait time is about 5 minutes',
      'Current wait time is about 5 minutes',
    ],
    ['no promise at all', 'Hello! How can I help?', undefined],
  ])('%s', (_name, text, expected) => {
    expect(autoReplyPromiseOf(line(text))).toBe(expected);
  });

  it('is undefined without a bot reply', () => {
    expect(autoReplyPromiseOf([{ atMs: 0, from: 'human', text: 'within 2 minutes' }])).toBeUndefined();
  });
});
