import { toPlainText, type CopyFormat } from '../../domain/copy/copy-text.ts';
import { esc, type Tone } from './html-kit.ts';

/** A stretch of the original copy to highlight, by character offsets into it (end exclusive). */
export interface CopyMark {
  readonly start: number;
  readonly end: number;
  readonly id: string;
  readonly tone: Tone;
  readonly title: string;
}

/** Keeps marks in order of their start, dropping any that overlap an earlier one. */
function disjoint(marks: readonly CopyMark[]): CopyMark[] {
  const sorted = [...marks].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: CopyMark[] = [];
  for (const m of sorted)
    if (m.end > m.start && (kept.length === 0 || m.start >= (kept.at(-1) as CopyMark).end)) kept.push(m);
  return kept;
}

/**
 * The copy as HTML with its claims marked. Offsets are into the original input, so HTML and Markdown copy is shown as
 * its plain text (the extractor's own `toPlainText`, which maps each character back to the input) with the marks at
 * the right words; runs of blank space are collapsed. Overlapping marks are dropped after the first.
 */
export function highlightCopy(copy: string, format: CopyFormat, marks: readonly CopyMark[]): string {
  const plain = toPlainText(copy, format);
  const kept = disjoint(marks);
  let out = '';
  let open: CopyMark | null = null;
  let k = 0;
  let newlines = 2;
  let space = false;
  const close = (): void => {
    if (open === null) return;
    out += `<sup>${esc(open.id)}</sup></mark>`;
    open = null;
  };
  for (let j = 0; j < plain.text.length; j++) {
    const source = plain.toSource(j);
    if (open !== null && source >= (open as CopyMark).end) close();
    while (k < kept.length && (kept[k] as CopyMark).end <= source) k++;
    const next = kept[k];
    const ch = plain.text[j] as string;
    if (ch === '\n') {
      space = false;
      if (newlines < 2) out += '\n';
      newlines += 1;
      continue;
    }
    if (/\s/.test(ch)) {
      space = newlines === 0;
      continue;
    }
    if (space) out += ' ';
    space = false;
    newlines = 0;
    if (open === null && next !== undefined && next.start <= source) {
      out += `<mark class="${next.tone}" id="copy-${esc(next.id)}" title="${esc(next.title)}">`;
      open = next;
      k++;
    }
    out += esc(ch);
  }
  close();
  return `<div class="copy">${out.trim()}</div>`;
}
