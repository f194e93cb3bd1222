import cron from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { createCronScheduler, nodeCronPatterns } from '../../../src/adapters/scheduler/cron.scheduler.ts';
import type { Scheduler, SchedulerOptions } from '../../../src/adapters/scheduler/scheduler.ts';
import { nextFireTimes } from '../../../src/domain/schedule/cron-expression.ts';
import { TIMER_EARLY_MS } from '../../support/timing.ts';
import { memoryStore, probe, recordingLog, runRecorder, until } from './scheduler.fixtures.ts';

describe('nodeCronPatterns', () => {
  it.each<readonly [string, string, readonly string[]]>([
    ['a five-field cron gets its seconds field', '*/5 * * * *', ['0 */5 * * * *']],
    ['a six-field cron is kept as written', '*/1 * * * * *', ['*/1 * * * * *']],
    ['a nickname is spelt out', '@daily', ['0 0 0 * * *']],
    ['both day fields set become two tasks, one per day field', '0 9 1 * mon', ['0 0 9 1 * *', '0 0 9 * * mon']],
  ])('%s', (_name, expression, patterns) => {
    expect(nodeCronPatterns(expression)).toEqual(patterns);
  });
});

describe("Kept's fire times agree with node-cron 4", () => {
  // On days without a clock change. On fall-back days node-cron fires a repeated local time once, Kept twice.
  it.each<readonly [string, string, string, string, number]>([
    ['office hours in London', '*/30 9-17 * * 1-5', 'Europe/London', '2026-06-01T00:00:00Z', 60_000],
    ['nights across midnight in New York', '15 22-2 * * *', 'America/New_York', '2026-06-05T00:00:00Z', 60_000],
    ['the first of the month or a Monday, in Kolkata', '0 10 1 * mon', 'Asia/Kolkata', '2026-06-01T00:00:00Z', 60_000],
    ['weekdays by name at +05:45', '45 8 * jun mon-fri', 'Asia/Kathmandu', '2026-06-04T00:00:00Z', 60_000],
    ['every 15 seconds', '*/15 * * * * *', 'Europe/Berlin', '2026-06-02T10:00:00Z', 1_000],
  ])('%s', (_name, expression, timeZone, from, stepMs) => {
    const start = Date.parse(from);
    const end = start + (stepMs === 1_000 ? 600_000 : 3 * 86_400_000);
    const tasks = nodeCronPatterns(expression).map((pattern) =>
      cron.createTask(pattern, () => undefined, { timezone: timeZone }),
    );
    try {
      const kept = new Set(nextFireTimes(expression, timeZone, start, end));
      expect(kept.size).toBeGreaterThan(0);
      for (let t = start; t < end; t += stepMs) {
        const nodeCron = tasks.some((task) => task.match(new Date(t)));
        if (nodeCron !== kept.has(t))
          expect.fail(`${new Date(t).toISOString()}: node-cron ${nodeCron}, Kept ${kept.has(t)}`);
      }
    } finally {
      for (const task of tasks) task.destroy();
    }
  });
});

describe('createCronScheduler on real time', () => {
  let scheduler: Scheduler | undefined;
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
  });

  function start(options: Partial<SchedulerOptions> & Pick<SchedulerOptions, 'probes' | 'runProbe'>): Promise<void> {
    scheduler = createCronScheduler({
      claims: [],
      clock: systemClock,
      store: memoryStore(),
      log: recordingLog(),
      coveragePeriodMs: 0,
      ...options,
    });
    return scheduler.start();
  }

  it.each<readonly [string, (() => number) | undefined, number]>([
    ['random jitter never starts a run before its fire time', undefined, 0],
    ['a draw of 0.75 waits at least three quarters of the jitter', () => 0.75, 300],
  ])('%s', async (_name, random, low) => {
    const recorder = runRecorder(systemClock, 20);
    await start({
      probes: [probe({ cron: '*/1 * * * * *', jitterMs: 400 })],
      runProbe: recorder.run,
      ...(random === undefined ? {} : { random }),
    });
    await until(() => recorder.runs.length >= 3);
    for (const run of recorder.runs) {
      expect(run.scheduledAt % 1_000).toBe(0);
      // A lower bound only (node-cron's timer may fire 1 ms before its second); how late: scheduler.timing.test.ts.
      expect(run.startedAt - run.scheduledAt).toBeGreaterThanOrEqual(low - TIMER_EARLY_MS);
    }
  });

  it('skips and logs a run that is due while the previous one is still going', async () => {
    const log = recordingLog();
    const recorder = runRecorder(systemClock, 1_400);
    await start({ probes: [probe({ cron: '*/1 * * * * *' })], runProbe: recorder.run, log });
    await until(() => recorder.runs.filter((run) => run.endedAt !== undefined).length >= 2);
    expect(recorder.maxConcurrent()).toBe(1);
    const [first, second] = recorder.runs;
    expect((second?.scheduledAt ?? 0) - (first?.scheduledAt ?? 0)).toBeGreaterThanOrEqual(2_000);
    const skips = log.entries.filter((entry) => entry.message.includes('skipped'));
    expect(skips.length).toBeGreaterThanOrEqual(1);
    expect(skips[0]?.fields).toMatchObject({ probeId: 'chat-probe', source: 'cron' });
  });

  it('runs a cron with both day fields set once a fire, though two node-cron tasks fire it', async () => {
    const log = recordingLog();
    const recorder = runRecorder(systemClock, 10);
    await start({ probes: [probe({ cron: '*/1 * * 1-31 * 0-6' })], runProbe: recorder.run, log });
    await until(() => recorder.runs.length >= 3);
    const fires = recorder.runs.map((run) => run.scheduledAt);
    expect(new Set(fires).size).toBe(fires.length);
    expect(log.entries.filter((entry) => entry.level !== 'info')).toEqual([]);
  });

  it('waits for a run in flight on stop, and starts no more', async () => {
    const recorder = runRecorder(systemClock, 700);
    await start({ probes: [probe({ cron: '*/1 * * * * *' })], runProbe: recorder.run });
    await until(() => recorder.runs.length >= 1);
    await scheduler?.stop();
    expect(recorder.runs.every((run) => run.endedAt !== undefined)).toBe(true);
    const count = recorder.runs.length;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(recorder.runs).toHaveLength(count);
  });

  it('records the runs missed while Kept was down as a coverage gap on start', async () => {
    const now = Date.now();
    const store = memoryStore({ 'chat-probe': now - 3_600_000 });
    await start({ probes: [probe({ cron: '*/5 * * * *' })], runProbe: async () => undefined, store });
    expect(store.gaps).toHaveLength(1);
    const [gap] = store.gaps;
    expect(gap?.probeId).toBe('chat-probe');
    expect(gap?.missedRuns).toBeGreaterThanOrEqual(11);
    expect(gap?.missedRuns).toBeLessThanOrEqual(12);
    expect(gap?.to).toBeGreaterThanOrEqual(now);
    expect(gap?.reason).toContain('Kept was not running');
  });
});
