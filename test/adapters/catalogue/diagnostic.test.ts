import { describe, expect, it } from 'vitest';
import {
  closest,
  didYouMean,
  editDistance,
  formatDiagnostic,
  sortDiagnostics,
} from '../../../src/adapters/catalogue/diagnostic.ts';

describe('formatDiagnostic', () => {
  it('prints file:line:column: message, the form editors turn into links', () => {
    const text = formatDiagnostic({
      file: 'probes/demo.yaml',
      line: 12,
      column: 7,
      code: 'x',
      message: 'something is wrong',
    });
    expect(text).toBe('probes/demo.yaml:12:7: something is wrong');
  });
});

describe('sortDiagnostics', () => {
  it('orders by the given file order, then line and column, and drops exact repeats', () => {
    const at = (file: string, line: number, column: number) => ({ file, line, column, code: 'c', message: 'm' });
    const sorted = sortDiagnostics(
      [at('b.yaml', 1, 1), at('a.yaml', 9, 2), at('a.yaml', 9, 1), at('a.yaml', 3, 5), at('a.yaml', 3, 5)],
      ['a.yaml', 'b.yaml'],
    );
    expect(sorted.map(formatDiagnostic)).toEqual(['a.yaml:3:5: m', 'a.yaml:9:1: m', 'a.yaml:9:2: m', 'b.yaml:1:1: m']);
  });
});

describe('suggestions', () => {
  it.each([
    ['a missing letter', 'ower', ['owner', 'copy'], 'owner'],
    ['two letters swapped', 'onwer', ['owner', 'copy'], 'owner'],
    ['different case', 'timezone', ['timeZone', 'target'], 'timeZone'],
    ['a misspelt time zone', 'Europe/Londn', ['Europe/London', 'Europe/Lisbon'], 'Europe/London'],
    ['nothing when every candidate is far', 'retries', ['cron', 'timeZone', 'jitter', 'timeout'], undefined],
    ['nothing for an exact match', 'owner', ['owner'], undefined],
  ])('closest finds %s', (_name, input, candidates, expected) => {
    expect(closest(input, candidates)).toBe(expected);
  });

  it.each([
    ['kitten', 'sitting', 3],
    ['abc', 'acb', 1],
    ['', 'abc', 3],
    ['Same', 'same', 0],
  ])('editDistance(%s, %s) is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });

  it('words a hint, or nothing', () => {
    expect(didYouMean('pagerdoody', ['pagerduty', 'slack'])).toBe('; did you mean "pagerduty"?');
    expect(didYouMean('teams', ['pagerduty', 'slack'])).toBe('');
  });
});
