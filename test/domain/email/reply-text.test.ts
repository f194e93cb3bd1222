import { describe, expect, it } from 'vitest';
import { replyText } from '../../../src/domain/email/reply-text.ts';

describe('replyText separates a reply’s own words from what it quotes', () => {
  it.each([
    [
      'a Gmail attribution line',
      'Refunded.\n\nOn Mon, 23 Nov 2026 at 10:04, Sam <sam@x.test> wrote:\n> I was charged twice',
      'Refunded.',
      true,
    ],
    [
      'a Gmail attribution wrapped over two lines',
      'Done.\n\nOn Mon, 23 Nov 2026 at 10:04, Sam Taylor <sam.taylor@probe.example>\nwrote:\n> text',
      'Done.',
      true,
    ],
    [
      'an Outlook header block',
      'Refunded.\n\n________________________________\nFrom: Sam\nSent: 23 November 2026 10:04\nTo: support',
      'Refunded.',
      true,
    ],
    ['an "Original Message" rule', 'Refunded.\n-----Original Message-----\nFrom: Sam', 'Refunded.', true],
    [
      'a German attribution',
      'Erledigt.\n\nAm 23.11.2026 um 10:04 schrieb Sam Taylor <sam@x.test>:\n> Hallo',
      'Erledigt.',
      true,
    ],
    ['interleaved ">" lines', '> charged twice?\nYes, refunded.\n> thanks\nWelcome.', 'Yes, refunded.\nWelcome.', true],
    [
      'a Zendesk marker at the top is dropped, not cut at',
      '##- Please type your reply above this line -##\n\nYour request has been received.',
      'Your request has been received.',
      false,
    ],
    [
      'a reply-above marker below the text ends it',
      'Thanks!\n\n-- Reply above this line --\nold thread',
      'Thanks!',
      false,
    ],
    ['a "-- " signature is set aside', 'Refunded.\n\n-- \nPriya Shah\nBilling', 'Refunded.', false],
    ['a plain text is all its own', 'Hello Sam,\nall done.', 'Hello Sam,\nall done.', false],
  ])('%s', (_name, text, fresh, quotes) => {
    const result = replyText(text);
    expect(result.fresh).toBe(fresh);
    expect(result.quotesOriginal).toBe(quotes);
  });
});
