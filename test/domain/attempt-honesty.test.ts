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
const health = (loopDelayMaxMs: number, timerDriftMaxMs = 0): AttemptHealth => ({ loopDelayMaxMs, timerDriftMaxMs, clockRate: 1 });
const answered = (humanMs: number): Observation =>
  chatObservation({ startedAt: 0, outcome: 'answered', humanReached: true, timings: { firstResponseMs: humanMs, humanMs, totalMs: humanMs + 5 } });
const unanswered = (totalMs: number): Observation =>
  chatObservation({ startedAt: 0, outcome: 'unanswered', humanReached: false, timings: { totalMs } });

describe('the margin between a measured time and what would change the outcome', () => {
  it.each([
    ['a human at 58 s against a 1-minute promise', human60s, answered(58_000), 180_000, 2_000],
    ['a human at 65 s against a 1-minute promise', human60s, answered(65_000), 180_000, 5_000],
    ['no answer, waited 3 minutes, against a 1-minute promise', human60s, unanswered(180_000), 180_000, 120_000],
    ['no answer, waited the whole time-out, "answered" promise', { kind: 'answered' } as const, unanswered(30_000), 30_000, 0],
    ['first response at 10 s against 30 s', { kind: 'first-response', withinMs: 30_000 } as const, answered(10_000), 60_000, 20_000],
  ])('%s', (_name, promise, observation, timeoutMs, expected) => {
    expect(marginMs(promise, observation, timeoutMs)).toBe(expected);
  });

  it('is undefined when no timing could change the outcome: a refusal, or a met "answered" promise', () => {
    const rejected = chatObservation({ startedAt: 0, outcome: 'rejected', humanReached: false, timings: { totalMs: 40 } });
    expect(marginMs(human60s, rejected, 60_000)).toBeUndefined();
    expect(marginMs({ kind: 'answered' }, answered(900), 60_000)).toBeUndefined();
  });
});

describe('whether Kept was starved enough to change an outcome', () => {
  it.each([
    ['a 1.4 s stall, human 3 s inside the promise (3 s x 25% = 750 ms)', answered(57_000), health(1_400), true],
    ['a 1.4 s stall, human 30 s inside the promise', answered(30_000), health(1_400), false],
    ['a 90 ms stall (under the floor) right at the limit', answered(60_000), health(90), false],
    ['1.2 s of timer drift, no answer, "answered" at the limit', unanswered(60_000), health(10, 1_200), true],
  ])('%s', (_name, observation, own, starved) => {
    const reason = starvationReason(observation, own, [human60s], 60_000);
    expect(reason !== undefined).toBe(starved);
  });

  it('says how long Kept was starved, why it matters and what the outcome would have been', () => {
    expect(starvationReason(answered(59_000), health(1_400), [human60s], 180_000)).toBe(
      "Kept was starved: 1.4s loop delay during the attempt, which could have changed the outcome (1s from a promise's limit); it would have been answered",
    );
    expect(starvedPhrase(health(20, 2_500))).toBe('Kept was starved: 2.5s timer drift during the attempt');
  });

  it('never touches an attempt that is already inconclusive', () => {
    const ours = chatObservation({ startedAt: 0, outcome: 'inconclusive', humanReached: false, timings: { totalMs: 1 } });
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
    ['a human reply read after total', { connectMs: 5, humanMs: 900.4, totalMs: 899.6 }, { connectMs: 5, humanMs: 900, totalMs: 900 }],
    ['negative and non-finite parts', { connectMs: -3, firstResponseMs: Number.NaN, totalMs: 10 }, { connectMs: 0, totalMs: 10 }],
  ])('%s', (_name, timings, expected) => {
    expect(consistentTimings(timings)).toEqual(expected);
  });
});
