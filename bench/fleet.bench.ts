/**
 * Issue 13's benchmark: chat-API probes completed per second, their timing error and the queue's round trip, with the
 * embedded default (`kept run`'s probe worker process over its IPC channel, no Redis) and the fleet (1, 2 and 4
 * `kept worker` processes on BullMQ, results through the results queue to the service) in ONE run, on the same batch.
 *   node --import tsx bench/fleet.bench.ts [--attempts 400] [--in-flight 64] [--delay-ms 200] [--workers 1,2,4]
 *     [--worker-data /dev/shm]   (the workers' outboxes on tmpfs: what the disk's fsync costs)
 *   npm run bench -- fleet
 *
 * What runs: a real redis-server (loopback, free port, temp dir, AOF with `appendfsync everysec`, stopped by PID); a
 * chat peer in its own process (bench/fixed-delay-peer.ts) that answers every message as an agent after a fixed delay
 * and prints the delay it truly kept (message in → reply out), so timing error = Kept's humanMs − that true delay;
 * the service side in this process (the fleet's results worker, `startQueueResults`, recording into the bench's
 * tally; the embedded side is `openMonitorWorkers`, what `kept run` starts). Each configuration runs, in this order
 * (embedded first and last, to see the load drift): a warm-up, 20 attempts one at a time (the round trip on an idle
 * fleet), then the batch: `--attempts` attempts with `--in-flight` of them outstanding at any time (closed loop: a new
 * one is sent when a result is back), the same for every configuration; k workers get `--in-flight / k` concurrency
 * each, so every configuration has the same slots and the ideal is in-flight / delay probes a second.
 * Every attempt-making process runs at niceness −5: `kept run` gives its probe worker that itself (as root), and the
 * bench gives the same to the `kept worker` processes (systemd's `Nice=-5` would), so both get the CPU alike.
 * Round-trip overhead = (result back on the service − enqueued) − the attempt's own totalMs, split into forward
 * (enqueued → the attempt's startedAt) and return (the attempt's end → back on the service); the embedded figure is
 * the IPC channel's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, setPriority, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { systemClock } from '../src/adapters/clock/system.clock.ts';
import { createQueuePlanner, runIdOf } from '../src/adapters/queue/bullmq.planner.ts';
import { startQueueResults } from '../src/adapters/queue/bullmq.results.ts';
import {
  probeQueueName,
  QUEUE_PREFIX,
  RESULTS_QUEUE,
  redisConnection,
} from '../src/adapters/queue/redis-connection.ts';
import { DEFAULT_LOCATION } from '../src/app/fleet.ts';
import type { Logger } from '../src/app/ports.ts';
import { PROBE_PROTOCOL_VERSION } from '../src/app/worker.port.ts';
import type { ProbeSpec } from '../src/domain/catalogue.ts';
import type { Observation } from '../src/domain/observation.ts';
import { loadCatalogueOrThrow } from '../src/cli/catalogue-input.ts';
import { openChannels } from '../src/cli/channel-registry.ts';
import { openMonitorWorkers } from '../src/cli/probe-workers.ts';
import { runPool } from './probe-pool.mjs';

const { values } = parseArgs({
  options: {
    attempts: { type: 'string', default: '400' },
    'in-flight': { type: 'string', default: '64' },
    'delay-ms': { type: 'string', default: '200' },
    workers: { type: 'string', default: '1,2,4' },
    warmup: { type: 'string', default: '16' },
    'one-at-a-time': { type: 'string', default: '20' },
    /** Where the workers' data directories (their result outboxes) go; e.g. /dev/shm to take the disk's fsync out. */
    'worker-data': { type: 'string' },
  },
});
const ATTEMPTS = Number(values.attempts);
const IN_FLIGHT = Number(values['in-flight']);
const DELAY_MS = Number(values['delay-ms']);
const WORKER_COUNTS = String(values.workers).split(',').map(Number);
const WARMUP = Number(values.warmup);
const ONE_AT_A_TIME = Number(values['one-at-a-time']);
const NICENESS = -5;
const ROOT = join(import.meta.dirname, '..');
const PROBE_ID = 'bench-chat';

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const say = (line: string): void => void process.stderr.write(`${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const load = (): string => (loadavg()[0] ?? 0).toFixed(1);
const dir = mkdtempSync(join(tmpdir(), 'kept-fleet-bench-'));
const workerDataDir =
  values['worker-data'] === undefined ? dir : mkdtempSync(join(values['worker-data'], 'kept-fleet-bench-workers-'));
const children: ChildProcess[] = [];
const stopAll = (): void => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};
process.on('exit', stopAll);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Starts a process (recorded, so it is stopped by PID) and resolves once a line of its output matches. */
function start(
  command: string,
  args: readonly string[],
  pattern: RegExp,
  onLine: (line: string) => void = () => {},
): Promise<[ChildProcess, RegExpMatchArray]> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let tail = '';
  return new Promise((resolve, reject) => {
    let found = false;
    const read = (line: string): void => {
      tail = `${tail}\n${line}`.slice(-2_000);
      onLine(line);
      const match = found ? null : line.match(pattern);
      if (match !== null) {
        found = true;
        resolve([child, match]);
      }
    };
    createInterface({ input: child.stdout! }).on('line', read);
    createInterface({ input: child.stderr! }).on('line', read);
    child.once('exit', (code) => found || reject(new Error(`${command} ${args.join(' ')} exited ${code}:${tail}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const late = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(late);
}

