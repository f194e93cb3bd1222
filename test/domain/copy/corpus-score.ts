import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatDuration, parseDuration } from '../../../src/domain/duration.ts';
import type { ExtractedClaim } from '../../../src/domain/copy/extracted-claim.ts';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const Expected = z.object({
  unmeasurable: z.enum(['puffery', 'self-service', 'vague']).optional(),
  channels: z.array(z.enum(['chat', 'phone', 'email'])).optional(),
  hours: z
    .union([
      z.enum(['always', 'unstated', 'same-business-day']),
      z.object({ windows: z.array(z.string()), tz: z.string().nullable().optional() }),
    ])
    .optional(),
  promise: z
    .union([
      z.literal('answered'),
      z.object({ kind: z.enum(['first-response', 'human', 'reply']), within: z.string().optional() }),
    ])
    .optional(),
  statistic: z.enum(['each', 'average']).optional(),
  share: z.number().optional(),
  absolute: z.boolean().optional(),
  human: z.boolean().optional(),
});
const Case = z.object({
  id: z.string(),
  copy: z.string(),
  format: z.enum(['text', 'markdown', 'html']).optional(),
  claims: z.array(Expected),
});
const Corpus = z.object({ version: z.literal('kept-copy-corpus/v1'), cases: z.array(Case) });
export type CorpusCase = z.infer<typeof Case>;
type ExpectedClaim = z.infer<typeof Expected>;

export function loadCorpus(path: string): CorpusCase[] {
  return Corpus.parse(parse(readFileSync(path, 'utf8'))).cases;
}

/** Fields compared claim by claim; `unmeasurable` for every claim, the rest only for measurable ones. */
export const FIELDS = [
  'unmeasurable',
  'channels',
  'hours',
  'promise',
  'limit',
  'statistic',
  'share',
  'absolute',
  'human',
] as const;
export type Field = (typeof FIELDS)[number];
type Comparable = Record<Field, string>;

