import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { runIdOf } from '../../../src/adapters/queue/bullmq.planner.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { loadCatalogueOrThrow } from '../../../src/cli/catalogue-input.ts';
import { fleetWiring, type FleetWiring } from '../../../src/cli/commands/run-fleet.ts';
import { createLogger } from '../../../src/cli/logger.ts';
import { startMonitor, type RunningMonitor } from '../../../src/cli/monitor.ts';
import type { DescribedClock } from '../../../src/app/worker.port.ts';
import { startDesk, type RunningDesk } from '../../../src/desk/desk.ts';
import { REPO_ROOT, spawnKept, type KeptProcess } from '../../support/spawn-kept.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** A child process and everything it printed. */
export interface Child {
  readonly child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

function watch(child: ChildProcess): Child {
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    async waitFor(pattern, timeoutMs) {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(out)) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${pattern} in:\n${out.slice(-3000)}`);
        await systemClock.sleep(50);
      }
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(child.pid, signal);
        await exited;
      }
    },
  };
}

/** redis-server on a free loopback port, in a temp dir, with an fsynced append-only file (a restart keeps the queue). */
export async function startRedis(dir: string, port: number): Promise<Child> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const redis = watch(child);
  await redis.waitFor(/Ready to accept connections/, 10_000);
  return redis;
}

export const FACTOR = 120;
export const PROBES = ['chat-a', 'chat-b', 'chat-c'];

/**
 * Three chat-API probes every 5 simulated minutes against the desk's chat (a person answers 24/7); `locations` gives
 * a probe its catalogue `locations:` (none: it runs from `default`).
 */
export function writeCatalogue(
  dir: string,
  chatUrl: string,
  cron = '*/5 * * * *',
  locations: Readonly<Record<string, readonly string[]>> = {},
): string {
  const probe = (id: string): string[] => [
    `  - id: ${id}`,
    '    channel: chat-api',
    `    target: ${chatUrl}`,
    `    schedule: { cron: "${cron}", jitter: 0s, timeout: 20m, overlap: 3 }`,
    '    verifies: [chat-24-7]',
    ...(locations[id] === undefined ? [] : [`    locations: [${locations[id].join(', ')}]`]),
    '    options:',
    '      transport: websocket',
    '      persona: Sam Taylor',
    '      message: "Hi, I need help"',
    '      send: { type: message, text: "{message}" }',
    '      receive: { textPath: "$.text", senderPath: "$.from.role", ignore: [{ path: "$.from.role", equals: customer }] }',
    '      human: [{ path: "$.from.role", equals: agent }]',
    '      bot: [{ path: "$.from.role", equals: bot }]',
    '      waitForHuman: true',
  ];
  const file = join(dir, 'fleet.yaml');
  writeFileSync(
    file,
    [
      'version: kept/v1',
      'service: { name: Fleet Ltd, timeZone: UTC }',
      'evaluation: { window: 7d, coveragePeriod: 7d, minSamples: 3 }',
      'claims:',
      '  - { id: chat-24-7, copy: "24/7 chat with a person within 30 minutes", publishedAt: https://fleet.invalid,',
      '      owner: ops, channels: [chat], hours: 24/7, promise: { human: 30m }, target: 90% }',
      'probes:',
      ...PROBES.flatMap(probe),
      '',
    ].join('\n'),
  );
  return file;
}

/** What a test may change about its fleet; the defaults are the scenario the other fleet tests share. */
export interface FleetOptions {
  /** Simulated ms per real ms (default FACTOR). */
  readonly factor?: number;
  readonly cron?: string;
  readonly locations?: Readonly<Record<string, readonly string[]>>;
  /** Real ms range in which the desk's person answers (default 1-3 s). */
  readonly humanDelayMs?: readonly [number, number];
}

export interface Fleet {
  readonly dir: string;
  readonly factor: number;
  readonly url: string;
  readonly catalogue: string;
  redis: Child;
  readonly redisPort: number;
  readonly clock: DescribedClock;
  readonly start: number;
  readonly originWallMs: number;
  readonly schedulers: Child[];
  readonly workers: KeptProcess[];
  readonly store: SqliteStore;
  readonly monitor: RunningMonitor;
  readonly wiring: FleetWiring;
  readonly desk: RunningDesk;
}

const quiet = createLogger({ level: 'error', format: 'json', stream: { write: () => true } as never });

export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const factor = options.factor ?? FACTOR;
  const dir = mkdtempSync(join(tmpdir(), 'kept-fleet-'));
  const redisPort = await freePort();
  const redis = await startRedis(dir, redisPort);
  const url = `redis://127.0.0.1:${redisPort}`;
  // A person answers after 1-3 real seconds, so attempts are long enough to be killed in the middle.
  const desk = await startDesk({
    clock: systemClock,
    staffing: {
      timeZone: 'UTC',
      shifts: [
        {
          days: [0, 1, 2, 3, 4, 5, 6],
          from: '00:00',
          to: '24:00',
          mode: 'staffed',
          humanDelayMs: [...(options.humanDelayMs ?? [1_000, 3_000])],
        },
      ],
      otherwise: 'closed',
    },
    botDelayMs: 20,
    seed: 7,
    log: quiet,
  });
  const catalogue = writeCatalogue(dir, desk.chatUrl, options.cron, options.locations);
  const start = Date.UTC(2026, 11, 7, 9, 0, 30);
  const originWallMs = performance.timeOrigin + performance.now();
  const clock = createCompressedClock({ factor, start, originWallMs });
  const store = await openSqliteStore({ path: join(dir, 'service', 'kept.db') });
  const loaded = await loadCatalogueOrThrow([catalogue], process.env, 'connect', () => undefined);
  const wiring = await fleetWiring({
    url,
    roles: ['service'],
    catalogue: loaded,
    clock,
    realClock: systemClock,
    log: quiet,
    lostGraceMs: 5_000,
    stalledIntervalMs: 1_000,
  });
  const monitor = await startMonitor({
    catalogue: loaded,
    store,
    clock,
    log: quiet,
    host: '127.0.0.1',
    port: 0,
    scheduling: 'clocked',
    fleet: wiring.fleet,
  });
  return {
    dir,
    factor,
    url,
    catalogue,
    redis,
    redisPort,
    clock,
    start,
    originWallMs,
    schedulers: [],
    workers: [],
    store,
    monitor,
    wiring,
    desk,
  };
}

export async function addScheduler(fleet: Fleet): Promise<Child> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/e2e/fleet/scheduler.fixture.ts',
      fleet.catalogue,
      fleet.url,
      String(fleet.factor),
      String(fleet.start),
      String(fleet.originWallMs),
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const scheduler = watch(child);
  await scheduler.waitFor(/ready/, 30_000);
  fleet.schedulers.push(scheduler);
  return scheduler;
}