/** CPU ms a process has used (user + system), from /proc. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100 on Linux)
}
const ownCpuMs = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

/** This process's children whose command line contains `needle` (the probe worker `kept run` forks). */
function childPids(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle))
        pids.push(Number(entry));
    } catch {
      // a process that ended while we looked
    }
  }
  return pids;
}

// The peer, and the delay it truly kept for each message (keyed by the message text, which holds the run id).
const truths = new Map<string, number>();
const [peer, peerMatch] = await start(
  process.execPath,
  ['--import', 'tsx', 'bench/fixed-delay-peer.ts', String(DELAY_MS)],
  /"url":"(ws:[^"]+)"/,
  (line) => {
    if (!line.includes('trueDelayMs')) return;
    const { text, trueDelayMs } = JSON.parse(line) as { text: string; trueDelayMs: number };
    truths.set(text, trueDelayMs);
  },
);
const peerUrl = peerMatch[1] ?? '';

const cataloguePath = join(dir, 'fleet-bench.yaml');
writeFileSync(
  cataloguePath,
  [
    'version: kept/v1',
    'service: { name: Fleet bench, timeZone: UTC }',
    'evaluation: { window: 7d, coveragePeriod: 7d, minSamples: 3 }',
    'claims:',
    '  - { id: chat-24-7, copy: "24/7 chat with a person within 2 minutes", publishedAt: https://bench.invalid,',
    '      owner: ops, channels: [chat], hours: 24/7, promise: { human: 2m }, target: 90% }',
    'probes:',
    `  - id: ${PROBE_ID}`,
    '    channel: chat-api',
    `    target: ${peerUrl}`,
    '    schedule: { cron: "0 3 1 1 *", jitter: 0s, timeout: 30s }',
    '    verifies: [chat-24-7]',
    '    options:',
    '      transport: websocket',
    '      message: "Bench run {runId}"',
    '      send: { type: message, text: "{message}" }',
    '      receive: { textPath: "$.text", senderPath: "$.from.role" }',
    '      human: [{ path: "$.from.role", equals: agent }]',
    '      waitForHuman: true',
    '',
  ].join('\n'),
);
const catalogue = await loadCatalogueOrThrow([cataloguePath], process.env, 'connect', () => undefined);
const probe = catalogue.probes[0] as ProbeSpec;

// Redis, and the service's side of the queue (results worker, stalled checker, failed-job sweep), for the fleet rows.
let redisVersion = '?';
const redisPort = await freePort();
const [redis] = await start(
  'redis-server',
  [
    ...['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', dir],
    ...['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--protected-mode', 'yes'],
  ],
  /Ready to accept connections/,
  (line) => (redisVersion = /version=([\d.]+)/.exec(line)?.[1] ?? redisVersion),
);
const redisUrl = `redis://127.0.0.1:${redisPort}`;
const connection = redisConnection(redisUrl);
const arrivals = new Map<string, (observation: Observation) => void>();
const service = startQueueResults({
  connection,
  locations: [DEFAULT_LOCATION],
  record: async (observation) => {
    const waiting = arrivals.get(observation.id);
    if (waiting === undefined) early.set(observation.id, [observation, Date.now()]);
    else waiting(observation);
  },
  stored: async () => false,
  realClock: systemClock,
  log: quiet,
});
const planner = createQueuePlanner(connection, quiet);

