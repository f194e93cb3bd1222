import { afterEach, describe, expect, it } from 'vitest';
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { createClockedScheduler } from '../../../src/adapters/scheduler/clocked.scheduler.ts';
import { createCronScheduler } from '../../../src/adapters/scheduler/cron.scheduler.ts';
import type { RunProbe, Scheduler, SchedulerOptions } from '../../../src/adapters/scheduler/scheduler.ts';
import type { Clock } from '../../../src/app/ports.ts';
import type { ProbeSpec } from '../../../src/domain/catalogue.ts';
import { at } from '../../domain/builders.ts';
import { memoryStore, probe, recordingLog, until } from './scheduler.fixtures.ts';

const MONDAY = at('2026-01-05T00:00:00Z');

/** Runs that take `durationMs` on `clock`, counted per probe: the most in flight at once, and how many ended. */
function perProbeRecorder(clock: Clock, durationMs: Readonly<Record<string, number>>) {
  const active = new Map<string, number>();
  const most = new Map<string, number>();
  const started = new Map<string, number[]>();
  const ended = new Map<string, number>();
  const run: RunProbe = async (probeId, scheduledAt) => {
    started.set(probeId, [...(started.get(probeId) ?? []), scheduledAt]);
    active.set(probeId, (active.get(probeId) ?? 0) + 1);
    most.set(probeId, Math.max(most.get(probeId) ?? 0, active.get(probeId) ?? 0));
    try {
      await clock.sleep(durationMs[probeId] ?? 0);
    } finally {
      active.set(probeId, (active.get(probeId) ?? 1) - 1);
      ended.set(probeId, (ended.get(probeId) ?? 0) + 1);
    }
  };
  return {
    run,
    most: (id: string) => most.get(id) ?? 0,
    started: (id: string) => started.get(id) ?? [],
    ended: (id: string) => ended.get(id) ?? 0,
    active: (id: string) => active.get(id) ?? 0,
  };
}

const mailbox: ProbeSpec = { ...probe({ cron: '* * * * *' }, { id: 'mailbox' }), kind: 'email' };
const chat = probe({ cron: '* * * * *' }, { id: 'chat' });
const overlaps = (p: ProbeSpec): boolean => p.kind === 'email';

describe('probes whose runs overlap (email waits hours for a reply while its cron fires again)', () => {
  let scheduler: Scheduler | undefined;
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
  });

  function options(clock: Clock, runProbe: RunProbe, log = recordingLog()): SchedulerOptions {
    return {
      probes: [mailbox, chat],
      claims: [],
      clock,
      store: memoryStore(),
      log,
      coveragePeriodMs: 0,
      runProbe,
      overlaps,
    };
  }

  it('clocked: an email probe starts every due run while earlier ones wait; the chat probe still skips', async () => {
    const clock = createCompressedClock({ factor: 600, start: MONDAY }); // a real second is ten minutes
    const log = recordingLog();
    const recorder = perProbeRecorder(clock, { mailbox: 10 * 60_000, chat: 150_000 }); // both outlast the one-minute cron
    scheduler = createClockedScheduler(options(clock, recorder.run, log));
    await scheduler.start();
    await until(() => recorder.ended('mailbox') >= 3 && recorder.ended('chat') >= 2);
    // Ten fires a run: several are in flight at once (fewer than ten only if the process fell behind the clock).
    expect(recorder.most('mailbox')).toBeGreaterThanOrEqual(3);
    expect(recorder.most('chat')).toBe(1);
    expect(recorder.started('mailbox').length).toBeGreaterThan(recorder.started('chat').length);
    const skipped = log.entries.filter((e) => e.message.includes('skipped')).map((e) => e.fields.probeId);
    expect(new Set(skipped)).toEqual(new Set(['chat']));
  });

  it('node-cron: every second fires a run of a probe whose runs take 2.5 s, none skipped; stop waits for all of them', async () => {
    const log = recordingLog();
    const slow: ProbeSpec = { ...mailbox, schedule: { ...mailbox.schedule, cron: '*/1 * * * * *' } };
    const recorder = perProbeRecorder(systemClock, { mailbox: 2_500 });
    scheduler = createCronScheduler({ ...options(systemClock, recorder.run, log), probes: [slow] });
    await scheduler.start();
    await until(() => recorder.started('mailbox').length >= 4);
    expect(recorder.most('mailbox')).toBeGreaterThanOrEqual(2);
    const fires = recorder.started('mailbox');
    expect(
      fires
        .slice(1)
        .map((t, i) => t - (fires[i] as number))
        .every((gap) => gap === 1_000),
    ).toBe(true);
    expect(log.entries.filter((e) => e.message.includes('skipped'))).toEqual([]);
    await scheduler.stop();
    scheduler = undefined;
    expect(recorder.active('mailbox')).toBe(0);
    expect(recorder.ended('mailbox')).toBe(recorder.started('mailbox').length);
  }, 15_000);

  it('clocked: a probe that allows three runs in flight keeps at most three going and skips only past them', async () => {
    const clock = createCompressedClock({ factor: 600, start: MONDAY });
    const log = recordingLog();
    const queue: ProbeSpec = { ...chat, id: 'queue', schedule: { ...chat.schedule, maxInFlight: 3 } };
    const recorder = perProbeRecorder(clock, { queue: 150_000, chat: 150_000 }); // each run outlasts two more fires
    scheduler = createClockedScheduler({ ...options(clock, recorder.run, log), probes: [queue, chat] });
    await scheduler.start();
    await until(() => recorder.ended('queue') >= 4 && recorder.ended('chat') >= 2);
    expect(recorder.most('queue')).toBeGreaterThanOrEqual(2);
    expect(recorder.most('queue')).toBeLessThanOrEqual(3);
    expect(recorder.most('chat')).toBe(1);
    expect(recorder.started('queue').length).toBeGreaterThan(recorder.started('chat').length);
  });

  it('node-cron: a probe allowing two runs in flight starts every fire of runs that take 1.5 s, none skipped', async () => {
    const log = recordingLog();
    const pair: ProbeSpec = {
      ...chat,
      id: 'pair',
      schedule: { ...chat.schedule, cron: '*/1 * * * * *', maxInFlight: 2 },
    };
    const recorder = perProbeRecorder(systemClock, { pair: 1_500 });
    scheduler = createCronScheduler({ ...options(systemClock, recorder.run, log), probes: [pair] });
    await scheduler.start();
    await until(() => recorder.started('pair').length >= 4);
    expect(recorder.most('pair')).toBe(2);
    expect(log.entries.filter((e) => e.message.includes('skipped'))).toEqual([]);
  }, 15_000);
});
