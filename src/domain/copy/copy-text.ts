import { markdownMarkup } from './markdown-copy.ts';
import { emptyMarkup, htmlMarkup } from './html-copy.ts';
import type { Markup } from './html-copy.ts';

export type CopyFormat = 'text' | 'markdown' | 'html';

/** Plain sentences taken from copy, with a map from every plain-text offset back to the original input. */
export interface PlainText {
  readonly text: string;
  /** Where the character at `offset` of `text` starts in the input; `text.length` maps to the input's end. */
  toSource(offset: number): number;
  /** Where a span of `text` ending (exclusively) at `offset` ends in the input, so `&ndash;` or `**` stay whole. */
  toSourceEnd(offset: number): number;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hyphen: '-',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
  pound: '£',
  euro: '€',
  middot: '·',
  bull: '•',
  times: '×',
  shy: '',
  thinsp: ' ',
  ensp: ' ',
  emsp: ' ',
  zwj: '',
  zwnj: '',
};
const ENTITY = /&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/y;

function decodeEntity(body: string): string | null {
  if (body.startsWith('#x') || body.startsWith('#X')) return safeCodePoint(Number.parseInt(body.slice(2), 16));
  if (body.startsWith('#')) return safeCodePoint(Number.parseInt(body.slice(1), 10));
  return NAMED_ENTITIES[body.toLowerCase()] ?? null;
}

function safeCodePoint(code: number): string | null {
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

/** Renders `input` without its markup, keeping for each output character the input range it came from. */
export function render(
  input: string,
  markup: Markup,
  options: { entities: boolean; softWhitespace: boolean },
): PlainText {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const emit = (piece: string, from: number, to: number): void => {
    for (const ch of piece) {
      out.push(ch);
      starts.push(from);
      ends.push(to);
    }
  };
  let i = 0;
  while (i < input.length) {
    const replacement = markup.replace.get(i);
    if (replacement !== undefined) {
      emit(replacement, i, i + 1);
      i += 1;
      continue;
    }
    if (markup.drop[i] === 1) {
      i += 1;
      continue;
    }
    const ch = input[i] as string;
    if (options.entities && ch === '&') {
      ENTITY.lastIndex = i;
      const match = ENTITY.exec(input);
      const decoded = match === null ? null : decodeEntity(match[1] as string);
      if (match !== null && decoded !== null) {
        emit(decoded, i, i + match[0].length);
        i += match[0].length;
        continue;
      }
    }
    emit(options.softWhitespace && /[\n\r\t\f]/.test(ch) ? ' ' : ch, i, i + 1);
    i += 1;
  }
  const text = out.join('');
  return {
    text,
    toSource: (offset) => (offset >= starts.length ? input.length : (starts[Math.max(0, offset)] as number)),
    toSourceEnd: (offset) => (offset <= 0 ? (starts[0] ?? 0) : (ends[Math.min(offset, ends.length) - 1] as number)),
  };
}

/** Strips HTML (tags, scripts, styles, comments, entities) or Markdown syntax, keeping a map back into `input`. */
export function toPlainText(input: string, format: CopyFormat): PlainText {
  switch (format) {
    case 'text':
      return render(input, emptyMarkup(input.length), { entities: false, softWhitespace: false });
    case 'html':
      return render(input, htmlMarkup(input), { entities: true, softWhitespace: true });
    case 'markdown':
      return render(input, markdownMarkup(input), { entities: true, softWhitespace: false });
  }
}

const HTML_HINT =
  /<(?:!doctype|html|head|body|p|div|span|h[1-6]|ul|ol|li|a|br|table|tr|td|section|article|strong|em|b|i|footer|header|script|style)\b[^>]*>/i;
const MARKDOWN_HINT =
  /^\s{0,3}#{1,6}\s|^\s*(?:[-*+]|\d+[.)])\s+\S|\*\*[^*\n]+\*\*|__[^_\n]+__|\[[^\]\n]+\]\([^)\s]+\)|^\s*>\s|`[^`\n]+`/m;

/** Guesses the format from the file name, else from the content; plain text when nothing points elsewhere. */
export function detectFormat(input: string, filename?: string): CopyFormat {
  const extension = filename?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (extension === 'html' || extension === 'htm' || extension === 'xhtml') return 'html';
  if (extension === 'md' || extension === 'markdown' || extension === 'mdx') return 'markdown';
  if (extension === 'txt' || extension === 'text') return 'text';
  if (HTML_HINT.test(input)) return 'html';
  if (MARKDOWN_HINT.test(input)) return 'markdown';
  return 'text';
}