interface Sample {
  readonly observation: Observation;
  /** Epoch ms the attempt was handed to the queue (or the IPC channel). */
  readonly sentAt: number;
  /** Epoch ms its result was back on the service. */
  readonly backAt: number;
  /** The probe job's id (the planned run's key), for the fleet. */
  readonly key?: string;
}

/** One attempt through the configuration under test. */
type Run = (index: number) => Promise<Sample>;

/** `count` attempts with at most `inFlight` outstanding; a new one is sent as soon as a result is back. */
async function closedLoop(run: Run, count: number, inFlight: number): Promise<{ samples: Sample[]; ms: number }> {
  const began = performance.now();
  const samples = await runPool(count, { concurrency: inFlight }, run);
  return { samples, ms: performance.now() - began };
}

let lastPlanned = 0;
/** Results back on the service before their sender looked for them (kept until it does). */
const early = new Map<string, [Observation, number]>();
/** Sends one attempt to the fleet as the scheduler does (a planned run's job) and waits for its result. */
const fleetRun: Run = async () => {
  // The planned time is in the job's key: unique per attempt, and the moment it was sent (so lateness reads true).
  const plannedAt = Math.max(Date.now(), lastPlanned + 1);
  lastPlanned = plannedAt;
  const sentAt = Date.now();
  const key = await planner.plan({
    v: PROBE_PROTOCOL_VERSION,
    probeId: PROBE_ID,
    kind: probe.kind,
    clock: systemClock.describe(),
    location: DEFAULT_LOCATION,
    plannedAt,
  });
  const runId = runIdOf(key);
  const arrived = early.get(runId);
  if (arrived !== undefined) {
    early.delete(runId);
    return { observation: arrived[0], sentAt, backAt: arrived[1], key };
  }
  return new Promise<Sample>((resolve) => {
    arrivals.set(runId, (observation) => {
      arrivals.delete(runId);
      resolve({ observation, sentAt, backAt: Date.now(), key });
    });
  });
};

/** Where a fleet job's round trip went, from BullMQ's own timestamps (read after the batch, outside its timing). */
interface Legs {
  readonly queued: number[];
  readonly prepared: number[];
  readonly delivered: number[];
  readonly taken: number[];
}
async function legsOf(samples: readonly Sample[]): Promise<Legs> {
  const probes = new Queue(probeQueueName(DEFAULT_LOCATION), { connection, prefix: QUEUE_PREFIX });
  const results = new Queue(RESULTS_QUEUE, { connection, prefix: QUEUE_PREFIX });
  const legs: Legs = { queued: [], prepared: [], delivered: [], taken: [] };
  for (const { observation, sentAt, key } of samples) {
    const job = key === undefined ? undefined : await probes.getJob(key);
    const result = await results.getJob(observation.id);
    if (job?.processedOn === undefined || result?.processedOn === undefined) continue;
    legs.queued.push(job.processedOn - sentAt);
    legs.prepared.push(observation.startedAt - job.processedOn);
    legs.delivered.push(result.timestamp - (observation.startedAt + observation.timings.totalMs));
    legs.taken.push(result.processedOn - result.timestamp);
  }
  await Promise.all([probes.close(), results.close()]);
  return legs;
}

interface Row {
  readonly label: string;
  readonly processes: number;
  readonly count: number;
  readonly perSecond: number;
  readonly errors: number[];
  readonly answered: number;
  readonly inconclusive: number;
  readonly reasons: string[];
  readonly cpuAttemptMs: number;
  readonly cpuServiceMs: number;
  readonly cpuRedisMs: number;
  readonly idle: Sample[];
  readonly batch: Sample[];
  readonly loadAtStart: string;
  readonly loadAtEnd: string;
  legs?: Legs;
}
const rows: Row[] = [];

