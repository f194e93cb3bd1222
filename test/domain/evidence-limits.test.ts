import { describe, expect, it } from 'vitest';
import {
  boundObservation,
  cutText,
  DEFAULT_EVIDENCE_LIMITS,
  type EvidenceLimits,
} from '../../src/domain/evidence-limits.ts';
import type { Observation, TranscriptLine } from '../../src/domain/observation.ts';

const base: Observation = {
  id: 'run-1',
  probeId: 'chat-probe',
  kind: 'chat-api',
  startedAt: Date.UTC(2026, 0, 5, 9),
  outcome: 'answered',
  timings: { firstResponseMs: 800, totalMs: 900 },
  humanReached: false,
  evidence: {
    transcript: [
      { atMs: 0, from: 'customer', text: 'Hi' },
      { atMs: 800, from: 'bot', text: 'Hello' },
    ],
    details: { transport: 'http' },
  },
};

const small: EvidenceLimits = {
  textChars: 100,
  transcriptLines: 10,
  detailChars: 50,
  detailItems: 5,
  observationChars: 4_000,
};
const lines = (n: number, text = 'a reply'): TranscriptLine[] =>
  Array.from({ length: n }, (_, i) => ({ atMs: i, from: 'bot', text }));
const size = (o: Observation): number => JSON.stringify(o).length;

describe('cutText', () => {
  it.each([
    ['a text within the limit stays as it is', 'hello', 10, 'hello'],
    ['a longer text is cut with a marker', 'abcdefghij', 4, 'abcd… [cut: 10 characters, 4 kept]'],
    ['a surrogate pair is never split', 'ab😀cd', 3, 'ab… [cut: 6 characters, 3 kept]'],
  ])('%s', (_name, text, limit, expected) => {
    expect(cutText(text, limit)).toBe(expected);
  });
});

describe('boundObservation keeps what a peer said within limits, and says what it cut', () => {
  it('returns the same object when nothing is over a limit', () => {
    expect(boundObservation(base, small)).toBe(base);
  });

  it('cuts a 10 MB message to its limit and records the cut, keeping the outcome and timings', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const observation = { ...base, evidence: { transcript: [{ atMs: 800, from: 'bot' as const, text: huge }] } };
    const bounded = boundObservation(observation);
    expect(bounded.outcome).toBe('answered');
    expect(bounded.timings).toEqual(base.timings);
    expect(bounded.evidence.transcript?.[0]?.text).toBe(
      `${'x'.repeat(65_536)}… [cut: 10485760 characters, 65536 kept]`,
    );
    expect(bounded.evidence.truncated).toEqual([
      { what: 'evidence.transcript.text', unit: 'characters', limit: 65_536, seen: 10_485_760 },
    ]);
    expect(size(bounded)).toBeLessThanOrEqual(DEFAULT_EVIDENCE_LIMITS.observationChars);
  });

  it('keeps the first lines of a long transcript and one line saying how many were cut', () => {
    const bounded = boundObservation({ ...base, evidence: { transcript: lines(25) } }, small);
    expect(bounded.evidence.transcript).toHaveLength(11);
    expect(bounded.evidence.transcript?.at(-1)).toEqual({
      atMs: 24,
      from: 'system',
      text: '[cut: 15 more messages; 10 kept]',
    });
    expect(bounded.evidence.truncated).toEqual([{ what: 'evidence.transcript', unit: 'lines', limit: 10, seen: 25 }]);
  });

  it('cuts long strings, long lists and deep nesting in the details, one entry per kind of cut with a count', () => {
    const details = {
      statuses: Array.from({ length: 8 }, (_, i) => i),
      a: 'y'.repeat(60),
      b: 'z'.repeat(70),
      deep: { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } },
    };
    const bounded = boundObservation({ ...base, evidence: { details } }, small);
    expect(bounded.evidence.details?.statuses).toEqual([0, 1, 2, 3, 4]);
    expect(bounded.evidence.details?.a).toBe(`${'y'.repeat(50)}… [cut: 60 characters, 50 kept]`);
    expect(bounded.evidence.truncated).toEqual([
      { what: 'evidence.details.statuses', unit: 'items', limit: 5, seen: 8 },
      { what: 'evidence.details.a', unit: 'characters', limit: 50, seen: 60 },
      { what: 'evidence.details.b', unit: 'characters', limit: 50, seen: 70 },
      { what: 'evidence.details.deep.a.b.c.d.e.f.g', unit: 'levels', limit: 8, seen: 9 },
    ]);
  });

  it('halves the transcript, then drops the details, until the whole observation fits', () => {
    const observation = {
      ...base,
      evidence: { transcript: lines(10, 'm'.repeat(90)), details: { note: 'n'.repeat(40) } },
    };
    const bounded = boundObservation(observation, { ...small, observationChars: 700 });
    expect(size(bounded)).toBeLessThanOrEqual(700);
    expect(bounded.evidence.transcript?.length).toBeLessThan(10);
    expect(bounded.evidence.truncated?.at(-1)).toMatchObject({ what: 'observation', unit: 'characters', limit: 700 });
  });

  it('changes nothing more when applied twice, and keeps earlier cuts', () => {
    const earlier = { what: 'chat-api response body', unit: 'bytes' as const, limit: 1024, seen: 4096 };
    const observation = { ...base, evidence: { transcript: lines(25, 'q'.repeat(150)), truncated: [earlier] } };
    const once = boundObservation(observation, small);
    expect(boundObservation(once, small)).toBe(once);
    expect(once.evidence.truncated?.[0]).toEqual(earlier);
    expect(once.evidence.truncated?.[1]).toEqual({
      what: 'evidence.transcript.text',
      unit: 'characters',
      limit: 100,
      seen: 150,
      count: 10,
    });
  });
});
