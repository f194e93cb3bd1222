import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/app/ports.ts';
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import { createClockedScheduler } from '../../../src/adapters/scheduler/clocked.scheduler.ts';
import type { Scheduler, SchedulerOptions } from '../../../src/adapters/scheduler/scheduler.ts';
import { openSqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { hourOfWeek } from '../../../src/domain/calendar/zoned-time.ts';
import { KeptError } from '../../../src/domain/errors.ts';
import { always, at, claim, observation } from '../../domain/builders.ts';
import { memoryStore, probe, recordingLog, runRecorder, until } from './scheduler.fixtures.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MONDAY = at('2026-01-05T00:00:00Z');

describe('createClockedScheduler on a compressed clock', () => {
  let scheduler: Scheduler | undefined;
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
  });

  function start(
    options: Partial<SchedulerOptions> & Pick<SchedulerOptions, 'probes' | 'runProbe' | 'clock'>,
  ): Promise<void> {
    scheduler = createClockedScheduler({
      claims: [],
      store: memoryStore(),
      log: recordingLog(),
      coveragePeriodMs: 0,
      ...options,
    });
    return scheduler.start();
  }

  it('fires on the cron, each run within its jitter', async () => {
    const clock = createCompressedClock({ factor: 600, start: MONDAY }); // a real second is ten minutes
    const recorder = runRecorder(clock, 0);
    await start({ clock, probes: [probe({ cron: '*/2 * * * *', jitterMs: MINUTE })], runProbe: recorder.run });
    await until(() => recorder.runs.length >= 5);
    const fires = recorder.runs.map((run) => run.scheduledAt);
    expect(fires[0]).toBeLessThanOrEqual(MONDAY + 2 * MINUTE);
    expect((fires[0] as number) % (2 * MINUTE)).toBe(0);
    expect(fires.slice(1).map((t, i) => t - (fires[i] as number))).toEqual(fires.slice(1).map(() => 2 * MINUTE));
    // Never before its fire time (the scheduler re-reads the clock until it is due); how late: scheduler.timing.test.ts.
    for (const run of recorder.runs) expect(run.startedAt - run.scheduledAt).toBeGreaterThanOrEqual(0);
  });

  it('skips and logs a run due while the previous one is still going', async () => {
    const clock = createCompressedClock({ factor: 600, start: MONDAY });
    const log = recordingLog();
    const recorder = runRecorder(clock, 150_000); // two and a half minutes on a one-minute cron
    await start({ clock, probes: [probe({ cron: '* * * * *' })], runProbe: recorder.run, log });
    await until(() => recorder.runs.filter((run) => run.endedAt !== undefined).length >= 3);
    expect(recorder.maxConcurrent()).toBe(1);
    const skips = log.entries.filter((entry) => entry.message.includes('skipped'));
    expect(skips.length).toBeGreaterThanOrEqual(3);
    expect(skips[0]?.fields).toMatchObject({ probeId: 'chat-probe', source: 'cron' });
  });

  it('adds coverage runs in every promised hour the cron leaves, re-planned each period', async () => {
    const clock = createCompressedClock({ factor: 7_200, start: MONDAY }); // a real second is two hours
    const log = recordingLog();
    const recorder = runRecorder(clock, 0);
    const allDay = claim({ id: 'chat-24-7', hours: always('UTC') });
    await start({
      clock,
      log,
      claims: [allDay],
      probes: [probe({ cron: '0 0 1 1 *' }, { verifies: [allDay.id] })], // yearly: never in this test
      runProbe: recorder.run,
      coveragePeriodMs: 2 * HOUR,
    });
    await until(() => clock.now() > MONDAY + 4 * HOUR + 10 * MINUTE);
    const slots = new Set(recorder.runs.map((run) => hourOfWeek(run.scheduledAt, 'UTC')));
    for (let slot = 0; slot < 4; slot++) expect(slots.has(slot)).toBe(true);
    expect(recorder.runs.every((run) => run.scheduledAt % MINUTE === 0)).toBe(true);
    expect(
      log.entries.filter((entry) => entry.message.startsWith('coverage runs planned')).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('plans the same coverage runs in two schedulers of a fleet started at different times (sharedCoverage)', async () => {
    const allDay = claim({ id: 'chat-24-7', hours: always('UTC') });
    const probes = [probe({ cron: '0 0 1 1 *' }, { verifies: [allDay.id] })]; // yearly: never in this test
    const plans: number[][] = [];
    const others: Scheduler[] = [];
    try {
      for (const startAt of [MONDAY + 10 * MINUTE, MONDAY + 37 * MINUTE]) {
        const clock = createCompressedClock({ factor: 7_200, start: startAt });
        const recorder = runRecorder(clock, 0);
        const fleetScheduler = createClockedScheduler({
          claims: [allDay],
          store: memoryStore(),
          log: recordingLog(),
          clock,
          probes,
          runProbe: recorder.run,
          coveragePeriodMs: 2 * HOUR,
          sharedCoverage: true,
        });
        others.push(fleetScheduler);
        await fleetScheduler.start();
        await until(() => clock.now() > MONDAY + 6 * HOUR + 10 * MINUTE);
        await fleetScheduler.stop();
        const runs = recorder.runs.map((run) => run.scheduledAt);
        // Periods are whole 2-hour periods since the epoch; nothing planned before the scheduler started is fired.
        expect(runs.every((time) => time >= startAt)).toBe(true);
        plans.push(runs.filter((time) => time >= MONDAY + 2 * HOUR && time < MONDAY + 6 * HOUR));
      }
      expect(plans[0]?.length).toBeGreaterThanOrEqual(4);
      expect(plans[1]).toEqual(plans[0]);
    } finally {
      await Promise.all(others.map((other) => other.stop()));
    }
  });

  it('records the runs missed while Kept was down, read from the SQLite store, as a gap', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    try {
      await store.record(observation(at('2026-01-05T10:00:20Z')), []);
      const clock = createCompressedClock({ factor: 1, start: at('2026-01-05T11:02:00Z') });
      await start({
        clock,
        store,
        probes: [probe({ cron: '*/5 * * * *', jitterMs: MINUTE })],
        runProbe: async () => undefined,
      });
      const gaps = await store.gaps({ from: MONDAY, to: MONDAY + 24 * HOUR });
      expect(gaps).toHaveLength(1);
      expect(gaps[0]).toMatchObject({ probeId: 'chat-probe', from: at('2026-01-05T10:05:00Z'), missedRuns: 12 });
      expect(gaps[0]?.reason).toContain('12 scheduled runs');
    } finally {
      await scheduler?.stop();
      await store.close();
    }
  });

  it('records the runs a clock that ran ahead of the process skipped, and runs the first', async () => {
    let now = MONDAY;
    const jumping: Clock = {
      now: () => now,
      monotonic: () => now,
      sleep: async (ms) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        now += ms + 30 * MINUTE; // every wake-up is half an hour late
      },
    };
    const store = memoryStore();
    const recorder = runRecorder(jumping, 0);
    const told: [string, number][] = [];
    const onGap = (probeId: string, missedRuns: number): void => void told.push([probeId, missedRuns]);
    await start({ clock: jumping, store, onGap, probes: [probe({ cron: '*/5 * * * *' })], runProbe: recorder.run });
    await until(() => store.gaps.length >= 2);
    expect(told.slice(0, 2)).toEqual([
      ['chat-probe', 6],
      ['chat-probe', 6],
    ]);
    expect(recorder.runs.slice(0, 2).map((run) => run.scheduledAt)).toEqual([MONDAY, MONDAY + 5 * MINUTE]);
    expect(store.gaps[0]).toMatchObject({ probeId: 'chat-probe', from: MONDAY + 10 * MINUTE, missedRuns: 6 });
    expect(store.gaps[0]?.reason).toContain('fell behind');
  });

  it('logs a store that cannot say when a probe last ran, and starts anyway', async () => {
    const clock = createCompressedClock({ factor: 600, start: MONDAY });
    const log = recordingLog();
    const recorder = runRecorder(clock, 0);
    const store = { ...memoryStore(), lastRunAt: async () => Promise.reject(new Error('disk on fire')) };
    await start({ clock, log, store, probes: [probe({ cron: '* * * * *' })], runProbe: recorder.run });
    await until(() => recorder.runs.length >= 1);
    expect(log.entries.find((entry) => entry.level === 'error')?.fields).toMatchObject({
      probeId: 'chat-probe',
      error: 'disk on fire',
    });
  });

  it('logs a run that throws and keeps to the schedule', async () => {
    const clock = createCompressedClock({ factor: 600, start: MONDAY });
    const log = recordingLog();
    let calls = 0;
    const runProbe = async (): Promise<void> => {
      calls++;
      throw new Error('bug in a channel');
    };
    await start({ clock, log, probes: [probe({ cron: '* * * * *' })], runProbe });
    await until(() => calls >= 2);
    expect(log.entries.filter((entry) => entry.level === 'error').map((entry) => entry.fields.error)).toContain(
      'bug in a channel',
    );
  });

  it('waits on stop for the run in flight', async () => {
    const clock = createCompressedClock({ factor: 600, start: MONDAY });
    const recorder = runRecorder(clock, 5 * MINUTE); // half a real second
    await start({ clock, probes: [probe({ cron: '* * * * *' })], runProbe: recorder.run });
    await until(() => recorder.runs.length >= 1);
    await scheduler?.stop();
    expect(recorder.runs.map((run) => run.endedAt !== undefined)).toEqual(recorder.runs.map(() => true));
  });

  it('refuses to start with a cron it cannot read', async () => {
    const clock = createCompressedClock({ factor: 1, start: MONDAY });
    const started = start({ clock, probes: [probe({ cron: '0 0 L * *' })], runProbe: async () => undefined });
    await expect(started).rejects.toThrow(KeptError);
    await expect(started).rejects.toMatchObject({ code: 'cron.invalid' });
  });
});
