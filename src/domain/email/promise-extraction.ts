/**
 * What an auto-reply promises about the human reply, read from its text: "within 24 hours", "in 2 business days",
 * "by end of next working day". The promise becomes a derived claim of the mailbox (auto-reply-claim.ts) and the
 * human reply time is judged against it, in the mailbox claim's calendar (calendar/business-calendar.ts).
 */

/**
 * - elapsed: wall-clock time from the mail's arrival ("within 24 hours", "within 2 days", "within a week");
 * - business-hours: that many hours of the calendar's opening hours ("within 4 business hours");
 * - business-days: by the close of the Nth business day after the day of receipt ("in 2 business days"; "by end of
 *   next working day" is 1, "by end of business day" and "same business day" are 0);
 * - calendar-days: by local midnight ending the Nth day after the day of receipt ("by tomorrow" is 1).
 */
export type PromisedDeadline =
  | { readonly kind: 'elapsed'; readonly ms: number }
  | { readonly kind: 'business-hours'; readonly hours: number }
  | { readonly kind: 'business-days'; readonly days: number }
  | { readonly kind: 'calendar-days'; readonly days: number };

export interface ReplyPromise {
  /** The sentence that makes the promise, verbatim (whitespace collapsed). */
  readonly verbatim: string;
  /** The words that set the time, e.g. "within 2 business days". */
  readonly phrase: string;
  readonly deadline: PromisedDeadline;
  /** Softened: "usually", "typically", "we aim to", "on average". Still judged as promised. */
  readonly hedged: boolean;
}

const HOUR_MS = 3_600_000;
const UNIT_MS = { minute: 60_000, hour: HOUR_MS, day: 24 * HOUR_MS, week: 7 * 24 * HOUR_MS } as const;
type Unit = keyof typeof UNIT_MS;

const WORDS: Record<string, number> = {
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
  thirty: 30,
  'forty-five': 45,
  'twenty-four': 24,
  'forty-eight': 48,
  'seventy-two': 72,
  'ninety-six': 96,
  'a couple of': 2,
  'one or two': 2,
  'two or three': 3,
};

const NUMBER = String.raw`(?:\d+(?:\.\d+)?|half an?|a couple of|one or two|two or three|twenty[- ]four|forty[- ]eight|seventy[- ]two|ninety[- ]six|forty[- ]five|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)`;
const AMOUNT = String.raw`(${NUMBER})(?:\s*\(\d+\))?(?:\s*(?:-|–|to|or)\s*(${NUMBER}))?`;
const UNIT = String.raw`(business|working|work)?[\s-]*(minutes?|mins?|hours?|hrs?|h|days?|weeks?)\b`;
const LEAD = String.raw`\b(?:within(?: the next)?|in the next|over the next|in (?:less than|under|about|around|approximately)|in|under|less than|no later than|not more than|no more than|up to|inside(?: of)?|is|of|:)\s+(?:approximately |about |around |roughly |currently |usually |typically )?`;
const SPAN = new RegExp(`${LEAD}${AMOUNT}\\s*${UNIT}`, 'i');
const ATTACHED = new RegExp(
  `\\b(\\d+)[\\s-]*(business|working)?[\\s-]*(hour|hr|h|day|minute)s?[\\s-]+(response|reply|turnaround)`,
  'i',
);

const FIXED: readonly (readonly [RegExp, PromisedDeadline])[] = [
  [/\bwithin the hour\b/i, { kind: 'elapsed', ms: HOUR_MS }],
  [
    /\b(by|before) (the )?(end|close) of (the )?(next|following) (business|working|work) day\b/i,
    { kind: 'business-days', days: 1 },
  ],
  [
    /\b(within|by|on|in) (the )?(next|following) (business|working|work) day\b|\bnext (business|working) day\b/i,
    { kind: 'business-days', days: 1 },
  ],
  [
    /\b(by|before) (the )?(end|close) of (the )?(business |working |work )?day\b|\bby (the )?EOD\b|\b(the )?same (business |working )?day\b/i,
    { kind: 'business-days', days: 0 },
  ],
  [/\b(by|before) (the end of )?tomorrow\b/i, { kind: 'calendar-days', days: 1 }],
];

const REPLY_CONTEXT =
  /\b(repl(y|ies|ied)|respon(d|ds|se|ses)|get back|be in touch|hear (back )?from|contact(ed)? you|answer(ed)?|reach out|follow(ed)? up|look(ed)? into|review(ed)?|attend(ed)? to|handle[d]?|resolve[d]?|process(ed)?|turnaround|assist(ed)?|help you|back to you|in touch)\b/i;
