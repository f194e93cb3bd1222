import { describe, expect, it } from 'vitest';
import { highlightCopy, type CopyMark } from '../../../src/adapters/reports/copy-highlight.ts';

const mark = (start: number, end: number, id = 'c1', tone: CopyMark['tone'] = 'bad'): CopyMark => ({
  start,
  end,
  id,
  tone,
  title: `${id}: title`,
});
const at = (copy: string, phrase: string, id = 'c1', tone: CopyMark['tone'] = 'bad'): CopyMark => {
  const start = copy.indexOf(phrase);
  return mark(start, start + phrase.length, id, tone);
};

describe('highlightCopy', () => {
  const html = '<p>Call us.</p>\n<p><strong>24/7</strong> live&nbsp;chat with <em>real people</em> &amp; more.</p>';
  const markdown = '## Help\n\n**24/7 live chat** with real people.';
  it.each<[string, string, 'text' | 'markdown' | 'html', CopyMark[], string]>([
    [
      'plain text is shown as written, escaped',
      'We <3 you: 24/7 chat.',
      'text',
      [at('We <3 you: 24/7 chat.', '24/7 chat')],
      '<div class="copy">We &lt;3 you: <mark class="bad" id="copy-c1" title="c1: title">24/7 chat<sup>c1</sup></mark>.</div>',
    ],
    [
      'HTML shows its visible text, with the mark around words spread over several tags',
      html,
      'html',
      [at(html, '<strong>24/7</strong> live&nbsp;chat with <em>real people</em>')],
      '<div class="copy">Call us.\n\n<mark class="bad" id="copy-c1" title="c1: title">24/7 live chat with real people<sup>c1</sup></mark> &amp; more.</div>',
    ],
    [
      'Markdown drops its syntax',
      markdown,
      'markdown',
      [at(markdown, '**24/7 live chat**', 'c2', 'good')],
      '<div class="copy">Help\n\n<mark class="good" id="copy-c2" title="c2: title">24/7 live chat<sup>c2</sup></mark> with real people.</div>',
    ],
    [
      'overlapping marks after the first are dropped',
      'abc def',
      'text',
      [mark(0, 5, 'c1'), mark(4, 7, 'c2')],
      '<div class="copy"><mark class="bad" id="copy-c1" title="c1: title">abc d<sup>c1</sup></mark>ef</div>',
    ],
    ['no marks: just the copy', 'hello', 'text', [], '<div class="copy">hello</div>'],
  ])('%s', (_name, copy, format, marks, expected) => {
    expect(highlightCopy(copy, format, marks)).toBe(expected);
  });
});