export async function addWorker(fleet: Fleet, name: string, location = 'default'): Promise<KeptProcess> {
  const worker = spawnKept([
    'worker',
    '-c',
    fleet.catalogue,
    '--queue',
    fleet.url,
    '--data',
    join(fleet.dir, name),
    '--concurrency',
    '3',
    '--lock-ms',
    '2000',
    '--stalled-ms',
    '1000',
    '--location',
    location,
  ]);
  await worker.waitFor(new RegExp(`Kept worker \\d+ takes location ${location}`), 30_000);
  fleet.workers.push(worker);
  return worker;
}

export interface Counts {
  /** Distinct runs the schedulers planned (their logs' job keys). */
  planned: number;
  /** Attempts a worker finished: results it delivered (the results queue keeps each, its job id the run id). */
  run: number;
  stored: number;
  inconclusive: number;
  duplicated: number;
  lost: number;
}

/** Planned keys from every scheduler's log ("fleet: run planned"), by probe. */
export function plannedKeys(schedulers: readonly Child[]): Set<string> {
  const keys = new Set<string>();
  for (const s of schedulers)
    for (const match of s.output().matchAll(/"fleet: run planned".*?"job":"([^"]+)"/g)) keys.add(match[1] ?? '');
  return keys;
}

/** Waits until every planned run is stored (or the time is up), then counts. */
export async function settle(fleet: Fleet, planned: Set<string>, timeoutMs: number): Promise<Counts> {
  const ids = new Map([...planned].map((key) => [runIdOf(key), key]));
  const until = Date.now() + timeoutMs;
  let stored = await fleet.store.observations({ from: 0, to: 8.64e15, limit: 10_000 });
  while (Date.now() < until && [...ids.keys()].some((id) => !stored.some((o) => o.id === id))) {
    await systemClock.sleep(250);
    stored = await fleet.store.observations({ from: 0, to: 8.64e15, limit: 10_000 });
  }
  const storedIds = new Set(stored.map((o) => o.id));
  const { Queue } = await import('bullmq');
  const results = new Queue('results', { connection: { host: '127.0.0.1', port: fleet.redisPort }, prefix: 'kept' });
  const delivered = await results.getJobCounts('completed', 'failed', 'active', 'wait');
  await results.close();
  return {
    planned: planned.size,
    run: Object.values(delivered).reduce((a, b) => a + b, 0),
    stored: stored.length,
    inconclusive: stored.filter((o) => o.outcome === 'inconclusive').length,
    // Two observations for one planned run, or one that belongs to no planned run.
    duplicated: stored.length - storedIds.size + stored.filter((o) => !ids.has(o.id)).length,
    lost: [...ids.keys()].filter((id) => !storedIds.has(id)).length,
  };
}

export async function stopFleet(fleet: Fleet): Promise<void> {
  for (const s of fleet.schedulers) await s.kill('SIGTERM');
  for (const w of fleet.workers) await w.stop();
  await fleet.monitor.stop();
  await fleet.wiring.close();
  await fleet.store.close();
  await fleet.desk.stop();
  await fleet.redis.kill('SIGTERM');
  rmSync(fleet.dir, { recursive: true, force: true });
}

/** Starts a fleet for one test; an `afterEach` (registered here, once per file) stops it by PID. */
export function fleetPerTest(): (options?: FleetOptions) => Promise<Fleet> {
  let fleet: Fleet | undefined;
  afterEach(async () => {
    if (fleet !== undefined) await stopFleet(fleet);
    fleet = undefined;
  });
  return async (options?: FleetOptions) => (fleet = await startFleet(options));
}

export function printCounts(name: string, counts: Counts): void {
  console.log(`fleet ${name}: ${JSON.stringify(counts)}`);
}

/** Each probe's planned runs: every 5 simulated minutes on the five, from the first to the last, none missing. */
export function expectEveryFire(keys: Set<string>): void {
  for (const probe of PROBES) {
    const times = [...keys]
      .filter((k) => k.startsWith(`${probe}@`))
      .map((k) => Number(k.split('@')[1]))
      .sort((a, b) => a - b);
    expect(times.length, probe).toBeGreaterThan(3);
    for (const [i, t] of times.entries()) {
      expect(t % 300_000, `${probe} at ${new Date(t).toISOString()}`).toBe(0);
      if (i > 0) expect(t - (times[i - 1] ?? 0), probe).toBe(300_000);
    }
  }
}