/** Warm-up, one at a time, then the batch through `run`; CPU of the attempt processes over the batch. */
async function measure(label: string, run: Run, attemptPids: readonly number[]): Promise<void> {
  const loadAtStart = load();
  say(
    `${label}: warm-up, ${ONE_AT_A_TIME} one at a time, then ${ATTEMPTS} with ${IN_FLIGHT} in flight (load ${loadAtStart})`,
  );
  await closedLoop(run, WARMUP, IN_FLIGHT);
  const idle = (await closedLoop(run, ONE_AT_A_TIME, 1)).samples;
  const before = { attempt: attemptPids.map(cpuMs), own: ownCpuMs(), redis: cpuMs(redis.pid ?? 0) };
  const { samples, ms } = await closedLoop(run, ATTEMPTS, IN_FLIGHT);
  const attemptCpu = attemptPids.reduce((sum, pid, i) => sum + cpuMs(pid) - (before.attempt[i] ?? 0), 0);
  const serviceCpu = ownCpuMs() - before.own;
  const redisCpu = cpuMs(redis.pid ?? 0) - before.redis;
  await sleep(300); // the peer's last lines
  const errors = samples.flatMap(({ observation }) => {
    const truth = truths.get(`Bench run ${observation.id}`);
    const human = observation.timings.humanMs;
    return truth === undefined || human === undefined ? [] : [human - truth];
  });
  const inconclusive = samples.filter((s) => s.observation.outcome === 'inconclusive');
  rows.push({
    label,
    processes: attemptPids.length,
    count: samples.length,
    perSecond: samples.length / (ms / 1000),
    errors,
    answered: samples.filter((s) => s.observation.outcome === 'answered').length,
    inconclusive: inconclusive.length,
    reasons: [...new Set(inconclusive.map((s) => s.observation.reason ?? '?'))],
    cpuAttemptMs: attemptCpu,
    cpuServiceMs: serviceCpu,
    cpuRedisMs: redisCpu,
    idle,
    batch: samples,
    loadAtStart,
    loadAtEnd: load(),
  });
  say(`  ${(samples.length / (ms / 1000)).toFixed(1)} probes/s, ${inconclusive.length} inconclusive (load ${load()})`);
}

/** The embedded default: `kept run`'s probe worker process (forked, IPC), attempts sent as its probe runner does. */
async function embedded(label: string): Promise<void> {
  const data = join(dir, `embedded-${rows.length}`);
  mkdirSync(data, { recursive: true });
  const settings = { dataDir: data, evidenceDir: join(data, 'evidence') };
  const channels = await openChannels({ log: quiet, clock: systemClock, ...settings }, catalogue.probes);
  const workers = openMonitorWorkers({
    options: { count: 1, catalogue: [cataloguePath] },
    catalogue,
    channels,
    clock: systemClock,
    log: quiet,
    settings,
  });
  if (workers === undefined) throw new Error('no probe worker for a chat-API catalogue');
  await workers.start();
  let index = 0;
  const run: Run = async () => {
    const runId = `embedded-${rows.length}-${index++}`;
    const sentAt = Date.now();
    const observation = await workers.attempts.attempt(probe, runId, { plannedAt: sentAt });
    return { observation, sentAt, backAt: Date.now() };
  };
  await measure(label, run, childPids('probe-worker'));
  await workers.stop();
  await channels.closeAll();
}

/** `count` real `kept worker` processes on the queue, `--in-flight / count` concurrency each. */
async function fleet(count: number): Promise<void> {
  const concurrency = Math.max(1, Math.round(IN_FLIGHT / count));
  const started = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      start(
        process.execPath,
        [
          ...['--import', 'tsx', 'src/main.ts', 'worker', '-c', cataloguePath, '--queue', redisUrl],
          ...[
            '--data',
            join(workerDataDir, `worker-${count}-${i}`),
            '--concurrency',
            String(concurrency),
            '--log-level',
            'warn',
          ],
        ],
        /Kept worker \d+ takes location/,
      ),
    ),
  );
  const workers = started.map(([child]) => child);
  for (const worker of workers) setPriority(worker.pid ?? 0, NICENESS);
  const label = `fleet, ${count} kept worker${count === 1 ? '' : 's'} × ${concurrency}`;
  await measure(
    label,
    fleetRun,
    workers.map((w) => w.pid ?? 0),
  );
  const row = rows[rows.length - 1] as Row;
  row.legs = await legsOf(row.batch);
  await Promise.all(workers.map(stop));
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const loadsAtStart = loadavg().map((x) => x.toFixed(1));
const began = new Date();
try {
  await embedded('embedded (kept run: 1 probe worker, IPC)');
  for (const count of WORKER_COUNTS) await fleet(count);
  await embedded('embedded again, last (load drift)');
} finally {
  await service.close();
  await planner.close();
  await stop(peer);
  await stop(redis);
  stopAll();
  rmSync(dir, { recursive: true, force: true });
  rmSync(workerDataDir, { recursive: true, force: true });
}

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
const pct = (xs: readonly number[], p: number): number =>
  sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;
