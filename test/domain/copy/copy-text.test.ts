import { describe, expect, it } from 'vitest';
import { detectFormat, toPlainText } from '../../../src/domain/copy/copy-text.ts';
import type { CopyFormat } from '../../../src/domain/copy/copy-text.ts';
import { extractClaims } from '../../../src/domain/copy/extract-claims.ts';

describe('toPlainText', () => {
  it.each<[string, string, CopyFormat, string]>([
    [
      'drops tags and keeps words (block tags leave line breaks, trimmed here)',
      '<p>Our <strong>live chat</strong> is open.</p>',
      'html',
      'Our live chat is open.',
    ],
    [
      'drops scripts and styles whole',
      '<style>a{content:"24/7"}</style><script>x="24/7"</script><p>Call us.</p>',
      'html',
      'Call us.',
    ],
    [
      'decodes named and numeric entities',
      '<p>Mon&ndash;Fri 8am&nbsp;&#8211;&#x2013;6pm &amp; more</p>',
      'html',
      'Mon–Fri 8am\u00a0––6pm & more',
    ],
    ['ends a sentence at a block tag', '<li>Phone</li><li>Email</li>', 'html', 'Phone\n\nEmail'],
    ['keeps table cells of a row apart but together', '<tr><td>Phone</td><td>9-5</td></tr>', 'html', 'Phone  9-5'],
    ['drops comments', '<p>Call<!-- 24/7 --> us</p>', 'html', 'Call us'],
    ['drops heading markers', '## Support hours', 'markdown', 'Support hours'],
    [
      'drops emphasis markers',
      'A **real** person, *every* time, __always__.',
      'markdown',
      'A real person, every time, always.',
    ],
    [
      'keeps link text and drops the address',
      'Please [chat with us](https://x.example/chat) now.',
      'markdown',
      'Please chat with us now.',
    ],
    ['keeps inline code text', 'Call `0800 123 456` now.', 'markdown', 'Call 0800 123 456 now.'],
    ['drops list and quote markers', '- Phone\n1. Chat\n> Email', 'markdown', 'Phone\nChat\nEmail'],
    ['joins the lines of one paragraph', 'Monday: 9-5\nTuesday: 9-5', 'markdown', 'Monday: 9-5 Tuesday: 9-5'],
    ['drops fenced code blocks', 'Call us.\n```\nopen = "24/7"\n```\nBye.', 'markdown', 'Call us.\n\n\n\nBye.'],
    ['leaves plain text as it is', 'Call *us* <now>.', 'text', 'Call *us* <now>.'],
  ])('%s', (_name, input, format, text) => {
    expect(toPlainText(input, format).text.trim()).toBe(text);
  });

  it('maps every plain character back to where it came from', () => {
    const input = '<p>Mon&ndash;Fri <b>24/7</b></p>';
    const plain = toPlainText(input, 'html');
    const at = plain.text.indexOf('–');
    expect(input.slice(plain.toSource(at), plain.toSourceEnd(at + 1))).toBe('&ndash;');
    const seven = plain.text.indexOf('24/7');
    expect(input.slice(plain.toSource(seven), plain.toSourceEnd(seven + 4))).toBe('24/7');
    expect(plain.toSource(plain.text.length)).toBe(input.length);
  });
});

describe('detectFormat', () => {
  it.each<[string, string, string | undefined, CopyFormat]>([
    ['an .html name is HTML', 'Call us', 'page.html', 'html'],
    ['an .md name is Markdown', '<p>Call</p>', 'README.md', 'markdown'],
    ['a .txt name is text', '## Call', 'copy.txt', 'text'],
    ['tags make HTML', '<div><p>Call us</p></div>', undefined, 'html'],
    ['a heading makes Markdown', '# Contact\nCall us', undefined, 'markdown'],
    ['bold makes Markdown', 'Call us **now**', undefined, 'markdown'],
    ['a link makes Markdown', 'See [help](https://x.example)', undefined, 'markdown'],
    ['nothing special is text', 'Call us 24/7.', undefined, 'text'],
  ])('%s', (_name, input, filename, format) => {
    expect(detectFormat(input, filename)).toBe(format);
  });
});

describe('claim spans point into the original copy', () => {
  it.each<[string, string, CopyFormat, string, string]>([
    [
      'an HTML claim spans its markup',
      '<p>Our <strong>live chat</strong> is open <em>24/7</em>.</p>',
      'html',
      'live chat</strong> is open <em>24/7',
      'Our <strong>live chat</strong> is open <em>24/7</em>.',
    ],
    [
      'an HTML entity stays whole at a span edge',
      '<li>Phone: Mon&ndash;Fri 8am&ndash;8pm</li>',
      'html',
      'Phone: Mon&ndash;Fri 8am&ndash;8pm',
      'Phone: Mon&ndash;Fri 8am&ndash;8pm',
    ],
    [
      'a Markdown claim spans emphasis',
      'Our team is **always** open — chat *any time*.',
      'markdown',
      'always** open — chat *any time',
      'Our team is **always** open — chat *any time*.',
    ],
    [
      'a Markdown list item is its own sentence',
      '- **Live chat:** 24/7\n- **Phone:** 9am–5pm',
      'markdown',
      'Live chat:** 24/7',
      'Live chat:** 24/7',
    ],
    [
      'a Markdown link keeps its text in the span',
      'Please [chat with us](/chat) around the clock.',
      'markdown',
      'chat with us](/chat) around the clock',
      'Please [chat with us](/chat) around the clock.',
    ],
    [
      'plain text spans are plain',
      'Hello. Call us 24/7 on 0800 123 4567.',
      'text',
      'Call us 24/7 on 0800 123 4567',
      'Call us 24/7 on 0800 123 4567.',
    ],
  ])('%s', (_name, input, format, span, sentence) => {
    const [claim] = extractClaims(input, { format });
    expect(claim?.span.text).toBe(span);
    expect(input.slice(claim?.span.start, claim?.span.end)).toBe(span);
    expect(claim?.sentence.text).toBe(sentence);
  });

  it('finds claims in a whole HTML page and ignores its head and scripts', () => {
    const page = [
      '<!doctype html><html><head><title>Contact</title><style>.a{}</style></head><body>',
      '<h1>World&#8209;class support</h1>',
      '<p>Call us <b>24/7</b> on 0800 123 4567.</p>',
      '<script>const hours = "Mon-Fri 9-5";</script>',
      '<p>Email replies within 1 working day.</p></body></html>',
    ].join('\n');
    const claims = extractClaims(page);
    expect(claims.map((c) => c.unmeasurable ?? c.channels.join('+'))).toEqual(['puffery', 'phone', 'email']);
    for (const claim of claims) expect(page.slice(claim.span.start, claim.span.end)).toBe(claim.span.text);
  });
});
