import type { MentionData } from './mention.ts';

/** One time of day as written: "8am", "8.30 a.m.", "17:30", "9", "noon", "midnight". */
const TIME = String.raw`(?:\d{1,2}(?:[:.]\d{2})?(?:\s?(?:a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z]))?|noon|midday|midnight)`;
const SEPARATOR = String.raw`\s*(?:-|–|—|‑|to|until|till|til|'til|and|through|thru)\s*`;
/** Words after a number that make it a duration or a count, not a time: "3 to 5 business days". */
const NOT_A_TIME = String.raw`(?![\d\-–/]|\s*(?:%|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|working|business|rings?|languages?|calls?|people|customers|times)\b)`;

/** A range of times of day; "between … and …" is the only range "and" may join. Phone numbers are kept out. */
export const TIME_RANGE = new RegExp(
  String.raw`(?<![\d\-–/.:+£$€#])(?<lead>\b(?:from|between)\s+)?(?<from>${TIME})(?<sep>${SEPARATOR})(?<to>${TIME})${NOT_A_TIME}`,
  'gi',
);

interface ClockTime {
  readonly hour: number;
  readonly minute: number;
  readonly meridiem: 'am' | 'pm' | null;
  /** midnight, noon */
  readonly word: string | null;
}

function readClock(text: string): ClockTime | null {
  const word = text.toLowerCase();
  if (word === 'noon' || word === 'midday') return { hour: 12, minute: 0, meridiem: 'pm', word };
  if (word === 'midnight') return { hour: 0, minute: 0, meridiem: 'am', word };
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s?(?:(a)|(p))?/i.exec(text);
  if (match === null) return null;
  const hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  if (hour > 24 || minute > 59) return null;
  const meridiem = match[3] !== undefined ? 'am' : match[4] !== undefined ? 'pm' : null;
  if (meridiem !== null && (hour === 0 || hour > 12)) return null;
  return { hour, minute, meridiem, word: null };
}

function to24(hour: number, meridiem: 'am' | 'pm'): number {
  if (meridiem === 'am') return hour === 12 ? 0 : hour;
  return hour === 12 ? 12 : hour + 12;
}

/**
 * Resolves a written range to minutes since midnight. A missing am/pm is guessed the way people read shop hours:
 * "9-5" is 09:00-17:00, "8-8" 08:00-20:00, "9–5pm" 09:00-17:00, "6-10pm" 18:00-22:00, "9:00-17:30" as written.
 * A range ending before it starts runs past midnight ("5pm to 1am" → 17:00-25:00); "until midnight" ends at 24:00.
 */
export function resolveRange(from: ClockTime, to: ClockTime): { fromMinute: number; toMinute: number } | null {
  let fromHour: number;
  let toHour: number;
  if (from.meridiem !== null && to.meridiem !== null) {
    fromHour = to24(from.hour, from.meridiem);
    toHour = to24(to.hour, to.meridiem);
  } else if (to.meridiem !== null) {
    toHour = to24(to.hour, to.meridiem);
    const asPm = to.meridiem === 'pm' && from.hour < 12 && from.hour + 12 < toHour ? from.hour + 12 : from.hour;
    fromHour = asPm;
  } else if (from.meridiem !== null) {
    fromHour = to24(from.hour, from.meridiem);
    toHour = to.hour;
    if (toHour <= fromHour && toHour + 12 > fromHour && toHour < 12) toHour += 12;
  } else {
    fromHour = from.hour;
    toHour = to.hour;
    if (toHour <= fromHour && toHour < 12 && toHour + 12 > fromHour) toHour += 12;
  }
  const fromMinute = fromHour * 60 + from.minute;
  let toMinute = toHour * 60 + to.minute;
  if (to.word === 'midnight' || (toMinute === 0 && fromMinute > 0)) toMinute = 1440;
  if (toMinute <= fromMinute) toMinute += 1440;
  if (fromMinute >= 1440 || toMinute - fromMinute > 1440) return null;
  return { fromMinute, toMinute };
}

/** Reads a TIME_RANGE match; null when it is not a plausible range of opening hours. */
export function readTimeRange(match: RegExpExecArray): MentionData | null {
  const groups = match.groups ?? {};
  const sep = (groups['sep'] ?? '').trim().toLowerCase();
  const lead = (groups['lead'] ?? '').trim().toLowerCase();
  if (sep === 'and' && lead !== 'between') return null;
  const from = readClock(groups['from'] ?? '');
  const to = readClock(groups['to'] ?? '');
  if (from === null || to === null) return null;
  const written = (t: ClockTime, raw: string): boolean => t.meridiem !== null || t.word !== null || /[:.]/.test(raw);
  // Two bare numbers ("2-3", "10 to 12") only count when a dash joins them, as in "9-5" or "Sat 10-4".
  if (
    !written(from, groups['from'] ?? '') &&
    !written(to, groups['to'] ?? '') &&
    !/^[-–—‑]$/.test(sep) &&
    lead === ''
  ) {
    if (!/^(?:to|till|until)$/.test(sep)) return null;
  }
  const range = resolveRange(from, to);
  return range === null ? null : { family: 'times', ...range };
}
