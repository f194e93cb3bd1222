import { isTimeZone } from '../calendar/zoned-time.ts';
import { validationError } from '../errors.ts';
import { measurableClaim, unmeasurableClaim } from './build-claim.ts';
import type { SpanOf } from './build-claim.ts';
import { CHANNEL_RULES, PEOPLE_RULES } from './contact.rules.ts';
import { draftsOf, readClause } from './claim-draft.ts';
import type { Carry, Clause } from './claim-draft.ts';
import { splitClauses } from './clauses.ts';
import { detectFormat, toPlainText } from './copy-text.ts';
import type { CopyFormat } from './copy-text.ts';
import type { ExtractedClaim } from './extracted-claim.ts';
import { HOURS_RULES, ZONE_RULES } from './hours.rules.ts';
import { findMentions } from './mention.ts';
import type { Mention, Rule } from './mention.ts';
import { ABSOLUTE_RULES, PUFFERY_RULES, SCOPE_RULES, VAGUE_RULES } from './scope.rules.ts';
import { maskConversions, splitSentences } from './sentences.ts';
import type { Stretch } from './sentences.ts';
import { SPEED_RULES } from './speed.rules.ts';

export interface ExtractOptions {
  /** Guessed with `detectFormat` when not given. */
  readonly format?: CopyFormat;
  /** IANA zone for weekly hours whose copy names none; without it such hours keep `timeZone: null`. */
  readonly defaultTimeZone?: string;
}

/** Every rule table, in the order ties are settled. */
export const RULES: readonly Rule[] = [
  ...HOURS_RULES,
  ...ZONE_RULES,
  ...SPEED_RULES,
  ...PEOPLE_RULES,
  ...CHANNEL_RULES,
  ...ABSOLUTE_RULES,
  ...SCOPE_RULES,
  ...PUFFERY_RULES,
  ...VAGUE_RULES,
];

/** Copy that talks about contact at all; praise or vagueness elsewhere ("the world's favourite airline") is not ours. */
const CONTEXT = /\b(?:support|service|care|team|help|staff|we|us|our|advis[eo]rs?|agents?)\b/i;
/** A sentence that only names a channel, such as "Hotline: 0800 400 500.", labels the sentences after it. */
const LABEL_WORDS = 8;

type Found = Omit<ExtractedClaim, 'id'>;

interface SentenceResult {
  readonly claims: Found[];
  readonly carry: Carry | null;
}

function hasContext(sentenceText: string, mentions: readonly Mention[]): boolean {
  return (
    CONTEXT.test(sentenceText) ||
    mentions.some((m) => m.family === 'channel' || m.family === 'bot' || m.family === 'service')
  );
}

function unmeasurables(
  sentenceText: string,
  clauses: readonly Clause[],
  mentions: readonly Mention[],
  sentence: Stretch,
  spanOf: SpanOf,
  measured: boolean,
): Found[] {
  const claims: Found[] = [];
  for (const clause of clauses) {
    if (!clause.negated && clause.selfService && clause.core) {
      claims.push(unmeasurableClaim('self-service', clause.mentions, clause.stretch, sentence, spanOf));
    }
  }
  if (!hasContext(sentenceText, mentions)) return claims;
  const live = (m: Mention): boolean =>
    clauses.some((c) => !c.selfService && !c.negated && m.start >= c.stretch.start && m.end <= c.stretch.end);
  const puffery = mentions.filter((m) => m.family === 'puffery' && live(m));
  if (puffery.length > 0) claims.push(unmeasurableClaim('puffery', puffery, sentence, sentence, spanOf));
  // A question ("Need help fast?") promises nothing; a vague answer does.
  const question = /\?\W*$/.test(sentenceText);
  const vague = mentions.filter((m) => m.family === 'vague' && live(m));
  if (vague.length > 0 && !measured && !question)
    claims.push(unmeasurableClaim('vague', vague, sentence, sentence, spanOf));
  return claims;
}

