import { afterEach, describe, expect, it } from 'vitest';
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { createClockedScheduler } from '../../../src/adapters/scheduler/clocked.scheduler.ts';
import { createCronScheduler } from '../../../src/adapters/scheduler/cron.scheduler.ts';
import type { Scheduler } from '../../../src/adapters/scheduler/scheduler.ts';
import { at } from '../../domain/builders.ts';
import { LOADED_MEDIAN_MS, LOADED_SLACK_MS, TIMER_EARLY_MS, median } from '../../support/timing.ts';
import { memoryStore, probe, recordingLog, runRecorder, until, type RunRecord } from './scheduler.fixtures.ts';

const MINUTE = 60_000;
const MONDAY = at('2026-01-05T00:00:00Z');

// How late a run starts after its fire time plus its jitter. Two timers stand between them (the cron's and the
// jitter's): each fires at most TIMER_EARLY_MS early and, one at a time, up to LOADED_SLACK_MS late on a loaded
// machine; a median over the runs within LOADED_MEDIAN_MS (test/support/timing.ts). On a clock compressed `factor`
// times these read `factor` times larger. A scheduler that ignored the jitter, or drew it twice, is off by far more.
function expectStartedOnTime(runs: readonly RunRecord[], jitterMs: number, factor: number): void {
  const late = runs.map((run) => run.startedAt - run.scheduledAt - jitterMs);
  const said = `late by ${late.join(', ')} clock ms (factor ${factor})`;
  for (const ms of late) {
    expect(ms, said).toBeGreaterThanOrEqual(-2 * TIMER_EARLY_MS * factor);
    expect(ms, said).toBeLessThan(2 * LOADED_SLACK_MS * factor);
  }
  expect(median(late), said).toBeLessThan(LOADED_MEDIAN_MS * factor);
}

describe('when scheduled runs start', () => {
  let scheduler: Scheduler | undefined;
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
  });

  it('node-cron on real time: a jitter draw of 0.75 of 400 ms starts each run 300 ms after its second', async () => {
    const recorder = runRecorder(systemClock, 20);
    scheduler = createCronScheduler({
      probes: [probe({ cron: '*/1 * * * * *', jitterMs: 400 })],
      claims: [],
      runProbe: recorder.run,
      clock: systemClock,
      store: memoryStore(),
      log: recordingLog(),
      coveragePeriodMs: 0,
      random: () => 0.75,
    });
    await scheduler.start();
    await until(() => recorder.runs.length >= 5);
    expectStartedOnTime(recorder.runs, 300, 1);
  });

  it('node-cron on real time: random jitter starts runs within [0, 400) ms of their second, plus the timers’ lateness', async () => {
    const recorder = runRecorder(systemClock, 20);
    scheduler = createCronScheduler({
      probes: [probe({ cron: '*/1 * * * * *', jitterMs: 400 })],
      claims: [],
      runProbe: recorder.run,
      clock: systemClock,
      store: memoryStore(),
      log: recordingLog(),
      coveragePeriodMs: 0,
    });
    await scheduler.start();
    await until(() => recorder.runs.length >= 3);
    for (const run of recorder.runs) expect(run.startedAt - run.scheduledAt).toBeLessThan(400 + 2 * LOADED_SLACK_MS);
  });

  it('the clocked scheduler at 600x: a jitter draw of 0.75 of a minute starts each run 45 s after its fire time', async () => {
    const factor = 600;
    const clock = createCompressedClock({ factor, start: MONDAY });
    const recorder = runRecorder(clock, 0);
    scheduler = createClockedScheduler({
      probes: [probe({ cron: '*/2 * * * *', jitterMs: MINUTE })],
      claims: [],
      runProbe: recorder.run,
      clock,
      store: memoryStore(),
      log: recordingLog(),
      coveragePeriodMs: 0,
      random: () => 0.75,
    });
    await scheduler.start();
    await until(() => recorder.runs.length >= 5);
    expectStartedOnTime(recorder.runs, 45_000, factor);
  });
});
