import type { ClaimChannel } from '../channel.ts';
import type { BusinessLimit, Weekday } from '../claim.ts';

/** What one rule found in a sentence. Claims are assembled from these, clause by clause. */
export type MentionData =
  | { readonly family: 'channel'; readonly channel: ClaimChannel }
  /** A chatbot or virtual assistant: chat, answered by a machine. */
  | { readonly family: 'bot' }
  /** "support", "customer service": every channel, and no channel carried over from an earlier clause. */
  | { readonly family: 'service' }
  /** "24/7", "round the clock"; `days` set for "24/5". */
  | { readonly family: 'always'; readonly absolute: boolean; readonly days?: readonly Weekday[] }
  | { readonly family: 'days'; readonly days: readonly Weekday[]; readonly absolute: boolean }
  | { readonly family: 'times'; readonly fromMinute: number; readonly toMinute: number }
  | { readonly family: 'zone'; readonly timeZone: string }
  /** "during business hours": hours are promised but not stated. */
  | { readonly family: 'hours-vague' }
  /** "open", "available", "on hand": with days alone ("open 7 days a week") the copy still claims availability. */
  | { readonly family: 'open' }
  | {
      readonly family: 'speed';
      readonly withinMs: number;
      readonly sameBusinessDay: boolean;
      readonly instant: boolean;
      /** "4 business hours", "2 working days": the limit counts the claim's calendar. */
      readonly business?: BusinessLimit;
    }
  /** A verb near a duration: contact ("answer", "reply") or not ("refunds are issued", "resolve"). */
  | { readonly family: 'cue'; readonly contact: boolean; readonly reply: boolean }
  | { readonly family: 'average' }
  | { readonly family: 'share'; readonly share: number }
  | { readonly family: 'human' }
  | { readonly family: 'absolute' }
  | { readonly family: 'negation' }
  | { readonly family: 'closed' }
  | { readonly family: 'self-service'; readonly automated: boolean }
  | { readonly family: 'out-of-scope' }
  | { readonly family: 'puffery' }
  | { readonly family: 'vague' };

export type Family = MentionData['family'];

export type Mention = MentionData & {
  /** Rule id, e.g. `availability.24-7`; it goes into `because`. */
  readonly rule: string;
  /** Offsets into the plain text. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
};

/** One row of a rule table: a global pattern and how to read a match (null to reject it). */
export interface Rule {
  readonly id: string;
  readonly pattern: RegExp;
  readonly read: (match: RegExpExecArray) => MentionData | null;
}

/** A rule whose every match means the same thing. */
export function fixed(id: string, pattern: RegExp, data: MentionData): Rule {
  return { id, pattern, read: () => data };
}

/** When a mention of the first family overlaps one of the second, the second is dropped. */
const CONSUMES: readonly (readonly [Family, Family])[] = [
  ['always', 'times'],
  ['always', 'speed'],
  ['always', 'days'],
  ['human', 'bot'],
  ['human', 'negation'],
  ['human', 'self-service'],
  ['channel', 'service'],
  ['channel', 'speed'],
  ['channel', 'times'],
  ['times', 'speed'],
  ['days', 'speed'],
  ['vague', 'negation'],
  ['speed', 'vague'],
  ['puffery', 'human'],
];

const overlap = (a: Mention, b: Mention): boolean => a.start < b.end && b.start < a.end;

/** Runs every rule over `text` (offsets kept) and settles overlaps between mentions. */
export function findMentions(text: string, rules: readonly Rule[], offset = 0): Mention[] {
  const found: Mention[] = [];
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (const match of text.matchAll(rule.pattern)) {
      const data = rule.read(match as RegExpExecArray);
      if (data === null || match[0].length === 0) continue;
      const start = offset + match.index;
      found.push({ ...data, rule: rule.id, start, end: start + match[0].length, text: match[0] });
    }
  }
  // Rule order settles ties, so remember it before sorting by position.
  const order = new Map(found.map((m, i) => [m, i]));
  const sorted = [...found].sort((a, b) => a.start - b.start || b.end - a.end);
  const longest = Math.max(0, ...sorted.map((m) => m.end - m.start));
  const overlapping = (index: number): Mention[] => {
    const mention = sorted[index] as Mention;
    const near: Mention[] = [];
    for (let j = index - 1; j >= 0 && (sorted[j] as Mention).start > mention.start - longest; j -= 1)
      near.push(sorted[j] as Mention);
    for (let j = index + 1; j < sorted.length && (sorted[j] as Mention).start < mention.end; j += 1)
      near.push(sorted[j] as Mention);
    return near.filter((other) => overlap(other, mention));
  };
  return sorted.filter((mention, index) => {
    const near = overlapping(index);
    const size = (m: Mention): number => m.end - m.start;
    // Within a family the longest match wins ("live agent" over "agent"); ties go to the earlier rule.
    const longer = near.some(
      (other) =>
        other.family === mention.family &&
        (size(other) > size(mention) ||
          (size(other) === size(mention) && (order.get(other) as number) < (order.get(mention) as number))),
    );
    if (longer) return false;
    return !near.some((other) => CONSUMES.some(([wins, loses]) => wins === other.family && loses === mention.family));
  });
}

/** The mentions of one family, typed. */
export function ofFamily<F extends Family>(mentions: readonly Mention[], family: F): (Mention & { family: F })[] {
  return mentions.filter((m): m is Mention & { family: F } => m.family === family);
}
