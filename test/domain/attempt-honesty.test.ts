import { describe, expect, it } from 'vitest';
import {
  consistentTimings,
  marginMs,
  STARVATION_FLOOR_MS,
  starvationReason,
  starvedPhrase,
  type AttemptHealth,
} from '../../src/domain/attempt-honesty.ts';
import type { ClaimPromise } from '../../src/domain/claim.ts';
import type { Observation } from '../../src/domain/observation.ts';
import { chatObservation } from '../support/domain-fixtures.ts';

const human60s: ClaimPromise = { kind: 'human', withinMs: 60_000 };
const health = (loopDelayMaxMs: number, timerDriftMaxMs = 0): AttemptHealth => ({
  loopDelayMaxMs,
  timerDriftMaxMs,
  clockRate: 1,
});
const answered = (humanMs: number): Observation =>
  chatObservation({
    startedAt: 0,
    outcome: 'answered',
    humanReached: true,
    timings: { firstResponseMs: humanMs, humanMs, totalMs: humanMs + 5 },
  });
const unanswered = (totalMs: number): Observation =>
  chatObservation({ startedAt: 0, outcome: 'unanswered', humanReached: false, timings: { totalMs } });

describe('how far past a promise the measured time lies (the stall that could have made a met promise look failed)', () => {
  it.each([
    ['a human at 65 s against a 1-minute promise', human60s, answered(65_000), 180_000, 5_000],
    ['a human right at the 1-minute limit', human60s, answered(60_000), 180_000, 0],
    ['no answer, waited 3 minutes, against a 1-minute promise', human60s, unanswered(180_000), 180_000, 120_000],
    [
      'no answer, waited the whole time-out, "answered" promise',
      { kind: 'answered' } as const,
      unanswered(30_000),
      30_000,
      0,
    ],
    [
      'first response at 40 s against 30 s',
      { kind: 'first-response', withinMs: 30_000 } as const,
      answered(40_000),
      60_000,
      10_000,
    ],
  ])('%s', (_name, promise, observation, timeoutMs, expected) => {
    expect(marginMs(promise, observation, timeoutMs)).toBe(expected);
  });

  it.each([
    [
      'a refusal',
      human60s,
      chatObservation({ startedAt: 0, outcome: 'rejected', humanReached: false, timings: { totalMs: 40 } }),
    ],
    ['a met "answered" promise', { kind: 'answered' } as const, answered(900)],
    ['a human at 58 s, inside a 1-minute promise (a stall only lengthens times)', human60s, answered(58_000)],
    ['a first response at 10 s, inside 30 s', { kind: 'first-response', withinMs: 30_000 } as const, answered(10_000)],
  ])('is undefined when no stall of Kept could have changed the outcome: %s', (_name, promise, observation) => {
    expect(marginMs(promise, observation, 60_000)).toBeUndefined();
  });
});

describe('whether Kept was starved enough to change an outcome', () => {
  it.each([
    ['a 1.4 s stall, human read 3 s past the promise (3 s x 25% = 750 ms)', answered(63_000), health(1_400), true],
    ['a 1.4 s stall, human read 30 s past the promise', answered(90_000), health(1_400), false],
    [
      'a 1.4 s stall, human 3 s inside the promise (a stall cannot make a time shorter)',
      answered(57_000),
      health(1_400),
      false,
    ],
    ['a 15 ms stall (under the 20 ms floor) right at the limit', answered(60_000), health(15), false],
    ['1.2 s of timer drift, no answer, "answered" at the limit', unanswered(60_000), health(10, 1_200), true],
  ])('%s', (_name, observation, own, starved) => {
    const reason = starvationReason(observation, own, [human60s], 60_000);
    expect(reason !== undefined).toBe(starved);
  });

  it('says how long Kept was starved, why it matters and what the outcome would have been', () => {
    expect(starvationReason(answered(61_000), health(1_400), [human60s], 180_000)).toBe(
      "Kept was starved: 1.4s loop delay during the attempt, which could have changed the outcome (1s from a promise's limit); it would have been answered",
    );
    expect(starvedPhrase(health(20, 2_500))).toBe('Kept was starved: 2.5s timer drift during the attempt');
  });

  it('scales the floor with a compressed clock: a 5 ms pause is 2 s of a 400x clock, not starvation', () => {
    const compressed = (ms: number): AttemptHealth => ({ loopDelayMaxMs: ms, timerDriftMaxMs: 0, clockRate: 400 });
    expect(starvationReason(answered(60_500), compressed(2_000), [human60s], 180_000)).toBeUndefined();
    expect(starvationReason(answered(60_500), compressed(8_000 + 1), [human60s], 180_000)).toMatch(
      /^Kept was starved: 8s/,
    );
  });

  it('never touches an attempt that is already inconclusive', () => {
    const ours = chatObservation({
      startedAt: 0,
      outcome: 'inconclusive',
      humanReached: false,
      timings: { totalMs: 1 },
    });
    expect(starvationReason(ours, health(10_000), [human60s], 60_000)).toBeUndefined();
  });

  it('uses the time-out as the only threshold when the probe verifies no claim', () => {
    expect(starvationReason(unanswered(30_000), health(STARVATION_FLOOR_MS), [], 30_000)).toMatch(/^Kept was starved/);
    expect(starvationReason(answered(500), health(5_000), [], 30_000)).toBeUndefined();
  });
});

describe('consistent timings', () => {
  it.each([
    ['connect after total (total stamped first)', { connectMs: 120, totalMs: 100 }, { connectMs: 120, totalMs: 120 }],
    [
      'a human reply read after total',
      { connectMs: 5, humanMs: 900.4, totalMs: 899.6 },
      { connectMs: 5, humanMs: 900, totalMs: 900 },
    ],
    [
      'negative and non-finite parts',
      { connectMs: -3, firstResponseMs: Number.NaN, totalMs: 10 },
      { connectMs: 0, totalMs: 10 },
    ],
  ])('%s', (_name, timings, expected) => {
    expect(consistentTimings(timings)).toEqual(expected);
  });
});
