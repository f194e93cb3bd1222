import { describe, expect, it } from 'vitest';
import { maskConversions, splitSentences } from '../../../src/domain/copy/sentences.ts';

const sentences = (text: string): string[] => splitSentences(text).map(({ start, end }) => text.slice(start, end));

describe('splitSentences', () => {
  it.each<[string, string, string[]]>([
    ['full stops end sentences', 'Call us. Chat with us.', ['Call us.', 'Chat with us.']],
    ['question marks end sentences', 'Need help? Call us.', ['Need help?', 'Call us.']],
    ['line breaks end sentences', 'Phone: 9-5\nChat: 24/7', ['Phone: 9-5', 'Chat: 24/7']],
    ['"a.m." and "p.m." do not', 'Call 8 a.m. to 8 p.m. ET, or later.', ['Call 8 a.m. to 8 p.m. ET, or later.']],
    ['decimals do not', 'Open 8.30am to 5pm.', ['Open 8.30am to 5pm.']],
    ['a web address does not', 'Visit help.example.com today.', ['Visit help.example.com today.']],
    ['a closing bracket stays with its sentence', 'Phone (24/7). Chat (9-5).', ['Phone (24/7).', 'Chat (9-5).']],
    ['"e.g." does not', 'Use chat, e.g. for orders.', ['Use chat, e.g. for orders.']],
    ['blank stretches are skipped', '\n\n  \nCall us.\n\n', ['Call us.']],
  ])('%s', (_name, text, expected) => {
    expect(sentences(text)).toEqual(expected);
  });
});

describe('maskConversions', () => {
  it.each<[string, string, string]>([
    ['a bracketed restatement', 'Open 9-5 PT (that’s 5pm to 1am UK time).', 'Open 9-5 PT'],
    ['a "which is" restatement', 'Open 8-8 UK time, which is 3am to 3pm in New York.', 'Open 8-8 UK time'],
    ['nothing else', 'Open 9-5 (Mon-Fri).', 'Open 9-5 (Mon-Fri).'],
  ])('masks %s and keeps offsets', (_name, text, kept) => {
    const masked = maskConversions(text);
    expect(masked).toHaveLength(text.length);
    expect(masked.trimEnd().replace(/\.$/, '').trimEnd()).toBe(kept.replace(/\.$/, ''));
  });
});
