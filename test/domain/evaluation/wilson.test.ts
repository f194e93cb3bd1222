import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../../src/domain/evaluation/wilson.ts';

/*
 * Wilson's interval is the set of proportions p for which |p̂ - p| <= z·sqrt(p(1 - p)/n). Squaring gives a quadratic
 * in p, (1 + z²/n)·p² - (2p̂ + z²/n)·p + p̂² = 0, whose two roots are the bounds. This solves that quadratic (a
 * different route from the centre-and-margin form the implementation uses), with z the 97.5% normal quantile.
 */
const Z = 1.959963984540054;

function quadraticRoots(successes: number, trials: number, z = Z): [number, number] {
  const p = successes / trials;
  const a = 1 + (z * z) / trials;
  const b = -(2 * p + (z * z) / trials);
  const c = p * p;
  const root = Math.sqrt(b * b - 4 * a * c);
  return [(-b - root) / (2 * a), (-b + root) / (2 * a)];
}

describe('wilsonInterval against published values', () => {
  // Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (score interval without continuity
  // correction), and the textbook 0/10, 5/10, 10/10 and 1/1 cases.
  it.each([
    ['none of 10', 0, 10, 0, 0.2775],
    ['all of 10', 10, 10, 0.7225, 1],
    ['half of 10', 5, 10, 0.2366, 0.7634],
    ['95 of 100', 95, 100, 0.8882, 0.9785],
    ['one of one', 1, 1, 0.2065, 1],
    ['81 of 263', 81, 263, 0.2553, 0.3662],
    ['15 of 148', 15, 148, 0.0624, 0.1605],
    ['none of 20', 0, 20, 0, 0.1611],
    ['one of 29', 1, 29, 0.0061, 0.1718],
  ])('gives %s the interval to four decimals', (_name, successes, trials, lower, upper) => {
    const interval = wilsonInterval(successes, trials);
    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
  });
});

describe('wilsonInterval against the quadratic', () => {
  it.each([
    [0, 10],
    [10, 10],
    [5, 10],
    [95, 100],
    [1, 1],
    [7, 40],
    [36, 40],
    [158, 160],
    [999, 1_000],
    [1, 10_000],
  ])('matches the roots for %i of %i', (successes, trials) => {
    const [lower, upper] = quadraticRoots(successes, trials);
    const interval = wilsonInterval(successes, trials);
    expect(interval.lower).toBeCloseTo(Math.max(0, lower), 10);
    expect(interval.upper).toBeCloseTo(Math.min(1, upper), 10);
  });

  it.each([
    ['90% confidence', 1.6448536269514722, 8, 20],
    ['99% confidence', 2.5758293035489004, 8, 20],
  ])('takes another z for %s', (_name, z, successes, trials) => {
    const [lower, upper] = quadraticRoots(successes, trials, z);
    const interval = wilsonInterval(successes, trials, z);
    expect(interval.lower).toBeCloseTo(lower, 10);
    expect(interval.upper).toBeCloseTo(upper, 10);
  });
});

describe('wilsonInterval at the edges', () => {
  it.each([
    ['no trials are the whole range', 0, 0, 0, 1],
    ['negative trials are the whole range', 0, -1, 0, 1],
  ])('%s', (_name, successes, trials, lower, upper) => {
    expect(wilsonInterval(successes, trials)).toEqual({ lower, upper });
  });

  it.each([
    [0, 1],
    [0, 50],
    [50, 50],
    [3, 7],
    [1_000, 1_000],
  ])('stays inside [0, 1] and around the observed share for %i of %i', (successes, trials) => {
    const { lower, upper } = wilsonInterval(successes, trials);
    expect(lower).toBeGreaterThanOrEqual(0);
    expect(upper).toBeLessThanOrEqual(1);
    expect(lower).toBeLessThanOrEqual(successes / trials);
    expect(upper).toBeGreaterThanOrEqual(successes / trials);
  });

  it.each([
    [10, 0.7225],
    [40, 0.9124],
    [100, 0.963],
  ])('narrows as all of %i attempts succeed (lower bound about %f)', (trials, lower) => {
    // With every attempt a success the lower bound is n / (n + z²).
    expect(wilsonInterval(trials, trials).lower).toBeCloseTo(trials / (trials + Z * Z), 10);
    expect(wilsonInterval(trials, trials).lower).toBeCloseTo(lower, 3);
  });
});

describe('wilsonInterval ends exactly at 0% and 100%', () => {
  it.each([3, 7, 50, 77, 301, 1_999])('puts the upper bound of all of %i at exactly 1', (trials) => {
    expect(wilsonInterval(trials, trials).upper).toBe(1);
  });

  it.each([3, 7, 50, 77, 301, 1_999])('puts the lower bound of none of %i at exactly 0', (trials) => {
    expect(wilsonInterval(0, trials).lower).toBe(0);
  });
});
