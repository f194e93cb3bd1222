import { describe, expect, it } from 'vitest';
import { personalTouch, topicCoverage } from '../../../src/domain/email/personal-touch.ts';

describe('personalTouch: is the persona addressed as a person?', () => {
  it.each([
    ['by first name', 'Hi Sam,\n\nRefunded.', 'by-name', 'Hi Sam,'],
    ['by full name', 'Dear Sam Taylor,\n\nRefunded.', 'by-name', 'Dear Sam Taylor,'],
    ['by title and surname', 'Dear Mr Taylor,\n\nRefunded.', 'by-name', 'Dear Mr Taylor,'],
    [
      'by name later in the opening',
      'Thanks for your patience, Sam. The charge is refunded.',
      'by-name',
      'Thanks for your patience, Sam. The charge is refunded.',
    ],
    ['as "Dear Valued Customer"', 'Dear Valued Customer,\n\nRefunded.', 'generic', 'Dear Valued Customer,'],
    ['as "Hello there"', 'Hello there,\n\nRefunded.', 'generic', 'Hello there,'],
    ['as "Dear Sir/Madam"', 'Dear Sir/Madam,\n\nRefunded.', 'generic', 'Dear Sir/Madam,'],
    ['not at all', 'The charge has been refunded.', 'unaddressed', undefined],
    [
      'not by a name that only appears in our quoted mail',
      'Refunded.\n\nOn Mon, 23 Nov 2026, Sam Taylor wrote:\n> Hi, Sam here',
      'unaddressed',
      undefined,
    ],
    [
      'not by a longer word containing the name ("Samsung")',
      'Hello, your Samsung order is refunded.',
      'unaddressed',
      'Hello, your Samsung order is refunded.',
    ],
  ])('%s', (_name, text, addressed, greeting) => {
    const touch = personalTouch(text, 'Sam Taylor');
    expect(touch.addressed).toBe(addressed);
    expect(touch.greeting).toBe(greeting);
  });
});

describe('topicCoverage: does the reply speak to the question?', () => {
  it.each([
    [
      'every topic word, in other forms',
      'I refunded the duplicate charges on your invoices.',
      ['refund', 'charge', 'invoice'],
      ['refund', 'charge', 'invoice'],
      1,
    ],
    ['some of them', 'We have looked at your account.', ['refund', 'account'], ['account'], 0.5],
    ['none', 'Thanks for your mail!', ['refund'], [], 0],
    ['a two-word topic needs both words', 'The card was charged once.', ['double charge'], [], 0],
    ['not words that merely start alike', 'We care about you.', ['card'], [], 0],
  ])('%s', (_name, text, topics, answered, share) => {
    expect(topicCoverage(text, topics)).toEqual({
      asked: topics,
      answered,
      missing: topics.filter((t) => !answered.includes(t)),
      share,
    });
  });

  it('leaves out the quoted original: our own words do not answer our question', () => {
    const touch = personalTouch('Noted.\n\nOn Mon, 23 Nov 2026, Sam wrote:\n> please refund the charge', 'Sam Taylor', [
      'refund',
    ]);
    expect(touch.topic?.answered).toEqual([]);
  });
});
