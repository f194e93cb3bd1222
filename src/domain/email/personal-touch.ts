import { replyText, wordsOf } from './reply-text.ts';

/**
 * Whether a reply treats the customer as a person: addressed by name or as "Dear Valued Customer", and whether it
 * speaks to the question's topic words. Both are evidence shown with the verdict, not part of the promise.
 */
export interface TopicCoverage {
  /** The question's topic words, as configured. */
  readonly asked: readonly string[];
  /** Those the reply's own text mentions (any form: "charge" covers "charged"). */
  readonly answered: readonly string[];
  readonly missing: readonly string[];
  /** answered / asked, 0-1. */
  readonly share: number;
}

export interface PersonalTouch {
  /** by-name: the persona's first, last or full name in the greeting or opening; generic: "Dear Valued Customer". */
  readonly addressed: 'by-name' | 'generic' | 'unaddressed';
  /** The opening line, verbatim, when it reads as a greeting. */
  readonly greeting?: string;
  readonly topic?: TopicCoverage;
}

const GREETING =
  /^(hi|hiya|hello|hey|dear|good (morning|afternoon|evening|day)|greetings|bonjour|hallo|thanks|thank you)\b/i;
const GENERIC =
  /\b(dear|hi|hello|hey) (valued |dear |our )?(customer|client|sir|madam|sir or madam|sir\/madam|sir\/ madam|user|member|guest|friend|there|all|team|account holder|cardholder)\b/i;
const TITLES = ['mr', 'mrs', 'ms', 'miss', 'mx', 'dr'];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function mentionsName(text: string, persona: string): boolean {
  const parts = persona
    .trim()
    .split(/\s+/)
    .filter((p) => p.length > 1);
  if (parts.length === 0) return false;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const names = [persona.trim(), first, ...TITLES.map((t) => `${t}\\.? ${escape(last)}`)];
  return names.some((name, i) =>
    new RegExp(`(^|[^\\p{L}])${i < 2 ? escape(name) : name}(?![\\p{L}])`, 'iu').test(text),
  );
}

/** Whether two words are forms of one another: a shared start of at least 4 letters, missing at most 2 of the shorter. */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common += 1;
  return common >= 4 && common >= Math.min(a.length, b.length) - 2;
}

export function topicCoverage(text: string, topicWords: readonly string[]): TopicCoverage {
  const words = new Set(wordsOf(text));
  const answered = topicWords.filter((topic) => {
    const wanted = wordsOf(topic);
    return wanted.length > 0 && wanted.every((w) => [...words].some((word) => sameWord(word, w)));
  });
  const missing = topicWords.filter((t) => !answered.includes(t));
  return {
    asked: [...topicWords],
    answered,
    missing,
    share: topicWords.length === 0 ? 0 : answered.length / topicWords.length,
  };
}

/** Reads a reply's own text (quoted original and signature left out) for the personal touch. */
export function personalTouch(text: string, persona: string, topicWords: readonly string[] = []): PersonalTouch {
  const fresh = replyText(text).fresh;
  const firstLine =
    fresh
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  const greeting = GREETING.test(firstLine) && firstLine.length <= 100 ? firstLine : undefined;
  const opening = fresh.slice(0, 300);
  const addressed = mentionsName(opening, persona)
    ? 'by-name'
    : GENERIC.test(greeting ?? firstLine)
      ? 'generic'
      : 'unaddressed';
  return {
    addressed,
    ...(greeting === undefined ? {} : { greeting }),
    ...(topicWords.length === 0 ? {} : { topic: topicCoverage(fresh, topicWords) }),
  };
}
