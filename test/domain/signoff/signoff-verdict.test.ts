import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  signoffExitCode,
  signoffStatusOf,
  type SignoffStatus,
} from '../../../src/domain/signoff/signoff-verdict.ts';

describe('sign-off statuses and exit codes', () => {
  it.each<[string, SignoffStatus[], 0 | 1 | 2]>([
    ['no measurable claims exit 0', [], 0],
    ['all supported exit 0', ['supported', 'supported'], 0],
    ['any unproven exits 2', ['supported', 'unproven'], 2],
    ['any not supported exits 1', ['supported', 'not supported'], 1],
    ['not supported wins over unproven', ['unproven', 'not supported', 'unproven'], 1],
  ])('%s', (_name, statuses, code) => {
    expect(signoffExitCode(statuses)).toBe(code);
  });

  it.each([
    ['kept', 'supported'],
    ['broken', 'not supported'],
    ['unproven', 'unproven'],
  ] as const)('a %s verdict reads %s', (verdict, status) => {
    expect(signoffStatusOf(verdict)).toBe(status);
  });
});

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    [
      'sorts keys at every level',
      { b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } },
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    ],
    [
      'leaves out undefined members and writes non-finite numbers as null',
      { a: undefined, b: Infinity, c: [undefined] },
      '{"b":null,"c":[null]}',
    ],
    ['uses toJSON, so secrets stay redacted', { s: { toJSON: () => '<redacted>' } }, '{"s":"<redacted>"}'],
  ])('%s', (_name, value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('gives the same text whatever order the keys were written in', () => {
    expect(canonicalJson({ x: 1, y: { p: 2, q: 3 } })).toBe(canonicalJson({ y: { q: 3, p: 2 }, x: 1 }));
  });
});