const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '-');
const signed = (x: number): string => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(1)}` : '-');
const spread = (xs: readonly number[]): string =>
  `${signed(pct(xs, 0.5))} / ${signed(pct(xs, 0.95))} / ${signed(Math.max(...xs))} ms`;
const overhead = (s: Sample): number => s.backAt - s.sentAt - s.observation.timings.totalMs;
const forward = (s: Sample): number => s.observation.startedAt - s.sentAt;
const back = (s: Sample): number => s.backAt - (s.observation.startedAt + s.observation.timings.totalMs);
const p50p95 = (xs: readonly number[]): string => `${f1(pct(xs, 0.5))} / ${f1(pct(xs, 0.95))} ms`;

console.log(
  `\n${began.toISOString().slice(0, 16)}-${new Date().toISOString().slice(11, 16)} UTC · ${machine} · load average (1, 5, 15 min) ${loadsAtStart.join(' ')} at start, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} at end`,
);
console.log(
  `${ATTEMPTS} chat-API attempts a configuration, ${IN_FLIGHT} in flight (closed loop); the peer answers after ${DELAY_MS} ms, so the ideal is ${f1((IN_FLIGHT * 1000) / DELAY_MS)} probes/s; Redis ${redisVersion} (AOF everysec); workers' data in ${values['worker-data'] ?? tmpdir()}\n`,
);
console.log(
  '| configuration | probes/s | timing error (humanMs − true) p50 / p95 / max | answered / inconclusive | CPU per probe: attempt processes / + service / + Redis | round trip − attempt, one at a time, p50 / p95 | round trip − attempt, in the batch, p50 / p95 (forward; return p50) | load (1 min) |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const cpu = (ms: number): string => f1(ms / r.count);
  console.log(
    `| ${r.label} | ${f1(r.perSecond)} | ${spread(r.errors)}${r.errors.length < r.count ? ` (${r.errors.length} of ${r.count} read)` : ''} | ${r.answered} / ${r.inconclusive} | ${cpu(r.cpuAttemptMs)} / ${cpu(r.cpuAttemptMs + r.cpuServiceMs)} / ${cpu(r.cpuAttemptMs + r.cpuServiceMs + r.cpuRedisMs)} ms | ${p50p95(r.idle.map(overhead))} | ${p50p95(r.batch.map(overhead))} (${f1(pct(r.batch.map(forward), 0.5))}; ${f1(pct(r.batch.map(back), 0.5))}) | ${r.loadAtStart} → ${r.loadAtEnd} |`,
  );
}
console.log(
  "\nWhere the fleet's round trip goes, in the batch (BullMQ's timestamps; p50 / p95): sent → a worker took the job | took → attempt started | attempt ended → result in Redis (outbox, fsync, delivery) | result in Redis → the service took it\n",
);
console.log(
  '| configuration | in the queue | worker prepares | worker delivers | service takes |\n|---|---|---|---|---|',
);
for (const r of rows.filter((x) => x.legs !== undefined)) {
  const legs = r.legs as Legs;
  console.log(
    `| ${r.label} | ${p50p95(legs.queued)} | ${p50p95(legs.prepared)} | ${p50p95(legs.delivered)} | ${p50p95(legs.taken)} |`,
  );
}
for (const r of rows.filter((x) => x.reasons.length > 0))
  console.log(`\n${r.label}: inconclusive because: ${r.reasons.slice(0, 3).join(' | ').slice(0, 400)}`);

await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
process.exit(0);