/** "Mon-Fri 08:00-20:00" → one "d:from-to" per day, merged per day, sorted: written forms compare by meaning. */
function normaliseWindows(
  windows: readonly { days: readonly number[]; fromMinute: number; toMinute: number }[],
  tz: string | null,
): string {
  const perDay = new Map<number, [number, number][]>();
  for (const w of windows)
    for (const d of w.days) perDay.set(d, [...(perDay.get(d) ?? []), [w.fromMinute, w.toMinute]]);
  const parts: string[] = [];
  for (const [day, ranges] of [...perDay].sort((a, b) => a[0] - b[0])) {
    const merged: [number, number][] = [];
    for (const [a, b] of ranges.sort((x, y) => x[0] - y[0])) {
      const last = merged.at(-1);
      if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    for (const [a, b] of merged) parts.push(`${DAY_NAMES[day]} ${a}-${b}`);
  }
  return `${parts.join(', ')} @${tz ?? 'none'}`;
}

function parseWindow(text: string): { days: number[]; fromMinute: number; toMinute: number } {
  const match = /^(\S+) (\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  if (match === null) throw new Error(`corpus window "${text}" is not "Mon-Fri 08:00-20:00"`);
  const dayPart = match[1] as string;
  const days =
    dayPart === 'daily'
      ? [0, 1, 2, 3, 4, 5, 6]
      : dayPart.split(',').flatMap((item) => {
          const [from, to] = item.split('-').map((d) => DAY_NAMES.indexOf(d));
          if (from === undefined || from < 0 || (to !== undefined && to < 0)) throw new Error(`bad days in "${text}"`);
          const out: number[] = [];
          for (let d = from; ; d = (d + 1) % 7) {
            out.push(d);
            if (d === (to ?? from)) break;
          }
          return out;
        });
  const minute = (h: string, m: string): number => Number(h) * 60 + Number(m);
  return {
    days,
    fromMinute: minute(match[2] as string, match[3] as string),
    toMinute: minute(match[4] as string, match[5] as string),
  };
}

export function fromExpected(claim: ExpectedClaim): Comparable {
  if (claim.unmeasurable !== undefined) return { ...blank(), unmeasurable: claim.unmeasurable };
  const hours = claim.hours ?? 'unstated';
  const promise = claim.promise;
  if (promise === undefined) throw new Error('a measurable corpus claim needs a promise');
  return {
    unmeasurable: 'none',
    channels: [...(claim.channels ?? [])].sort().join('+'),
    hours: typeof hours === 'string' ? hours : normaliseWindows(hours.windows.map(parseWindow), hours.tz ?? null),
    promise: promise === 'answered' ? 'answered' : promise.kind,
    limit:
      promise === 'answered' || promise.within === undefined ? 'none' : formatDuration(parseDuration(promise.within)),
    statistic: claim.statistic ?? 'each',
    share: String(claim.share ?? 'none'),
    absolute: String(claim.absolute ?? false),
    human: String(claim.human ?? false),
  };
}

export function fromExtracted(claim: ExtractedClaim): Comparable {
  if (claim.unmeasurable !== null) return { ...blank(), unmeasurable: claim.unmeasurable };
  const promise = claim.promise;
  const limit =
    promise === null || promise.kind === 'answered' || promise.withinMs === null
      ? 'none'
      : formatDuration(promise.withinMs);
  return {
    unmeasurable: 'none',
    channels: [...claim.channels].sort().join('+'),
    hours:
      claim.hours.kind === 'weekly' ? normaliseWindows(claim.hours.windows, claim.hours.timeZone) : claim.hours.kind,
    promise: promise?.kind ?? 'none',
    limit,
    statistic: claim.statistic,
    share: String(claim.share ?? 'none'),
    absolute: String(claim.absolute),
    human: String(claim.human),
  };
}

function blank(): Comparable {
  return {
    unmeasurable: 'none',
    channels: '',
    hours: '',
    promise: '',
    limit: '',
    statistic: '',
    share: '',
    absolute: '',
    human: '',
  };
}

const agrees = (a: Comparable, b: Comparable): number => FIELDS.filter((f) => a[f] === b[f]).length;

/** Pairs expected with extracted claims of one case, best agreement first; only claims of the same kind pair up. */
export function pairUp(expected: readonly Comparable[], got: readonly Comparable[]): [Comparable, Comparable][] {
  const candidates: [number, number, number][] = [];
  expected.forEach((e, i) =>
    got.forEach((g, j) => {
      if (e.unmeasurable === g.unmeasurable) candidates.push([agrees(e, g), i, j]);
    }),
  );
  candidates.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const usedE = new Set<number>();
  const usedG = new Set<number>();
  const pairs: [Comparable, Comparable][] = [];
  for (const [, i, j] of candidates) {
    if (usedE.has(i) || usedG.has(j)) continue;
    usedE.add(i);
    usedG.add(j);
    pairs.push([expected[i] as Comparable, got[j] as Comparable]);
  }
  return pairs;
}

export interface Tally {
  expected: number;
  extracted: number;
  correct: number;
}

export const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);
export const precision = (t: Tally): number => ratio(t.correct, t.extracted);
export const recall = (t: Tally): number => ratio(t.correct, t.expected);

/** Claim-level and per-field tallies over the corpus, with the cases that did not match exactly. */
export function score(cases: readonly { id: string; expected: Comparable[]; got: Comparable[] }[]) {
  const detection: Tally = { expected: 0, extracted: 0, correct: 0 };
  const exact: Tally = { expected: 0, extracted: 0, correct: 0 };
  const fields = Object.fromEntries(FIELDS.map((f) => [f, { expected: 0, extracted: 0, correct: 0 }])) as Record<
    Field,
    Tally
  >;
  const misses: string[] = [];
  for (const c of cases) {
    const pairs = pairUp(c.expected, c.got);
    detection.expected += c.expected.length;
    detection.extracted += c.got.length;
    detection.correct += pairs.length;
    exact.expected += c.expected.length;
    exact.extracted += c.got.length;
    exact.correct += pairs.filter(([e, g]) => agrees(e, g) === FIELDS.length).length;
    for (const f of FIELDS) {
      const inScope = (x: Comparable): boolean =>
        f === 'unmeasurable' ? x.unmeasurable !== 'none' : x.unmeasurable === 'none';
      fields[f].expected += c.expected.filter(inScope).length;
      fields[f].extracted += c.got.filter(inScope).length;
      fields[f].correct += pairs.filter(([e, g]) => inScope(e) && e[f] === g[f]).length;
    }
    const perfect =
      pairs.length === c.expected.length &&
      pairs.length === c.got.length &&
      pairs.every(([e, g]) => agrees(e, g) === FIELDS.length);
    if (!perfect) misses.push(`${c.id}: expected ${describe(c.expected)} got ${describe(c.got)}`);
  }
  return { detection, exact, fields, misses };
}

function describe(claims: readonly Comparable[]): string {
  if (claims.length === 0) return '[]';
  return claims
    .map((c) =>
      c.unmeasurable !== 'none'
        ? `{${c.unmeasurable}}`
        : `{${c.channels} | ${c.hours} | ${c.promise} ${c.limit} | ${c.statistic} share=${c.share} abs=${c.absolute} human=${c.human}}`,
    )
    .join(' ');
}
