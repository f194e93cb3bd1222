import { describe, expect, it } from 'vitest';
import { decodeObservation, encodeBody } from '../../../src/adapters/stores/sqlite/sqlite.rows.ts';
import type { Observation } from '../../../src/domain/observation.ts';

const base = { id: 'o-1', probeId: 'p-1', kind: 'chat-api', startedAt: 1_000, outcome: 'answered' } as const;
const read = (o: Observation): Observation =>
  decodeObservation([o.id, o.probeId, 0, o.startedAt, 0, encodeBody(o), null]);

describe('the stored body of an observation', () => {
  it.each([
    [
      'all five timings and a human',
      { timings: { connectMs: 3, firstResponseMs: 8, humanMs: 9.5, autoReplyMs: 8, totalMs: 10 }, humanReached: true },
      '[3,8,9.5,8,10,1]',
    ],
    [
      'some timings, no human',
      { timings: { connectMs: 3, totalMs: 300_000 }, humanReached: false },
      '[3,null,null,null,300000,0]',
    ],
    ['no timings at all', { timings: {}, humanReached: false }, '[null,null,null,null,null,0]'],
    [
      'a timing that is not finite, as JSON writes it',
      { timings: { connectMs: Number.NaN }, humanReached: true },
      '[null,null,null,null,null,1]',
    ],
  ])('is one array of six for %s', (_name, rest, text) => {
    const o = { ...base, ...rest } as unknown as Observation;
    expect(encodeBody(o)).toBe(text);
  });

  it.each([
    ['a timing outside the five', { timings: { connectMs: 3, ringMs: 4 }, humanReached: true }],
    ['a reason', { timings: { connectMs: 3 }, humanReached: false, reason: 'timed out' }],
    ['no humanReached', { timings: { connectMs: 3 } }],
  ])('keeps short keys for %s and reads back what was recorded', (_name, rest) => {
    const o = { ...base, ...rest } as unknown as Observation;
    expect(encodeBody(o).startsWith('{')).toBe(true);
    expect(read(o)).toEqual(o);
  });

  it('reads the array form back as the timings recorded (absent ones stay absent)', () => {
    const o = { ...base, timings: { connectMs: 3, humanMs: 20 }, humanReached: true } as unknown as Observation;
    expect(read(o)).toEqual(o);
  });
});
