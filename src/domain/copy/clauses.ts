import type { Family, Mention } from './mention.ts';
import type { Stretch } from './sentences.ts';

/** Separators that always end a clause: ";", a spaced dash, ", or", "but", "while". */
const STRONG = /;|\s[–—-]\s|\s—|—\s|,\s*(?:or|but|while|whereas)\b|\s+but\s+|\bwhereas\b|\bwhile\b/gi;
/** Separators that end a clause only between two claims: ", " and " and " before a new subject. */
const SOFT = /,\s*(?:(?:and|or|with|plus)\s+)?|\s+and\s+/gi;
/** Little words between a separator and its subject: ", or with our agents", " and an engineer". */
const LEAD_IN = /(?:(?:our|the|a|an|with|by|via|on|and|or)\s+)*/i;

const CORE: ReadonlySet<Family> = new Set(['always', 'times', 'speed', 'human', 'bot', 'hours-vague']);
const SUBJECT: ReadonlySet<Family> = new Set(['channel', 'bot', 'human', 'service']);
const HOURS: ReadonlySet<Family> = new Set(['times', 'days']);

interface Cut {
  readonly at: number;
  readonly after: number;
}

/** The first index in `sorted` (ascending by `key`) whose key is greater than `value` (binary search). */
function firstAbove<T>(sorted: readonly T[], key: (item: T) => number, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(sorted[mid] as T) > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The questions clause splitting asks of a sentence's mentions, each answered in O(log n) or O(1): a sentence with
 * thousands of separators and mentions (a 40 KB run of "Mon-Fri 9am-5pm, ") must not take seconds.
 */
function mentionIndex(mentions: readonly Mention[], from: number, to: number) {
  // Positions strictly inside an hours mention: a separator there splits nothing.
  const inHours = new Uint8Array(Math.max(0, to - from));
  for (const m of mentions) {
    if (!HOURS.has(m.family)) continue;
    for (let at = Math.max(m.start + 1, from); at < Math.min(m.end, to); at += 1) inHours[at - from] = 1;
  }
  const core = mentions.filter((m) => CORE.has(m.family)).sort((a, b) => a.start - b.start);
  // minEnd[i]: the earliest end among core mentions i.. (by start), so "a core mention within [a, b)" is one lookup.
  const minEnd = new Array<number>(core.length + 1).fill(Number.POSITIVE_INFINITY);
  for (let i = core.length - 1; i >= 0; i -= 1) minEnd[i] = Math.min((core[i] as Mention).end, minEnd[i + 1] as number);
  const subjectStarts = new Set(mentions.filter((m) => SUBJECT.has(m.family)).map((m) => m.start));
  return {
    inside: (at: number): boolean => at >= from && at < to && inHours[at - from] === 1,
    hasCore: (a: number, b: number): boolean => {
      // Positions are whole numbers: the first core mention starting at or after `a`.
      const first = firstAbove(core, (m) => m.start, a - 1);
      return (minEnd[first] as number) <= b;
    },
    subjectAt: (at: number): boolean => subjectStarts.has(at),
  };
}

/**
 * Splits a sentence into clauses, each a candidate claim: "Phone lines are open Mon-Fri 8am-8pm, live chat 24/7" is
 * two; "Reach us on live chat, WhatsApp or by phone from 8am" stays one, because its comma starts no new claim.
 * A spaced dash inside a range of hours ("8 AM – 9 PM") splits nothing.
 */
export function splitClauses(text: string, sentence: Stretch, mentions: readonly Mention[]): Stretch[] {
  const body = text.slice(sentence.start, sentence.end);
  const index = mentionIndex(mentions, sentence.start, sentence.end);
  // Strong separators come in order and never overlap, so they are sorted by `at` and by `after` alike.
  const strongCuts: Cut[] = [];
  for (const match of body.matchAll(STRONG)) {
    const at = sentence.start + match.index;
    if (!index.inside(at + Math.floor(match[0].length / 2))) strongCuts.push({ at, after: at + match[0].length });
  }
  const boundaryAfter = (at: number): number => strongCuts[firstAbove(strongCuts, (c) => c.at, at)]?.at ?? sentence.end;
  const boundaryBefore = (at: number): number =>
    strongCuts[firstAbove(strongCuts, (c) => c.after, at) - 1]?.after ?? sentence.start;
  // The strong cut that starts last before `after` is the only one that can overlap [at, after).
  const overlapsStrong = (at: number, after: number): boolean =>
    (strongCuts[firstAbove(strongCuts, (c) => c.at, after - 1) - 1]?.after ?? at) > at;

  const softCuts: Cut[] = [];
  const leadIn = new RegExp(LEAD_IN.source, 'iy');
  for (const match of body.matchAll(SOFT)) {
    const at = sentence.start + match.index;
    const after = at + match[0].length;
    if (index.inside(at) || overlapsStrong(at, after)) continue;
    leadIn.lastIndex = after - sentence.start;
    const lead = leadIn.exec(body)?.[0].length ?? 0;
    if (!index.subjectAt(after + lead)) continue;
    // Soft cuts are found in order, so the last one is the latest cut before `at` among them.
    const previousCut = Math.max(boundaryBefore(at), softCuts.at(-1)?.after ?? sentence.start);
    if (index.hasCore(previousCut, at) && index.hasCore(after, boundaryAfter(after))) softCuts.push({ at, after });
  }
  const cuts = [...strongCuts, ...softCuts].sort((a, b) => a.at - b.at);
  const clauses: Stretch[] = [];
  let start = sentence.start;
  for (const cut of cuts) {
    if (cut.at > start) clauses.push({ start, end: cut.at });
    start = Math.max(start, cut.after);
  }
  if (sentence.end > start) clauses.push({ start, end: sentence.end });
  return clauses;
}
