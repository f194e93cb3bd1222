import type { Weekday } from '../claim.ts';
import { fixed } from './mention.ts';
import type { Rule } from './mention.ts';
import { readTimeRange, TIME_RANGE } from './time-of-day.ts';

const ALL_DAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];
const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4];
const WEEKEND: readonly Weekday[] = [5, 6];

const DAY = String.raw`\b(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)s?\b\.?`;
const DAY_RANGE = String.raw`${DAY}\s*(?:-|–|—|to|through|thru|till|until)\s*${DAY}`;
const DAY_ITEM = `(?:${DAY_RANGE}|${DAY})`;
const DAY_LIST = new RegExp(String.raw`${DAY_ITEM}(?:\s*(?:,|&|and|\/|or|plus)\s*${DAY_ITEM})*`, 'gi');

const DAY_INDEX: Record<string, Weekday> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

function dayOf(token: string): Weekday {
  return DAY_INDEX[token.toLowerCase().slice(0, 3)] as Weekday;
}

/** "Mon-Fri", "Saturday and Sunday", "Mon–Sat & Sun" → the days named, ranges wrapping past Sunday. */
export function readDays(text: string): Weekday[] {
  const days = new Set<Weekday>();
  for (const item of text.matchAll(new RegExp(DAY_ITEM, 'gi'))) {
    const names = [...item[0].matchAll(new RegExp(DAY, 'gi'))].map((m) => dayOf(m[0]));
    const from = names[0] as Weekday;
    const to = names[names.length - 1] as Weekday;
    for (let d = from; ; d = ((d + 1) % 7) as Weekday) {
      days.add(d);
      if (d === to) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

/** Hours: always-open wording, days, times of day and time zones. */
export const HOURS_RULES: readonly Rule[] = [
  fixed('availability.24-7', /\b24\s?(?:\/|x|×)\s?7(?:\s?(?:\/|x|×)\s?365)?\b|\btwenty[- ]four[- ]seven\b/gi, {
    family: 'always',
    absolute: true,
  }),
  fixed('availability.24-5', /\b24\s?(?:\/|x|×)\s?5\b/gi, { family: 'always', absolute: true, days: WEEKDAYS }),
  fixed(
    'availability.24-hours-a-day',
    /\b24 hours (?:a|per) day(?:,? (?:and )?(?:7|seven) days (?:a|per) week)?\b|\b(?:all|any) (?:hours|times) of (?:the )?day(?: (?:or|and) night)?\b/gi,
    { family: 'always', absolute: true },
  ),
  fixed('availability.round-the-clock', /\b(?:a)?round[\s-]the[\s-]clock\b/gi, { family: 'always', absolute: true }),
  fixed(
    'availability.always-open',
    /\balways (?:open|available|on|online)\b|\bopen all hours\b|\bnever (?:sleeps|closes?|closed)\b/gi,
    {
      family: 'always',
      absolute: true,
    },
  ),
  fixed('availability.any-time', /\bany ?time\b|\bday (?:or|and) night\b|\bnight (?:or|and) day\b/gi, {
    family: 'always',
    absolute: true,
  }),
  // "open 24 hours", "a 24-hour helpline": a whole-day time range, so "24 hours on weekdays" stays weekly.
  {
    id: 'availability.24-hours',
    pattern:
      /(?<!\b(?:within|in|under|than|to|up to|of|allow|about|every|for|over|least|next|last)\s)\b24[\s-]hours?\b(?!\s+(?:before|after|in advance|notice|ago|later|response|turnaround|reply|replies|service level))/gi,
    read: () => ({ family: 'times', fromMinute: 0, toMinute: 1440 }),
  },
  fixed('hours.every-day-of-year', /\b365 days(?: a| per| of the)? year\b|\bevery (?:single )?day of the year\b/gi, {
    family: 'days',
    days: ALL_DAYS,
    absolute: true,
  }),
  fixed(
    'hours.every-day',
    /\b(?:7|seven) days (?:a|per) week\b|\bevery day\b|\bdaily\b|\beach day\b|\bseven days\b/gi,
    {
      family: 'days',
      days: ALL_DAYS,
      absolute: false,
    },
  ),
  fixed('hours.weekdays', /\bweek-?days?\b/gi, { family: 'days', days: WEEKDAYS, absolute: false }),
  fixed('hours.weekends', /\bweek-?ends?\b/gi, { family: 'days', days: WEEKEND, absolute: false }),
  {
    id: 'hours.days',
    pattern: DAY_LIST,
    read: (match) => ({ family: 'days', days: readDays(match[0]), absolute: false }),
  },
  { id: 'hours.times', pattern: TIME_RANGE, read: (match) => readTimeRange(match) },
  fixed(
    'hours.business-hours',
    /\b(?:during|in|within|outside)\s+(?:normal\s+|our\s+|UK\s+|US\s+|local\s+|standard\s+)?(?:business|office|opening|working)\s+hours\b/gi,
    { family: 'hours-vague' },
  ),
  fixed('hours.open', /\bopen\b|\bavailable\b|\bon hand\b|\bstaffed\b|\bonline\b|\bhere\b|\bthere\b/gi, {
    family: 'open',
  }),
];

/** Time-zone wording mapped to IANA zones. Abbreviations must be upper case, so "et" or "pt" in prose never match. */
const ZONES: readonly (readonly [string, RegExp, string])[] = [
  [
    'uk',
    /\b(?:UK|U\.K\.|London|British|Greenwich Mean|Greenwich)\s+(?:business\s+|office\s+)?(?:time|hours)\b|\bGMT\b|\bBST\b/gi,
    'Europe/London',
  ],
  ['ireland', /\b(?:Irish|Dublin) time\b/gi, 'Europe/Dublin'],
  ['cet', /\bCES?T\b|\bCentral European(?: Summer)? Time\b/g, 'Europe/Berlin'],
  ['paris', /\bParis time\b/gi, 'Europe/Paris'],
  ['et', /\bE[SD]?T\b|\bEastern(?: Standard| Daylight)?(?: Time)?\b|\bNew York time\b/g, 'America/New_York'],
  ['ct', /\bC[SD]?T\b|\bCentral(?: Standard| Daylight)? Time\b/g, 'America/Chicago'],
  ['mt', /\bM[SD]?T\b|\bMountain(?: Standard| Daylight)? Time\b/g, 'America/Denver'],
  ['pt', /\bP[SD]?T\b|\bPacific(?: Standard| Daylight)?(?: Time)?\b/g, 'America/Los_Angeles'],
  ['aet', /\bAE[SD]T\b|\bSydney time\b/g, 'Australia/Sydney'],
  ['awst', /\bAWST\b|\bPerth time\b/g, 'Australia/Perth'],
  ['nzt', /\bNZ[SD]T\b/g, 'Pacific/Auckland'],
  ['hkt', /\bHKT\b|\bHong Kong time\b/g, 'Asia/Hong_Kong'],
  ['sgt', /\bSGT\b|\bSingapore time\b/g, 'Asia/Singapore'],
  ['jst', /\bJST\b|\bTokyo time\b/g, 'Asia/Tokyo'],
  ['ist', /\bIST\b|\bIndia(?:n)? (?:Standard )?time\b/g, 'Asia/Kolkata'],
  ['sast', /\bSAST\b/g, 'Africa/Johannesburg'],
  ['utc', /\bUTC\b|\bZulu\b/g, 'UTC'],
];

export const ZONE_RULES: readonly Rule[] = ZONES.map(([id, pattern, timeZone]) =>
  fixed(`zone.${id}`, pattern, { family: 'zone', timeZone }),
);
