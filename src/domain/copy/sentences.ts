/** A stretch of the plain text, end exclusive. */
export interface Stretch {
  readonly start: number;
  readonly end: number;
}

/** Words whose full stop does not end a sentence. */
const ABBREVIATIONS =
  /(?:\b(?:a\.m|p\.m|e\.g|i\.e|etc|vs|approx|incl|excl|no|tel|ltd|inc|co|st|dr|mr|mrs|ms|dept|min|mins|sec|secs|hr|hrs)|\b[A-Z])$/i;

/**
 * Splits plain text into sentences: at line breaks (block ends in HTML and Markdown) and at ". ", "! ", "? " unless the
 * full stop closes an abbreviation such as "a.m." or "e.g.". Leading and trailing blanks are trimmed off each one.
 */
export function splitSentences(text: string): Stretch[] {
  const sentences: Stretch[] = [];
  let start = 0;
  const push = (end: number): void => {
    let a = start;
    let b = end;
    while (a < b && /\s/.test(text[a] as string)) a += 1;
    while (b > a && /\s/.test(text[b - 1] as string)) b -= 1;
    if (b > a && /[\p{L}\p{N}]/u.test(text.slice(a, b))) sentences.push({ start: a, end: b });
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (ch === '\n' || ch === '\r' || ch === '•' || ch === '|') {
      push(i);
      start = i + 1;
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    let end = i + 1;
    while (end < text.length && /[.!?)"'”’\]]/.test(text[end] as string)) end += 1;
    const next = text[end];
    if (next !== undefined && !/\s/.test(next)) continue;
    if (ch === '.') {
      const before = text.slice(Math.max(start, i - 8), i);
      const after = text.slice(end).trimStart();
      // "8 a.m. to 8 p.m." and "Acme Ltd. All rights" run on; a capital letter after "a.m." still ends it below.
      if (ABBREVIATIONS.test(before) && !/^[A-Z][a-z]/.test(after)) continue;
      if (/\b(?:a\.m|p\.m)$/i.test(before) && /^(?:[A-Z]{2,4}\b|to\b|and\b|or\b|until\b)/.test(after)) continue;
    }
    push(end);
    start = end;
    i = end - 1;
  }
  push(text.length);
  return sentences;
}

/**
 * Masks asides that restate hours in another zone — "(that's 5pm to 1am UK time)", ", which is 3am to 3pm in New
 * York" — with spaces, so their times and zone are not read as a second set of hours. Offsets are kept.
 */
export function maskConversions(sentence: string): string {
  const pattern = /\((?:that[’']?s|that is|which is|i\.e\.?)(?!\w)[^)]*\)|,?\s*\bwhich is\b[^.;,]*/gi;
  return sentence.replace(pattern, (aside) => ' '.repeat(aside.length));
}
