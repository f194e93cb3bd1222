import { describe, expect, it } from 'vitest';
import {
  NO_WAY_FORWARD,
  decideOutcome,
  wantsEvidence,
  type BrowserAttempt,
} from '../../../../src/adapters/channels/browser-chat/browser-chat.outcome.ts';
import {
  classify,
  isEchoOf,
  type Ending,
} from '../../../../src/adapters/channels/browser-chat/browser-conversation.ts';

const attempt = (extra: Partial<BrowserAttempt> = {}): BrowserAttempt => ({
  hasSent: true,
  responses: 1,
  humanReached: false,
  waitForHuman: true,
  requests: 2,
  timeoutMs: 120_000,
  ...extra,
});

describe('decideOutcome', () => {
  it.each<[string, Ending, Partial<BrowserAttempt>, string, string | undefined, boolean]>([
    ['a human answered', { kind: 'satisfied' }, { humanReached: true }, 'answered', undefined, false],
    [
      'a dead end',
      { kind: 'dead-end', reason: 'the bot repeated itself' },
      {},
      'answered',
      'no way forward: the bot repeated itself',
      true,
    ],
    [
      'only the bot within the limit',
      { kind: 'timeout' },
      {},
      'answered',
      'no way forward: no human answered within 2m after 2 requests for a person',
      true,
    ],
    [
      'only the bot, not asked to wait for a human',
      { kind: 'timeout' },
      { waitForHuman: false },
      'answered',
      undefined,
      false,
    ],
    ['silence', { kind: 'timeout' }, { responses: 0 }, 'unanswered', 'no response within 2m', false],
    [
      'a time-out before the message was written',
      { kind: 'timeout' },
      { hasSent: false, responses: 0 },
      'inconclusive',
      'the probe had not written its message',
      false,
    ],
    [
      'the page refused',
      { kind: 'refused', reason: 'the page answered HTTP 503' },
      { responses: 0 },
      'rejected',
      'the page answered HTTP 503',
      false,
    ],
    [
      'the chat closed unanswered',
      { kind: 'closed', reason: 'the service closed the chat' },
      { responses: 0 },
      'rejected',
      'the service closed the chat without answering',
      false,
    ],
    [
      'the chat closed after the bot',
      { kind: 'closed', reason: 'the service closed the chat' },
      {},
      'answered',
      'the service closed the chat, before a human answered',
      false,
    ],
    [
      'our browser crashed',
      { kind: 'ours', reason: 'the browser exited' },
      {},
      'inconclusive',
      'the browser exited',
      false,
    ],
  ])('%s', (_name, ending, extra, outcome, reason, finding) => {
    const decided = decideOutcome(ending, attempt(extra));
    expect(decided.outcome).toBe(outcome);
    if (reason === undefined) expect(decided.reason).toBeUndefined();
    else expect(decided.reason).toContain(reason);
    expect(decided.findings).toEqual(finding ? [NO_WAY_FORWARD] : []);
  });

  it.each<[string, Ending, Partial<BrowserAttempt>, boolean]>([
    ['a human reached', { kind: 'satisfied' }, { humanReached: true }, false],
    ['any response when not waiting for a human', { kind: 'satisfied' }, { waitForHuman: false }, false],
    ['a dead end', { kind: 'dead-end', reason: 'x' }, {}, true],
    ['a refused page', { kind: 'refused', reason: 'x' }, { responses: 0 }, true],
    ['our own failure', { kind: 'ours', reason: 'x' }, {}, true],
  ])('keeps evidence or not for %s', (_name, ending, extra, expected) => {
    expect(wantsEvidence(decideOutcome(ending, attempt(extra)), attempt(extra))).toBe(expected);
  });
});

describe('classify', () => {
  const none = { ignore: false, customer: false, human: false, bot: false, system: false, closed: false };
  it.each<[string, Partial<typeof none>, boolean, boolean, string]>([
    ['a customer marker', { customer: true, human: true }, false, true, 'echo'],
    ['the text we sent, unmarked', {}, true, true, 'echo'],
    ['a closed notice', { closed: true, bot: true }, false, true, 'closed'],
    ['a system notice', { system: true, human: true }, false, true, 'system'],
    ['a bot marker, before a human one (a named bot with a badge)', { human: true, bot: true }, false, true, 'bot'],
    ['a human marker', { human: true }, false, true, 'human'],
    ['a bot marker', { bot: true }, false, false, 'bot'],
    ['anything else, without bot markers', {}, false, true, 'bot'],
    ['anything else, with bot markers', {}, false, false, 'unknown'],
  ])('%s is %s', (_name, flags, echo, botByDefault, expected) => {
    expect(classify({ ...none, ...flags }, echo, { botByDefault, unmarkedIsSystem: false })).toBe(expected);
  });

  it('without human markers (a person is a named sender that is not the bot) an unnamed line is a system line', () => {
    const rules = { botByDefault: false, unmarkedIsSystem: true };
    expect(classify({ ...none, human: true }, false, rules)).toBe('human');
    expect(classify({ ...none, human: true, bot: true }, false, rules)).toBe('bot');
    expect(classify(none, false, rules)).toBe('system');
  });
});

describe('isEchoOf: our bubble is known by what the probe typed', () => {
  const typed = ["Hi, I'm Sam. I was charged twice, can someone help?"];
  it.each([
    ['the exact text', "Hi, I'm Sam. I was charged twice, can someone help?", true],
    ['with a status after it', "Hi, I'm Sam. I was charged twice, can someone help? …Sending…", true],
    ['with a status before it and other spacing', 'Sending... hi im sam i was charged  twice can someone help', true],
    ['with a name and a time', "You 10:42 Hi, I'm Sam. I was charged twice, can someone help? ✓ Delivered", true],
    [
      'a reply quoting it at length',
      "You wrote: Hi, I'm Sam. I was charged twice, can someone help? Let me look into your account for you.",
      false,
    ],
    ['a different message', 'Hi Sam, how can I help?', false],
    ['only a status', 'Sending…', false],
  ])('%s: %s', (_name, text, expected) => {
    expect(isEchoOf(text, typed)).toBe(expected);
  });
});
