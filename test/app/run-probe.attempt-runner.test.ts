import { describe, expect, it } from 'vitest';
import { createAttemptRunner, DEADLINE_REASON, graceFor } from '../../src/app/attempt-runner.ts';
import type { Channel, SelfHealth, SelfHealthReading } from '../../src/app/ports.ts';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';
import { validationError } from '../../src/domain/errors.ts';
import type { Observation } from '../../src/domain/observation.ts';
import { alwaysHumanClaim, businessHoursClaim } from '../support/domain-fixtures.ts';
import { memoryLog, testProbe } from '../support/probe-kit.ts';

const probe = {
  ...testProbe('chat-api', 'desk-chat-api', 'ws://127.0.0.1:1/', {}, 60),
  verifies: [alwaysHumanClaim.id],
};
const claims = [alwaysHumanClaim, businessHoursClaim];

const channel = (run: Channel['run'], extra: Partial<Channel> = {}): Channel => ({ kind: 'chat-api', run, ...extra });
const answeredAt =
  (humanMs: number) =>
  (id: string, startedAt: number): Observation => ({
    id,
    probeId: probe.id,
    kind: 'chat-api',
    startedAt,
    outcome: 'answered',
    timings: { connectMs: 3, firstResponseMs: humanMs, humanMs, totalMs: humanMs },
    humanReached: true,
    evidence: {},
  });

/** A self-health watch that reports fixed figures: the runner's decision is what is under test here. */
const fixedHealth = (reading: Partial<SelfHealthReading>): SelfHealth => ({
  watch: () => ({ stop: () => ({ loopDelayMaxMs: 0, timerDriftMaxMs: 0, realElapsedMs: 0, ...reading }) }),
});

const runner = (
  over: Partial<Parameters<typeof createAttemptRunner>[0]> &
    Pick<Parameters<typeof createAttemptRunner>[0], 'channelFor'>,
) => createAttemptRunner({ clock: systemClock, log: memoryLog(), claims, graceMs: 40, settleMs: 40, ...over });

