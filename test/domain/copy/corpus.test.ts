import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../../src/domain/copy/extract-claims.ts';
import { FIELDS, fromExpected, fromExtracted, loadCorpus, precision, recall, score } from './corpus-score.ts';
import type { CorpusCase, Tally } from './corpus-score.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/copy-corpus/${name}`, import.meta.url));

function run(cases: readonly CorpusCase[]) {
  return score(
    cases.map((c) => ({
      id: c.id,
      expected: c.claims.map(fromExpected),
      got: extractClaims(c.copy, { format: c.format ?? 'text' }).map(fromExtracted),
    })),
  );
}

function report(title: string, result: ReturnType<typeof run>): void {
  const line = (name: string, t: Tally): string =>
    `  ${name.padEnd(22)} precision ${precision(t).toFixed(3)}  recall ${recall(t).toFixed(3)}  ` +
    `(${t.correct} right of ${t.extracted} found, ${t.expected} expected)`;
  const lines = [
    `${title}`,
    line('claims (detected)', result.detection),
    line('claims (every field)', result.exact),
    ...FIELDS.map((f) => line(`field ${f}`, result.fields[f])),
    `  not matched exactly (${result.misses.length}):`,
    ...result.misses.map((m) => `    ${m}`),
  ];
  console.log(lines.join('\n'));
}

describe('the extraction corpus', () => {
  const corpus = loadCorpus(fixture('corpus.yaml'));

  it('holds at least 150 sentences of every kind the issue asks for', () => {
    const claims = corpus.flatMap((c) => c.claims);
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(corpus.filter((c) => c.claims.length === 0).length).toBeGreaterThanOrEqual(30);
    expect(claims.filter((c) => c.unmeasurable === undefined).length).toBeGreaterThanOrEqual(150);
    for (const kind of ['puffery', 'self-service', 'vague'] as const) {
      expect(claims.filter((c) => c.unmeasurable === kind).length).toBeGreaterThanOrEqual(5);
    }
    expect(corpus.filter((c) => c.format === 'html').length).toBeGreaterThanOrEqual(10);
    expect(corpus.filter((c) => c.format === 'markdown').length).toBeGreaterThanOrEqual(8);
    expect(corpus.filter((c) => c.claims.length > 1).length).toBeGreaterThanOrEqual(15);
    expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
  });

  it('is extracted with high precision and recall, claim by claim and field by field', () => {
    const result = run(corpus);
    report(`Claim extraction over ${corpus.length} corpus sentences`, result);
    expect(precision(result.detection)).toBeGreaterThanOrEqual(0.95);
    expect(recall(result.detection)).toBeGreaterThanOrEqual(0.95);
    expect(precision(result.exact)).toBeGreaterThanOrEqual(0.9);
    expect(recall(result.exact)).toBeGreaterThanOrEqual(0.9);
    for (const field of FIELDS) {
      expect(precision(result.fields[field]), `precision of ${field}`).toBeGreaterThanOrEqual(0.95);
      expect(recall(result.fields[field]), `recall of ${field}`).toBeGreaterThanOrEqual(0.95);
    }
  });
});

describe('every corpus claim', () => {
  it('says which rules made it and where it came from', () => {
    for (const c of loadCorpus(fixture('corpus.yaml'))) {
      for (const claim of extractClaims(c.copy, { format: c.format ?? 'text' })) {
        expect(claim.because.length, `${c.id} ${claim.id}`).toBeGreaterThan(0);
        for (const reason of claim.because) expect(reason, c.id).toMatch(/^[a-z-]+\.[a-z0-9-]+: |^restated: /);
        expect(c.copy.slice(claim.span.start, claim.span.end), c.id).toBe(claim.span.text);
        expect(claim.span.text.length, c.id).toBeGreaterThan(0);
        expect(claim.sentence.start <= claim.span.start && claim.span.end <= claim.sentence.end, c.id).toBe(true);
      }
    }
  });
});

describe('the held-out sentences, written after the rules', () => {
  const holdout = loadCorpus(fixture('holdout.yaml'));

  it('are extracted well enough that the corpus score is not an artefact of tuning', () => {
    const result = run(holdout);
    report(`Claim extraction over ${holdout.length} held-out sentences`, result);
    expect(holdout.length).toBeGreaterThanOrEqual(50);
    expect(precision(result.detection)).toBeGreaterThanOrEqual(0.9);
    expect(recall(result.detection)).toBeGreaterThanOrEqual(0.9);
    expect(precision(result.exact)).toBeGreaterThanOrEqual(0.85);
    expect(recall(result.exact)).toBeGreaterThanOrEqual(0.85);
    for (const field of FIELDS) {
      expect(precision(result.fields[field]), `precision of ${field}`).toBeGreaterThanOrEqual(0.85);
      expect(recall(result.fields[field]), `recall of ${field}`).toBeGreaterThanOrEqual(0.85);
    }
  });
});
