import { describe, expect, it } from 'vitest';
import {
  describePromise,
  promiseLimitMs,
  requiredShare,
  type ClaimPromise,
  type Target,
} from '../../src/domain/claim.ts';
import { formatDuration } from '../../src/domain/duration.ts';

describe('requiredShare', () => {
  it.each<readonly [string, Target, number]>([
    ['an absolute claim needs every attempt', { kind: 'absolute' }, 1],
    ['a 95% claim needs 0.95', { kind: 'share', share: 0.95 }, 0.95],
    ['a 100% claim needs 1', { kind: 'share', share: 1 }, 1],
  ])('%s', (_name, target, expected) => {
    expect(requiredShare(target)).toBe(expected);
  });
});

describe('promiseLimitMs and describePromise', () => {
  it.each<readonly [ClaimPromise, number | null, string]>([
    [{ kind: 'answered' }, null, 'answered'],
    [{ kind: 'first-response', withinMs: 60_000 }, 60_000, 'first response within 1m'],
    [{ kind: 'human', withinMs: 120_000 }, 120_000, 'a human within 2m'],
    [{ kind: 'human', withinMs: null }, null, 'a human reached'],
    [{ kind: 'reply', withinMs: 86_400_000 }, 86_400_000, 'a reply within 1d'],
    [{ kind: 'reply', withinMs: 5_400_000 }, 5_400_000, 'a reply within 1h30m'],
  ])('%j has limit %s and reads "%s"', (promise, limit, description) => {
    expect(promiseLimitMs(promise)).toBe(limit);
    expect(describePromise(promise, formatDuration)).toBe(description);
  });
});
