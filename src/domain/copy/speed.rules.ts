import { fixed } from './mention.ts';
import type { MentionData, Rule } from './mention.ts';
import type { BusinessLimit } from '../claim.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "instantly", "immediately": read as a first response within this long. */
export const IMMEDIATE_MS = 30 * SECOND;

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  'twenty-four': 24,
  thirty: 30,
  forty: 40,
  'forty-five': 45,
  sixty: 60,
  ninety: 90,
};
const NUMBER = String.raw`(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty-four|twenty|thirty|forty-five|forty|sixty|ninety)`;
const UNIT = String.raw`(?:(?:working|business)\s+(?:days?|hours?)|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)`;
const SHORT_UNIT = String.raw`(?:h|hrs?|m|mins?|s|secs?)`;
const DURATION = new RegExp(
  String.raw`(?<!\bevery\s)\b(?<n>${NUMBER})(?:\s*(?:-|–|to|or)\s*(?<upper>${NUMBER}))?(?:[\s-]*(?<unit>${UNIT})\b|(?<=\d)(?<short>${SHORT_UNIT})\b)` +
    String.raw`(?:,?\s*(?:and\s+)?(?<n2>\d+)\s*(?<unit2>seconds?|secs?|minutes?|mins?)\b)?` +
    String.raw`(?!\s+(?:a|per)\s+(?:day|week|year|month)\b)(?!\s+(?:before|after|ago|in advance|notice|old)\b)`,
  'gi',
);

function numberOf(text: string): number {
  const lower = text.toLowerCase();
  return NUMBER_WORDS[lower] ?? Number(lower);
}

function unitMs(unit: string): number {
  const u = unit.toLowerCase().replace(/\s+/g, ' ');
  if (u.startsWith('working day') || u.startsWith('business day') || u.startsWith('day')) return DAY;
  if (u.startsWith('working hour') || u.startsWith('business hour') || u.startsWith('h')) return HOUR;
  if (u.startsWith('week')) return 7 * DAY;
  if (u.startsWith('m')) return MINUTE;
  return SECOND;
}

function readDuration(match: RegExpExecArray): MentionData | null {
  const g = match.groups ?? {};
  const unit = g['unit'] ?? g['short'];
  if (unit === undefined) return null;
  const n = numberOf(g['upper'] ?? (g['n'] as string));
  if (!Number.isFinite(n) || n <= 0) return null;
  let ms = n * unitMs(unit);
  if (g['n2'] !== undefined && g['unit2'] !== undefined) ms += Number(g['n2']) * unitMs(g['unit2']);
  const business = businessOf(unit, n);
  return {
    family: 'speed',
    withinMs: Math.round(ms),
    sameBusinessDay: false,
    instant: false,
    ...(business === undefined ? {} : { business }),
  };
}

/** "4 business hours", "2 working days": a limit in the claim's calendar (days whole, as promised). */
function businessOf(unit: string, n: number): BusinessLimit | undefined {
  const u = unit.toLowerCase().replace(/\s+/g, ' ');
  if (!u.startsWith('working') && !u.startsWith('business')) return undefined;
  return u.includes('hour') ? { kind: 'business-hours', hours: n } : { kind: 'business-days', days: Math.ceil(n) };
}

const speed = (withinMs: number, sameBusinessDay = false, instant = false): MentionData => ({
  family: 'speed',
  withinMs,
  sameBusinessDay,
  instant,
});

/** Durations, the verbs that make them a promise about contact, and statistics over them. */
export const SPEED_RULES: readonly Rule[] = [
  { id: 'speed.within', pattern: DURATION, read: readDuration },
  fixed('speed.half-hour', /\bhalf an hour\b/gi, speed(30 * MINUTE)),
  fixed('speed.within-the-hour', /\bwithin the hour\b/gi, speed(HOUR)),
  fixed('speed.same-business-day', /\b(?:the\s+)?same\s+(?:business\s+|working\s+)?day\b/gi, speed(DAY, true)),
  fixed('speed.next-business-day', /\b(?:the\s+|by\s+the\s+)?next\s+(?:business|working)\s+day\b/gi, {
    family: 'speed',
    withinMs: DAY,
    sameBusinessDay: false,
    instant: false,
    business: { kind: 'business-days', days: 1 },
  }),
  fixed(
    'speed.immediate',
    /\binstant(?:ly)?\b|\bimmediate(?:ly)?\b|\bstraight away\b|\bright away\b|\bin an instant\b/gi,
    speed(IMMEDIATE_MS, false, true),
  ),
  fixed(
    'cue.reply',
    /\brepl(?:y|ies|ied|ying)\b|\bget(?:s|ting)? back\b|\bcall(?:s|ing)?\s+(?:you\s+)?back\b|\bcall-?backs?\b|\bhear back\b|\bwrite back\b/gi,
    { family: 'cue', contact: true, reply: true },
  ),
  fixed(
    'cue.contact',
    /\banswer(?:s|ed|ing)?\b|\brespon(?:d|ds|ded|ding|se|ses)\b|\bpick(?:s|ed)? up\b|\bwait(?:s|ing)?\b|\bhold\b|\backnowledg(?:e|ed|es|ment)\b|\bbe with you\b|\b(?:speak|talk|chat) (?:to|with)\b|\breach(?:ed)?\b|\bconnect(?:ed|s)?\b|\bget help\b|\bhandled?\b/gi,
    { family: 'cue', contact: true, reply: false },
  ),
  fixed(
    'cue.not-contact',
    /\bresolv(?:e|es|ed|ing)\b|\bprocess(?:ed|es|ing)?\b|\bissued?\b|\brestored?\b|\bdeliver(?:ed|y|ies)?\b|\bdecisions?\b|\bdispatch(?:ed)?\b|\brefund(?:ed|s)?\b|\bship(?:ped|s)?\b|\bupdated?\b|\bposted\b|\blet us know\b|\bbefore\b|\bafter\b|\bfix(?:ed)?\b/gi,
    { family: 'cue', contact: false, reply: false },
  ),
  fixed('statistic.average', /\baverage\b|\bon average\b|\bavg\.?(?!\w)|\bmean (?:wait|response|reply|time)\b/gi, {
    family: 'average',
  }),
  fixed('statistic.median', /\bmedian\b/gi, { family: 'share', share: 0.5 }),
  {
    id: 'statistic.share',
    pattern:
      /\b(?<pct>\d{1,3}(?:\.\d+)?)\s?(?:%|per\s?cent\b)\s*of\s+(?:all\s+)?(?:our\s+)?(?:calls|emails|e-mails|chats|messages|enquiries|inquiries|requests|customers|tickets|queries|contacts)\b/gi,
    read: (match) => {
      const share = Number(match.groups?.['pct']) / 100;
      return share > 0 && share <= 1 ? { family: 'share', share } : null;
    },
  },
  {
    id: 'statistic.share',
    pattern: /\b(?<n>\d|one|two|three|four|five|six|seven|eight|nine)\s+(?:out\s+)?of\s+(?:every\s+)?(?:10|ten)\b/gi,
    read: (match) => ({ family: 'share', share: numberOf(match.groups?.['n'] as string) / 10 }),
  },
];
