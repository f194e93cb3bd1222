import { getPriority } from 'node:os';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatchUpClock } from '../../../src/adapters/clock/catch-up.clock.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { workerExecArgv } from '../../../src/adapters/workers/exec-argv.ts';
import {
  createChildProcessWorkers,
  type ChildProcessWorkersOptions,
} from '../../../src/adapters/workers/child-process.workers.ts';
import type { Clock } from '../../../src/app/ports.ts';
import { createWorkerAttempts } from '../../../src/app/worker-attempts.ts';
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import {
  PROBE_PROTOCOL_VERSION,
  type DescribedClock,
  type ProbeJob,
  type ProbeWorkers,
} from '../../../src/app/worker.port.ts';
import { memoryLog, testProbe } from '../../support/probe-kit.ts';

const ENTRY = fileURLToPath(new URL('./support/test-worker.ts', import.meta.url));

const job = (probeId: string, clock: DescribedClock = systemClock, runId = randomUUID()): ProbeJob => ({
  v: PROBE_PROTOCOL_VERSION,
  runId,
  probeId,
  kind: 'chat-api',
  clock: clock.describe(),
});

const details = (result: Awaited<ReturnType<ProbeWorkers['run']>>): Record<string, unknown> => {
  if (result.kind !== 'observation') throw new Error(`expected an observation, got ${JSON.stringify(result)}`);
  return (result.observation.evidence.details ?? {}) as Record<string, unknown>;
};

