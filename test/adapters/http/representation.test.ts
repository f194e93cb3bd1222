import { describe, expect, it } from 'vitest';
import { chooseCoding, matchesEtag } from '../../../src/adapters/http/representation.ts';

describe('content coding', () => {
  it.each([
    ['no header', undefined, null],
    ['gzip only', 'gzip', 'gzip'],
    ['br only', 'br', 'br'],
    ['both, gzip named first (server prefers br)', 'gzip, deflate, br', 'br'],
    ['br weighed lower than gzip', 'br;q=0.5, gzip', 'gzip'],
    ['br refused', 'br;q=0, gzip', 'gzip'],
    ['identity only', 'identity', null],
    ['any coding', '*', 'br'],
    ['any but br', '*, br;q=0', 'gzip'],
    ['upper case and spaces', ' GZIP ; q=0.8 ', 'gzip'],
  ] as const)('%s: %s -> %s', (_what, header, expected) => {
    expect(chooseCoding(header)).toBe(expected);
  });
});

describe('If-None-Match', () => {
  it.each([
    ['no header', undefined, false],
    ['the same tag', '"abc"', true],
    ['a weak form of the same tag', 'W/"abc"', true],
    ['a list holding it', '"x", "abc"', true],
    ['another tag', '"abd"', false],
    ['any', '*', true],
  ] as const)('%s: %s -> %s', (_what, header, expected) => {
    expect(matchesEtag(header, '"abc"')).toBe(expected);
  });
});