const NOT_A_PROMISE =
  /\bif you (do not|don't|fail to|have not|haven't)\b|\b(auto[- ]?close|will be closed|be closed automatically|expires?)\b/i;
const HEDGE =
  /\b(usually|typically|normally|generally|on average|average|aims? to|try to|strive|endeavou?r|hope to|in most cases|may take|can take|(approximately|about|around|roughly) (\d|an? |one|two|three|four|twenty|forty))/i;
const BUSINESS_WEEKDAYS =
  /\bexcluding (weekends|saturdays?)|\b(monday|mon) (to|-|–|through) (friday|fri)\b|\bbusiness days\b/i;

function amountOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const key = text.toLowerCase().replace(/\s+/g, ' ');
  if (/^half an?$/.test(key)) return 0.5;
  if (/^\d/.test(key)) return Number(key);
  return WORDS[key] ?? WORDS[key.replace(' ', '-')];
}

function unitOf(text: string): Unit {
  const t = text.toLowerCase();
  if (t.startsWith('min')) return 'minute';
  if (t.startsWith('h')) return 'hour';
  if (t.startsWith('w')) return 'week';
  return 'day';
}

function deadlineOf(amount: number, unit: Unit, business: boolean): PromisedDeadline | undefined {
  if (!(amount > 0)) return undefined;
  if (business && unit === 'hour') return { kind: 'business-hours', hours: amount };
  if (business && unit === 'day') return { kind: 'business-days', days: Math.ceil(amount) };
  if (business && unit === 'week') return { kind: 'business-days', days: Math.ceil(amount * 5) };
  return { kind: 'elapsed', ms: Math.round(amount * UNIT_MS[unit]) };
}

/** The promise in one sentence, if it sets a time for a reply. */
function promiseIn(sentence: string): Omit<ReplyPromise, 'verbatim' | 'hedged'> | undefined {
  if (!REPLY_CONTEXT.test(sentence) || NOT_A_PROMISE.test(sentence)) return undefined;
  for (const [pattern, deadline] of FIXED) {
    const match = pattern.exec(sentence);
    if (match !== null) return { phrase: match[0].trim(), deadline };
  }
  const span = SPAN.exec(sentence);
  if (span !== null) {
    const amount = amountOf(span[2]) ?? amountOf(span[1]);
    const business = span[3] !== undefined || (unitOf(span[4] as string) === 'day' && BUSINESS_WEEKDAYS.test(sentence));
    const deadline = amount === undefined ? undefined : deadlineOf(amount, unitOf(span[4] as string), business);
    if (deadline !== undefined) return { phrase: span[0].replace(/^(is|of|:)\s+/i, '').trim(), deadline };
  }
  const attached = ATTACHED.exec(sentence);
  if (attached !== null) {
    const deadline = deadlineOf(Number(attached[1]), unitOf(attached[3] as string), attached[2] !== undefined);
    if (deadline !== undefined) return { phrase: attached[0].trim(), deadline };
  }
  return undefined;
}

/** Sentences of a plain-text mail: wrapped lines joined, split at sentence ends and blank lines. */
export function sentencesOf(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .flatMap((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').split(/(?<=[.!?])\s+(?=[\p{Lu}\d("'])/u))
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s !== '');
}

/**
 * The first promise of a reply time in a text, or undefined when it promises none (or only "as soon as possible").
 * Ranges take their upper end ("1-2 business days" is 2); "(excluding weekends)" makes days business days.
 */
export function extractReplyPromise(text: string): ReplyPromise | undefined {
  for (const sentence of sentencesOf(text)) {
    const found = promiseIn(sentence);
    if (found !== undefined) return { verbatim: sentence, ...found, hedged: HEDGE.test(sentence) };
  }
  return undefined;
}

/** A short description, e.g. "2 business days", "24h". */
export function describeDeadline(deadline: PromisedDeadline): string {
  switch (deadline.kind) {
    case 'elapsed':
      return deadline.ms % (24 * HOUR_MS) === 0 && deadline.ms > 2 * 24 * HOUR_MS
        ? `${deadline.ms / (24 * HOUR_MS)} days`
        : `${deadline.ms / HOUR_MS}h`;
    case 'business-hours':
      return `${deadline.hours} business hours`;
    case 'business-days':
      return deadline.days === 0
        ? 'the end of the business day'
        : `${deadline.days} business day${deadline.days === 1 ? '' : 's'}`;
    case 'calendar-days':
      return deadline.days === 1 ? 'the end of tomorrow' : `the end of day ${deadline.days}`;
  }
}