describe('the attempt runner', () => {
  it("returns the channel's observation with its self-health figures", async () => {
    const attempts = runner({
      channelFor: () => channel(async (_p, ctx) => answeredAt(800)(ctx.runId, ctx.clock.now())),
      health: fixedHealth({ loopDelayMaxMs: 4, timerDriftMaxMs: 2 }),
    });
    const observation = await attempts.attempt(probe, 'run-1');
    expect(observation.outcome).toBe('answered');
    expect(observation.id).toBe('run-1');
    expect(observation.evidence.details?.selfHealth).toEqual({ loopDelayMaxMs: 4, timerDriftMaxMs: 2, clockRate: 1 });
  });

  it('turns a throw into an inconclusive observation naming the failure as ours', async () => {
    const log = memoryLog();
    const attempts = runner({
      log,
      channelFor: () => channel(async () => Promise.reject(new Error('socket pool exhausted'))),
    });
    const observation = await attempts.attempt(probe, 'run-2');
    expect([observation.outcome, observation.reason]).toEqual([
      'inconclusive',
      'the probe failed on our side: socket pool exhausted',
    ]);
    expect(log.lines.map((l) => l.message)).toContain('probe crashed; recording an inconclusive observation');
  });

  it('turns a channel that cannot even be made into an inconclusive observation', async () => {
    const attempts = runner({
      channelFor: () => {
        throw new Error('no adapter');
      },
    });
    expect((await attempts.attempt(probe, 'run-3')).reason).toBe('the probe failed on our side: no adapter');
  });

  it('abandons a channel that hangs past the deadline, aborts it, and says it was our failure', async () => {
    let aborted = false;
    const hang = channel(
      (_p, ctx) => new Promise<Observation>(() => ctx.signal.addEventListener('abort', () => (aborted = true))),
    );
    const observation = await runner({ channelFor: () => hang }).attempt(probe, 'run-4');
    expect([observation.outcome, observation.reason]).toEqual(['inconclusive', DEADLINE_REASON]);
    expect(observation.evidence.details?.ending).toBe('deadline');
    expect(aborted).toBe(true);
  });

  it('passes shutdown to the channel and returns what the channel made of it', async () => {
    const stop = new AbortController();
    const stoppable = channel(
      (_p, ctx) =>
        new Promise<Observation>((resolve) =>
          ctx.signal.addEventListener('abort', () =>
            resolve({
              ...answeredAt(0)(ctx.runId, 0),
              outcome: 'inconclusive',
              reason: 'stopped early',
              humanReached: false,
            }),
          ),
        ),
    );
    const pending = runner({ channelFor: () => stoppable, graceMs: 60_000 }).attempt(probe, 'run-5', {
      signal: stop.signal,
    });
    stop.abort(new Error('shutdown'));
    expect((await pending).reason).toBe('stopped early');
  });

  it('after shutdown, stops waiting for a channel that ignores it: suspended, so a channel with pending runs resumes it', async () => {
    const stop = new AbortController();
    stop.abort(new Error('shutdown'));
    const deaf = channel(() => new Promise<Observation>(() => undefined));
    const observation = await runner({ channelFor: () => deaf, graceMs: 60_000 }).attempt(probe, 'run-6', {
      signal: stop.signal,
    });
    expect(observation.outcome).toBe('inconclusive');
    expect(observation.evidence.details).toMatchObject({ ending: 'stopped', suspended: true });
  });

  it('makes timings consistent: the whole attempt is never shorter than its connection', async () => {
    const odd = channel(async (_p, ctx) => ({
      ...answeredAt(800)(ctx.runId, 0),
      timings: { connectMs: 120, totalMs: 100 },
    }));
    const observation = await runner({ channelFor: () => odd }).attempt(probe, 'run-7');
    expect(observation.timings).toEqual({ connectMs: 120, totalMs: 120 });
  });

  it('makes a failure Kept could have caused by its own stall inconclusive, keeping what was measured', async () => {
    const attempts = runner({
      // A person read 1 s past the 2-minute promise, while Kept's loop stalled for 1.4 s.
      channelFor: () => channel(async (_p, ctx) => answeredAt(121_000)(ctx.runId, 0)),
      health: fixedHealth({ loopDelayMaxMs: 1_400 }),
    });
    const observation = await attempts.attempt(probe, 'run-8');
    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toMatch(/^Kept was starved: 1\.4s loop delay during the attempt/);
    expect(observation.evidence.details).toMatchObject({ starved: true, measured: { outcome: 'answered' } });
    expect(observation.timings.humanMs).toBe(121_000);
  });

  it('keeps an outcome a stall could not have changed (the human came a minute inside the promise)', async () => {
    const attempts = runner({
      channelFor: () => channel(async (_p, ctx) => answeredAt(60_000)(ctx.runId, 0)),
      health: fixedHealth({ loopDelayMaxMs: 1_400 }),
    });
    expect((await attempts.attempt(probe, 'run-9')).outcome).toBe('answered');
  });

  it('prepares the probe before its attempt, and a probe that cannot be prepared is inconclusive', async () => {
    const prepared: string[] = [];
    const picky = channel(async (_p, ctx) => answeredAt(5)(ctx.runId, 0), {
      prepare: (p) => {
        prepared.push(p.id);
        if (p.target === '') throw new Error('the probe has no target');
      },
    });
    const attempts = runner({ channelFor: () => picky });
    expect((await attempts.attempt(probe, 'run-10')).outcome).toBe('answered');
    expect((await attempts.attempt({ ...probe, target: '' }, 'run-11')).reason).toBe(
      'the probe failed on our side: the probe has no target',
    );
    expect(prepared).toEqual([probe.id, probe.id]);
  });

  it('says why a probe its channel refuses as configured cannot run (a validation error, not a crash)', async () => {
    const refusing = channel(async (_p, ctx) => answeredAt(5)(ctx.runId, 0), {
      prepare: () => {
        throw validationError(
          'chat-api.options',
          'probe "desk-chat-api": the probe\'s options are invalid: message: required',
        );
      },
    });
    const observation = await runner({ channelFor: () => refusing }).attempt(probe, 'run-13');
    expect([observation.outcome, observation.reason]).toEqual([
      'inconclusive',
      'probe "desk-chat-api": the probe\'s options are invalid: message: required',
    ]);
  });

  it('records how late the attempt started against the plan', async () => {
    const attempts = runner({
      channelFor: () => channel(async (_p, ctx) => answeredAt(5)(ctx.runId, 0)),
      health: fixedHealth({}),
    });
    const observation = await attempts.attempt(probe, 'run-12', { plannedAt: Date.now() - 2_000 });
    const late = (observation.evidence.details?.selfHealth as { lateStartMs: number }).lateStartMs;
    expect(late).toBeGreaterThanOrEqual(2_000);
  });

  it('gives a grace of a tenth of the time-out, between 5 s and a minute', () => {
    expect([graceFor(1_000), graceFor(120_000), graceFor(4 * 3_600_000)]).toEqual([5_000, 12_000, 60_000]);
  });
});