function readSentence(
  text: string,
  sentence: Stretch,
  carried: Carry | null,
  spanOf: SpanOf,
  zone: string | null,
): SentenceResult {
  const masked = maskConversions(text.slice(sentence.start, sentence.end));
  const mentions = findMentions(masked, RULES, sentence.start);
  const clauses = splitClauses(text, sentence, mentions).map((stretch) => readClause(stretch, mentions));
  const { drafts, carry } = draftsOf(clauses, carried);
  const measured = drafts.map((draft) => measurableClaim(draft, sentence, spanOf, zone));
  const measuredSpeed = drafts.some((d) => d.speed !== null);
  const others = unmeasurables(masked, clauses, mentions, sentence, spanOf, measuredSpeed);
  const claims = [...measured, ...others].sort((a, b) => a.span.start - b.span.start);
  // "Hotline: 0800 400 500." or a heading "Phone" names the channel for the sentences under it.
  const words = masked.split(/\s+/).filter((w) => w !== '').length;
  const labelLike = words <= 2 || (words <= LABEL_WORDS && /:|\d{3}|@/.test(masked));
  const label = claims.length === 0 && labelLike && !clauses.some((c) => c.negated) ? carry : null;
  return { claims, carry: label };
}

const promiseKey = (c: Found): string =>
  JSON.stringify([c.channels, c.hours, c.promise, c.statistic, c.share, c.human, c.unmeasurable]);

/** "No chatbots. … Just humans who know the product.": the same promise said twice in a row is one claim. */
function restate(earlier: Found, later: Found, input: string): Found {
  const span = { start: earlier.span.start, end: Math.max(earlier.span.end, later.span.end) };
  const sentence = { start: earlier.sentence.start, end: Math.max(earlier.sentence.end, later.sentence.end) };
  return {
    ...earlier,
    span: { ...span, text: input.slice(span.start, span.end) },
    sentence: { ...sentence, text: input.slice(sentence.start, sentence.end) },
    absolute: earlier.absolute || later.absolute,
    // Each reason once: copy that restates one promise on every line must not grow the list line by line.
    because: [...new Set([...earlier.because, ...later.because.map((b) => `restated: ${b}`)])],
  };
}

/**
 * Finds customer-service claims in marketing copy (plain text, Markdown or HTML), rule by rule, so each claim lists
 * the rules that made it in `because`. Spans point into `input` as given, markup included.
 */
export function extractClaims(input: string, options: ExtractOptions = {}): ExtractedClaim[] {
  const format = options.format ?? detectFormat(input);
  const zone = options.defaultTimeZone ?? null;
  if (zone !== null && !isTimeZone(zone)) {
    throw validationError('copy.time-zone', `"${zone}" is not an IANA time zone; write e.g. "Europe/London"`);
  }
  const plain = toPlainText(input, format);
  const spanOf: SpanOf = ({ start, end }) => {
    const from = plain.toSource(start);
    const to = Math.max(from, plain.toSourceEnd(end));
    return { start: from, end: to, text: input.slice(from, to) };
  };
  const claims: Found[] = [];
  let carry: Carry | null = null;
  let previous: Found[] = [];
  // Where each claim sits in `claims`, so folding a restatement is not a scan of every claim so far.
  const position = new Map<Found, number>();
  for (const sentence of splitSentences(plain.text)) {
    const result = readSentence(plain.text, sentence, carry, spanOf, zone);
    const current: Found[] = [];
    for (const claim of result.claims) {
      const same = claim.unmeasurable === null ? previous.find((p) => promiseKey(p) === promiseKey(claim)) : undefined;
      if (same === undefined) {
        position.set(claim, claims.length);
        claims.push(claim);
        current.push(claim);
        continue;
      }
      const folded = restate(same, claim, input);
      const at = position.get(same) as number;
      claims[at] = folded;
      position.set(folded, at);
      current.push(folded);
    }
    // Sentences without claims ("No ticket queues.") do not break a run of restatements.
    if (current.length > 0) previous = current;
    carry = result.carry;
  }
  return claims.map((claim, index) => ({ id: `c${index + 1}`, ...claim }));
}
