import type { Family, Mention } from './mention.ts';
import type { Stretch } from './sentences.ts';

/** Separators that always end a clause: ";", a spaced dash, ", or", "but", "while". */
const STRONG = /;|\s[–—-]\s|\s—|—\s|,\s*(?:or|but|while|whereas)\b|\s+but\s+|\bwhereas\b|\bwhile\b/gi;
/** Separators that end a clause only between two claims: ", " and " and " before a new subject. */
const SOFT = /,\s*(?:(?:and|or|with|plus)\s+)?|\s+and\s+/gi;
/** Little words between a separator and its subject: ", or with our agents", " and an engineer". */
const LEAD_IN = /^(?:(?:our|the|a|an|with|by|via|on|and|or)\s+)*/i;

const CORE: ReadonlySet<Family> = new Set(['always', 'times', 'speed', 'human', 'bot', 'hours-vague']);
const SUBJECT: ReadonlySet<Family> = new Set(['channel', 'bot', 'human', 'service']);
const HOURS: ReadonlySet<Family> = new Set(['times', 'days']);

const inside = (at: number, mentions: readonly Mention[]): boolean =>
  mentions.some((m) => HOURS.has(m.family) && m.start < at && at < m.end);

const hasCore = (mentions: readonly Mention[], from: number, to: number): boolean =>
  mentions.some((m) => CORE.has(m.family) && m.start >= from && m.end <= to);

/**
 * Splits a sentence into clauses, each a candidate claim: "Phone lines are open Mon-Fri 8am-8pm, live chat 24/7" is
 * two; "Reach us on live chat, WhatsApp or by phone from 8am" stays one, because its comma starts no new claim.
 * A spaced dash inside a range of hours ("8 AM – 9 PM") splits nothing.
 */
export function splitClauses(text: string, sentence: Stretch, mentions: readonly Mention[]): Stretch[] {
  const body = text.slice(sentence.start, sentence.end);
  const cuts: { at: number; after: number }[] = [];
  for (const match of body.matchAll(STRONG)) {
    const at = sentence.start + match.index;
    if (!inside(at + Math.floor(match[0].length / 2), mentions)) cuts.push({ at, after: at + match[0].length });
  }
  const strongCuts = [...cuts].sort((a, b) => a.at - b.at);
  const boundaryAfter = (at: number): number => strongCuts.find((c) => c.at > at)?.at ?? sentence.end;
  const boundaryBefore = (at: number): number =>
    [...strongCuts].reverse().find((c) => c.after <= at)?.after ?? sentence.start;

  for (const match of body.matchAll(SOFT)) {
    const at = sentence.start + match.index;
    const after = at + match[0].length;
    if (inside(at, mentions) || strongCuts.some((c) => at < c.after && after > c.at)) continue;
    const lead = LEAD_IN.exec(text.slice(after, sentence.end))?.[0].length ?? 0;
    const startsWithSubject = mentions.some((m) => SUBJECT.has(m.family) && m.start === after + lead);
    if (!startsWithSubject) continue;
    const previousCut = Math.max(boundaryBefore(at), ...cuts.filter((c) => c.after <= at).map((c) => c.after));
    if (hasCore(mentions, previousCut, at) && hasCore(mentions, after, boundaryAfter(after))) {
      cuts.push({ at, after });
    }
  }
  cuts.sort((a, b) => a.at - b.at);
  const clauses: Stretch[] = [];
  let start = sentence.start;
  for (const cut of cuts) {
    if (cut.at > start) clauses.push({ start, end: cut.at });
    start = Math.max(start, cut.after);
  }
  if (sentence.end > start) clauses.push({ start, end: sentence.end });
  return clauses;
}