/** Waits until the log has a line matching `test`; the worker's own lines arrive through the relay. */
async function logged(
  log: ReturnType<typeof memoryLog>,
  test: (line: (typeof log.lines)[number]) => boolean,
): Promise<(typeof log.lines)[number]> {
  for (let i = 0; i < 600; i += 1) {
    const line = log.lines.find(test);
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never logged; log: ${JSON.stringify(log.lines).slice(0, 3_000)}`);
}

async function until(test: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !test(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('child-process probe workers', () => {
  let pool: ProbeWorkers | undefined;
  const start = async (overrides: Partial<ChildProcessWorkersOptions> = {}) => {
    const log = memoryLog();
    pool = createChildProcessWorkers({ entry: ENTRY, count: 1, settings: {}, log, ...overrides });
    await pool.start();
    return { pool, log };
  };
  afterEach(async () => {
    await pool?.stop();
    pool = undefined;
  });

  it("runs a job in a child process and returns its observation under the run id, with the worker's log relayed", async () => {
    const { pool: workers, log } = await start();
    const sent = job('answer-1');
    const result = await workers.run(sent, new AbortController().signal);
    expect(result).toMatchObject({
      runId: sent.runId,
      kind: 'observation',
      observation: { id: sent.runId, outcome: 'answered' },
    });
    expect(details(result).pid).not.toBe(process.pid);
    const line = await logged(log, (l) => l.message === 'test attempt started');
    expect(line.fields).toMatchObject({ runId: sent.runId, worker: details(result).pid });
  }, 30_000);

  it('runs its workers ahead of the service for the CPU when the system allows it (root), else says why not', async () => {
    const { pool: workers, log } = await start();
    const result = await workers.run(job('answer-priority'), new AbortController().signal);
    const pid = Number(details(result).pid);
    if (process.getuid?.() === 0) {
      expect(getPriority(pid)).toBe(getPriority(process.pid) - 5);
    } else {
      expect(log.lines.some((line) => line.message.startsWith('probe worker runs at the service'))).toBe(true);
    }
  }, 30_000);

  it("rebuilds the probe's clock in the worker from its description", async () => {
    const { pool: workers } = await start();
    const clock = createCatchUpClock({ start: Date.parse('2026-01-02T07:00:00Z'), factor: 400 }).capped(20);
    const result = await workers.run(job('answer-clock', clock), new AbortController().signal);
    expect(details(result).clock).toEqual(clock.describe());
    expect(clock.describe()).toMatchObject({ kind: 'catch-up', factor: 400, pace: 20 });
  }, 30_000);

  it('ends the attempt of a worker killed with SIGKILL as one inconclusive observation, and a new worker serves the next', async () => {
    const { pool: workers, log } = await start();
    const attempts = createWorkerAttempts({
      workers,
      clock: systemClock,
      log,
      realClock: systemClock,
      graceMs: 60_000,
    });
    const probe = testProbe('chat-api', 'slow-kill', 'http://127.0.0.1:9', {}, 120_000);
    const runId = randomUUID();
    const running = attempts.attempt(probe, runId);
    const started = await logged(log, (l) => l.message === 'test attempt started' && l.fields?.runId === runId);
    const pid = Number(started.fields?.pid);
    process.kill(pid, 'SIGKILL');
    const observation = await running;
    expect(observation).toMatchObject({ id: runId, probeId: 'slow-kill', outcome: 'inconclusive' });
    expect(observation.reason).toBe('the probe worker exited (signal SIGKILL) during the attempt');
    const next = await workers.run(job('answer-after-kill'), new AbortController().signal);
    expect(next.kind).toBe('observation');
    expect(details(next).pid).not.toBe(pid);
  }, 60_000);

  it('ends an attempt whose worker hangs at the deadline as inconclusive, replaces the worker, and serves the next job', async () => {
    const { pool: workers, log } = await start({ abortGraceMs: 200, pingTimeoutMs: 500 });
    // The probe's clock runs 100x real time: its deadline (300 ms + the 5 s grace) is 53 ms real, then 300 ms real.
    const clock = createCompressedClock({ factor: 100, start: Date.parse('2026-01-05T10:00:00Z') });
    const attempts = createWorkerAttempts({ workers, clock, log, realClock: systemClock, graceMs: 300 });
    const hung = testProbe('chat-api', 'loop-forever', 'http://127.0.0.1:9', {}, 300);
    const observation = await attempts.attempt(hung, 'run-hung');
    expect(observation).toMatchObject({ id: 'run-hung', outcome: 'inconclusive' });
    expect(observation.reason).toBe('no result from the probe worker by the deadline (5.3 s + 300 ms)');
    const killed = await logged(log, (l) => l.message === 'killing an unresponsive probe worker; a new one starts');
    const answer = testProbe('chat-api', 'answer-after-hang', 'http://127.0.0.1:9', {}, 30_000);
    // A new worker takes real time to start: this attempt's backstop allows for it.
    const patient = createWorkerAttempts({ workers, clock, log, realClock: systemClock, graceMs: 30_000 });
    const next = await patient.attempt(answer, 'run-next', { plannedAt: 42 });
    expect(next.evidence.details?.plannedAt, JSON.stringify(next)).toBe(42);
    expect(next.outcome).toBe('answered');
    expect(next.evidence.details?.pid).not.toBe(killed.fields?.worker);
  }, 60_000);

  it('forwards an abort to the worker, whose channel sees the reason and returns what it has', async () => {
    const { pool: workers, log } = await start();
    const sent = job('slow-abort');
    const controller = new AbortController();
    const running = workers.run(sent, controller.signal);
    await logged(log, (l) => l.message === 'test attempt started' && l.fields?.runId === sent.runId);
    controller.abort(new DOMException('the probe timed out', 'TimeoutError'));
    const result = await running;
    expect(result).toMatchObject({ kind: 'observation', observation: { outcome: 'unanswered' } });
    expect(details(result).stopped).toBe('TimeoutError: the probe timed out');
  }, 30_000);

  it("forwards a shutdown through the service's attempt runner to the channel in the worker", async () => {
    const { pool: workers, log } = await start();
    const attempts = createWorkerAttempts({
      workers,
      clock: systemClock,
      log,
      realClock: systemClock,
      graceMs: 60_000,
    });
    const shutdown = new AbortController();
    const probe = testProbe('chat-api', 'slow-shutdown', 'http://127.0.0.1:9', {}, 120_000);
    const running = attempts.attempt(probe, 'run-shutdown', { signal: shutdown.signal });
    await logged(log, (l) => l.message === 'test attempt started' && l.fields?.runId === 'run-shutdown');
    shutdown.abort(new DOMException('Kept is stopping', 'AbortError'));
    const observation = await running;
    expect(observation).toMatchObject({ id: 'run-shutdown', outcome: 'unanswered' });
    expect(observation.evidence.details?.stopped).toBe('AbortError: Kept is stopping');
  }, 30_000);

  it('runs a job whose run id is already in flight once: both callers get the one observation', async () => {
    const { pool: workers } = await start();
    const sent = job('slow-twice');
    const controller = new AbortController();
    const first = workers.run(sent, controller.signal);
    const second = workers.run({ ...sent }, new AbortController().signal);
    controller.abort(new DOMException('enough', 'AbortError'));
    const [a, b] = await Promise.all([first, second]);
    expect(b).toEqual(a);
    expect(details(a).attempts).toBe(1);
  }, 30_000);

  it('reports a throw in the worker as an inconclusive observation with the error', async () => {
    const { pool: workers } = await start();
    const result = await workers.run(job('throw-now'), new AbortController().signal);
    expect(result).toMatchObject({
      kind: 'observation',
      observation: { outcome: 'inconclusive', reason: 'the probe failed on our side: boom in throw-now' },
    });
  }, 30_000);

  it('refuses to start when the worker cannot build its channels, saying why', async () => {
    await expect(start({ settings: { fail: true } })).rejects.toThrow(
      'a probe worker could not start: the test catalogue is broken',
    );
  }, 30_000);

  it('reports a worker that keeps failing to start as a readiness problem until one starts again', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'kept-workers-')), 'broken');
    const { pool: workers, log } = await start({ settings: { brokenIf: broken } });
    expect(workers.problems()).toEqual([]);
    writeFileSync(broken, '');
    const first = await logged(log, (l) => l.message === 'probe worker ready');
    process.kill(Number(first.fields?.worker), 'SIGKILL');
    await until(() => workers.problems().length > 0);
    expect(workers.problems()[0]).toMatch(
      /^probe worker 1 of 1 could not start: the test catalogue is broken \(\d+ times? in a row\)$/,
    );
    rmSync(broken);
    await until(() => workers.problems().length === 0);
    const result = await workers.run(job('answer-recovered'), new AbortController().signal);
    expect(result.kind).toBe('observation');
  }, 60_000);

  it('ends the runs still in flight as lost when the workers stop', async () => {
    const { pool: workers, log } = await start({ stopTimeoutMs: 5_000 });
    const sent = job('slow-stop');
    const running = workers.run(sent, new AbortController().signal);
    await logged(log, (l) => l.message === 'test attempt started' && l.fields?.runId === sent.runId);
    await workers.stop();
    // The worker aborts the attempt it holds on stop and returns what the channel has before it exits.
    const result = await running;
    expect(result.kind === 'lost' || details(result).stopped === 'AbortError: Kept is stopping').toBe(true);
    expect(await workers.run(job('answer-late'), new AbortController().signal)).toMatchObject({ kind: 'lost' });
  }, 30_000);
});

/** A clock without describe(): only the in-process path can run on it. */
const opaque: Clock = { now: () => 0, monotonic: () => 0, sleep: async () => undefined };

describe('worker attempts', () => {
  it('refuse a probe clock a worker cannot rebuild', async () => {
    const never: ProbeWorkers = {
      problems: () => [],
      start: async () => undefined,
      run: () => new Promise(() => undefined),
      stop: async () => undefined,
    };
    const attempts = createWorkerAttempts({
      workers: never,
      clock: opaque,
      log: memoryLog(),
      realClock: systemClock,
      graceMs: 0,
    });
    const probe = testProbe('chat-api', 'p', 'http://127.0.0.1:9', {}, 1_000);
    await expect(attempts.attempt(probe, 'run-1')).rejects.toThrow('cannot rebuild');
  });
});

describe('the worker side of the protocol', () => {
  it('starts a run id once even when its job arrives twice, and returns one result', async () => {
    const child = fork(ENTRY, [], { execArgv: workerExecArgv(ENTRY), stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const messages: { type: string; result?: { observation: { evidence: { details: Record<string, unknown> } } } }[] =
      [];
    child.on('message', (m) => messages.push(m as (typeof messages)[number]));
    try {
      child.send({ v: 1, type: 'init', settings: {} });
      await until(() => messages.some((m) => m.type === 'ready'));
      const sent = job('slow-duplicate');
      child.send({ v: 1, type: 'job', job: sent });
      child.send({ v: 1, type: 'job', job: sent });
      child.send({ v: 1, type: 'abort', runId: sent.runId, reason: { name: 'AbortError', message: 'enough' } });
      await until(() => messages.some((m) => m.type === 'result'));
      // Anything the second copy would have sent comes before the answer to a ping sent after the first result.
      child.send({ v: 1, type: 'ping', seq: 1 });
      await until(() => messages.some((m) => m.type === 'pong'));
      const results = messages.filter((m) => m.type === 'result');
      expect(results).toHaveLength(1);
      expect(results[0]?.result?.observation.evidence.details.attempts).toBe(1);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
