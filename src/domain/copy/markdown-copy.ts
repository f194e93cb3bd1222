import { dropRange, emptyMarkup, htmlMarkup } from './html-copy.ts';
import type { Markup } from './html-copy.ts';

interface Line {
  readonly start: number;
  /** Offset of the line's "\n", or the input's end. */
  readonly end: number;
  readonly text: string;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}#{1,6}(?:\s+|$)/;
const RULE = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;
const LIST_ITEM = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+/;
const QUOTE = /^\s{0,3}(?:>\s?)+/;
const TABLE_DIVIDER = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const REFERENCE = /^\s{0,3}\[[^\]]+\]:\s*\S+.*$/;

/** Inline syntax, applied in order; each match's marker groups are dropped and its text kept. */
const INLINE: readonly { pattern: RegExp; markers: (match: RegExpMatchArray) => [number, number][] }[] = [
  // `code` keeps its text: "Call `0800 123 456`" still names a number.
  { pattern: /(`+)([^`]+?)\1/g, markers: (m) => ends(m, (m[1] as string).length, (m[1] as string).length) },
  // [text](url), ![alt](url): keep the text.
  {
    pattern: /(!?\[)([^[\]\n]*)(\]\([^()\n]*\))/g,
    markers: (m) => ends(m, (m[1] as string).length, (m[3] as string).length),
  },
  // [text][ref]
  { pattern: /(\[)([^[\]\n]+)(\]\[[^[\]\n]*\])/g, markers: (m) => ends(m, 1, (m[3] as string).length) },
  { pattern: /\\(?=[\\`*_{}[\]()#+\-.!>|~])/g, markers: (m) => [[m.index as number, (m.index as number) + 1]] },
  // Bounded, so a line of unclosed markers costs linear time, not quadratic.
  { pattern: /(\*\*|__)(?=[^\s\u0001])([^\n]{0,400}?[^\s\u0001])\1/g, markers: (m) => ends(m, 2, 2) },
  { pattern: /(?<![\w*\\])\*(?=[^\s*\u0001])([^*\n]*?[^\s*\u0001])\*(?![\w*])/g, markers: (m) => ends(m, 1, 1) },
  { pattern: /(?<![\w\\])_(?=[^\s_\u0001])([^_\n]*?[^\s_\u0001])_(?!\w)/g, markers: (m) => ends(m, 1, 1) },
  { pattern: /~~(?=\S)([^\n]{0,400}?\S)~~/g, markers: (m) => ends(m, 2, 2) },
];

function ends(match: RegExpMatchArray, head: number, tail: number): [number, number][] {
  const from = match.index as number;
  const to = from + match[0].length;
  return [
    [from, from + head],
    [to - tail, to],
  ];
}

function linesOf(input: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= input.length) {
    const newline = input.indexOf('\n', start);
    const end = newline === -1 ? input.length : newline;
    lines.push({ start, end, text: input.slice(start, end) });
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}

/** A line that opens its own block, so the line before it does not run on into it. */
function opensBlock(text: string): boolean {
  return [FENCE, HEADING, RULE, LIST_ITEM, QUOTE, TABLE_ROW, TABLE_DIVIDER].some((p) => p.test(text));
}

/** Drops inline markers in [from, to); `masked` shows earlier drops as \u0001 so markers are not matched twice. */
function dropInline(input: string, markup: Markup, from: number, to: number): void {
  let masked = input.slice(from, to);
  for (const { pattern, markers } of INLINE) {
    for (const match of masked.matchAll(pattern)) {
      for (const [a, b] of markers(match)) dropRange(markup, from + a, from + b);
    }
    masked = masked
      .split('')
      .map((ch, i) => (markup.drop[from + i] === 1 ? '\u0001' : ch))
      .join('');
  }
}

/** What to drop from Markdown to leave its prose: markers of headings, lists, quotes, emphasis, links and code. */
export function markdownMarkup(input: string): Markup {
  const markup = emptyMarkup(input.length);
  // Inline HTML (tags, comments) first, so "<br>" or "<span>" inside Markdown also disappear.
  const html = htmlMarkup(input);
  html.drop.forEach((flag, i) => {
    if (flag === 1) markup.drop[i] = 1;
  });
  for (const [at, text] of html.replace) markup.replace.set(at, text);

  const lines = linesOf(input);
  let fence: string | null = null;
  lines.forEach((line, index) => {
    const fenceMatch = FENCE.exec(line.text);
    if (fence !== null || fenceMatch !== null) {
      // Code blocks are not copy: drop them whole, keeping the line break.
      dropRange(markup, line.start, line.end);
      if (fenceMatch !== null) fence = fence === null ? ((fenceMatch[1] as string)[0] as string) : null;
      return;
    }
    if (RULE.test(line.text) || TABLE_DIVIDER.test(line.text) || REFERENCE.test(line.text)) {
      dropRange(markup, line.start, line.end);
      return;
    }
    let contentStart = line.start;
    const block = HEADING.exec(line.text) ?? QUOTE.exec(line.text);
    if (block !== null) contentStart += block[0].length;
    const item = LIST_ITEM.exec(input.slice(contentStart, line.end));
    if (item !== null) contentStart += item[0].length;
    dropRange(markup, line.start, contentStart);
    if (HEADING.test(line.text)) {
      const closing = /\s#+\s*$/.exec(line.text);
      if (closing !== null) dropRange(markup, line.start + closing.index, line.end);
    }
    if (TABLE_ROW.test(line.text)) {
      for (let i = contentStart; i < line.end; i += 1) if (input[i] === '|') dropRange(markup, i, i + 1, ' ');
    }
    dropInline(input, markup, contentStart, line.end);
    // A soft line break inside a paragraph is a space; a break before a new block or a blank line stays.
    const next = lines[index + 1];
    const hardBreak = / {2,}$|\\$/.test(line.text);
    const paragraphLine = !HEADING.test(line.text) && !TABLE_ROW.test(line.text) && line.text.trim() !== '';
    if (next !== undefined && paragraphLine && !hardBreak && next.text.trim() !== '' && !opensBlock(next.text)) {
      markup.replace.set(line.end, ' ');
    }
  });
  return markup;
}
