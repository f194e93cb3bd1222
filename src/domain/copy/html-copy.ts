/**
 * What to leave out of the input and what to put in its place: `drop[i]` removes input character i, `replace` puts
 * a string in place of one input character (a block tag becomes "\n", a soft line break " ").
 */
export interface Markup {
  readonly drop: Uint8Array;
  readonly replace: Map<number, string>;
}

export function emptyMarkup(length: number): Markup {
  return { drop: new Uint8Array(length), replace: new Map() };
}

/** Marks input characters [from, to) as dropped, optionally putting `instead` at `from`. */
export function dropRange(markup: Markup, from: number, to: number, instead?: string): void {
  for (let i = from; i < to; i += 1) markup.drop[i] = 1;
  if (instead !== undefined && from < to) {
    markup.drop[from] = 0;
    markup.replace.set(from, instead);
  }
}

/** Elements whose content is never copy a reader sees. */
const HIDDEN = /<(script|style|noscript|template|svg|head|iframe|object)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\?[\s\S]*?\?>/g;
const TAG = /<\/?([a-zA-Z][\w:-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*\/?>/g;

/** Elements that end a sentence: their tags become a line break, so "<li>Phone</li><li>Email</li>" stays apart. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'html',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'title',
  'tr',
  'ul',
  'option',
  'button',
  'label',
]);
/** Table cells stay in their row's sentence ("Phone | Mon-Fri 9-5") but must not run words together. */
const CELLS = new Set(['td', 'th']);

function overlaps(taken: readonly (readonly [number, number])[], from: number, to: number): boolean {
  return taken.some(([a, b]) => from < b && to > a);
}

/** What to drop from an HTML page to leave its visible text; entities are decoded when rendering. */
export function htmlMarkup(input: string): Markup {
  const markup = emptyMarkup(input.length);
  const taken: [number, number][] = [];
  // Hidden blocks end a sentence; a comment inside a sentence ("Call<!-- x --> us") just goes.
  for (const [pattern, instead] of [
    [HIDDEN, '\n'],
    [COMMENT, undefined],
  ] as const) {
    for (const match of input.matchAll(pattern)) {
      const from = match.index;
      const to = from + match[0].length;
      if (overlaps(taken, from, to)) continue;
      taken.push([from, to]);
      dropRange(markup, from, to, instead);
    }
  }
  for (const match of input.matchAll(TAG)) {
    const from = match.index;
    const to = from + match[0].length;
    if (overlaps(taken, from, to)) continue;
    const name = (match[1] as string).toLowerCase();
    const instead = BLOCKS.has(name) ? '\n' : CELLS.has(name) ? ' ' : undefined;
    dropRange(markup, from, to, instead);
  }
  return markup;
}
