import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../../src/domain/alerting/backoff.ts';

const policy = { baseMs: 1_000, maxMs: 30_000 };
const NOW = Date.parse('2026-03-01T03:00:00Z');

describe('back-off', () => {
  it.each<[string, number, number, number]>([
    ['the first retry waits between half and all of the base', 1, 0, 500],
    ['the first retry with the highest draw waits the base', 1, 0.999999, 1_000],
    ['each retry doubles the ceiling', 3, 0, 2_000],
    ['the ceiling is capped', 12, 0.999999, 30_000],
    ['the capped delay still keeps half the ceiling at the lowest draw', 40, 0, 15_000],
  ])('%s', (_name, attempt, draw, expected) => {
    expect(backoffDelay(attempt, policy, () => draw)).toBe(expected);
  });

  it.each<[string, string | undefined, number | null]>([
    ['delay-seconds are read as seconds', '3', 3_000],
    ['an HTTP date is read relative to now', 'Sun, 01 Mar 2026 03:00:10 GMT', 10_000],
    ['a date in the past means now', 'Sun, 01 Mar 2026 02:00:00 GMT', 0],
    ['no header means no advice', undefined, null],
    ['an unreadable value means no advice', 'soon', null],
  ])('%s', (_name, header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});
