/**
 * Kept's benchmarks: first issue 14's targets, each with its baseline from the same run (bench/targets.ts: CLI
 * start-up against `node -e 0`, the API under 50 clients against 1, bulk store writes against a bare driver loop,
 * the outbox replay against writing straight to InfluxDB, CPU per probe against blackbox_exporter); then the store at
 * scale: 1,000 claims and probes, 1 million observations over 90 days by default (10 million is the brief's size).
 *   npm run bench                                  # all of it, about 17-20 minutes on this 2-core box
 *   npm run bench -- --targets-only                # only issue 14's table
 *   npm run bench -- --observations 10000000       # the scale part at the brief's size (seeds once into bench/.cache)
 *   node --import tsx bench/cli-startup.ts         # only the CLI start-up rows
 *   npm run bench -- fleet                         # only issue 13's fleet table (bench/fleet.bench.ts, ~2 minutes)
 * Prints Markdown tables; copy them into BENCHMARKS.md with the machine, load and date.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import Database from 'libsql';
import { evaluateClaims } from '../src/app/evaluate-claims.ts';
import { createVerdictBoard } from '../src/app/verdict-board.ts';
import type { Clock, Logger } from '../src/app/ports.ts';
import { createHttpApp, listen } from '../src/adapters/http/server.ts';
import { createKeptMetrics } from '../src/adapters/metrics/kept.metrics.ts';
import { KeptRegistry } from '../src/adapters/metrics/kept.registry.ts';
import { openSqliteStore } from '../src/adapters/stores/sqlite/sqlite.store.ts';
import { SCHEMA_VERSION } from '../src/adapters/stores/sqlite/sqlite.schema.ts';
import { BENCH_NOW, DAY_MS, HISTORY_MS, observationBatches, scaleCatalogue } from './scale-fixture.ts';
import { seedBatches } from './seed-process.ts';
import { measureChatTiming } from './chat-timing.ts';
import { measureTargets } from './targets.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    observations: { type: 'string', default: '1000000' },
    'store-observations': { type: 'string', default: '200000' },
    'api-seconds': { type: 'string', default: '5' },
    'blackbox-probes': { type: 'string', default: '150' },
    'outbox-probes': { type: 'string', default: '100' },
    'targets-only': { type: 'boolean', default: false },
    claims: { type: 'string', default: '1000' },
    'timing-runs': { type: 'string', default: '200' },
    reseed: { type: 'boolean', default: false },
  },
});
/** Issue 13's fleet table (embedded vs 1, 2, 4 `kept worker` on a real redis-server), in a process of its own. */
const fleetTable = (): string => {
  try {
    return execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fleet.bench.ts')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 10 * 60_000,
    });
  } catch (error) {
    return `\nfleet bench could not run: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}\n`;
  }
};
if (positionals.includes('fleet')) {
  process.stdout.write(fleetTable(), () => process.exit(0));
  await new Promise(() => {}); // until stdout has taken the table (a pipe is written asynchronously)
}
const claimCount = Number(values.claims);
const perProbe = Math.ceil(Number(values.observations) / claimCount);
const total = perProbe * claimCount;
const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const clock: Clock = { now: () => BENCH_NOW, monotonic: () => performance.now(), sleep: async () => {} };
const rows: [string, string, string][] = [];
const row = (what: string, result: string, target: string): void => {
  rows.push([what, result, target]);
  console.error(`${what}: ${result} (target ${target})`);
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const percentile = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] as number;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

const runStart = performance.now();
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const loadAtStart = load();
const machine = `${new Date().toISOString().slice(0, 16)}Z · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version}`;
// Issue 14's targets first (the CLI's start-up before this process opens a large store), each with its baseline.
const targets = await measureTargets({
  storeObservations: Number(values['store-observations']),
  apiSeconds: Number(values['api-seconds']),
  blackboxProbes: Number(values['blackbox-probes']),
  outboxProbes: Number(values['outbox-probes']),
  log: (line) => console.error(line),
});
const fleet = values['targets-only'] ? '' : fleetTable();
function printTargets(): void {
  console.log(`\n${machine}\nload average (1, 5, 15 min) at start: ${loadAtStart}; at end: ${load()}`);
  console.log(`whole run: ${((performance.now() - runStart) / 60_000).toFixed(1)} min\n`);
  console.log('| target (issue 14) | measured | baseline, same run | met |\n|---|---|---|---|');
  for (const t of targets) console.log(`| ${t.target} | ${t.measured} | ${t.baseline} | ${t.met} |`);
  if (fleet !== '') console.log(`\nIssue 13, the fleet (bench/fleet.bench.ts):${fleet}`);
}
if (values['targets-only']) {
  printTargets();
  // Exit only once stdout has taken everything: a pipe is written asynchronously.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(0);
}

const catalogue = scaleCatalogue(claimCount);
const cacheDir = join(import.meta.dirname, '.cache');
mkdirSync(cacheDir, { recursive: true });
// The schema version in the name: a seed from an older schema is made again rather than migrated (minutes at 10M).
const dbPath = join(cacheDir, `kept-${claimCount}-${total}-v${SCHEMA_VERSION}.db`);
const SEED_BATCH = 20_000;
const seedPath = `${dbPath}.seed.json`;
if (values.reseed)
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, seedPath]) rmSync(file, { force: true });
const seeded = existsSync(dbPath) && existsSync(seedPath);
if (!seeded) for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(file, { force: true }); // a seed cut short
const store = await openSqliteStore({ path: dbPath, rawRetentionMs: 35 * DAY_MS });

if (!seeded) {
  console.error(`seeding ${total.toLocaleString()} observations for ${claimCount} claims into ${dbPath} …`);
  const start = performance.now();
  let done = 0;
  let writing = 0;
  let cpu = 0;
  for await (const batch of seedBatches({ claims: claimCount, perProbe, batchSize: SEED_BATCH })) {
    const began = performance.now();
    const cpuBefore = process.cpuUsage();
    await store.recordMany(batch);
    writing += performance.now() - began;
    const used = process.cpuUsage(cpuBefore);
    cpu += (used.user + used.system) / 1000;
    done += batch.length;
    if (done % 500_000 < SEED_BATCH)
      console.error(
        `  ${done.toLocaleString()} (${Math.round(done / ((performance.now() - start) / 1000)).toLocaleString()}/s)`,
      );
  }
  const seconds = (performance.now() - start) / 1000;
  const seedRows: [string, string, string][] = [];
  // Wall clock and this process's CPU time in recordMany: on a shared machine the wall clock includes waiting for a core.
  seedRows.push([
    `Seed: record observations with judgements (recordMany, batches of ${SEED_BATCH.toLocaleString()})`,
    `${Math.round(total / (writing / 1000)).toLocaleString()} obs/s in recordMany (${Math.round(total / (cpu / 1000)).toLocaleString()} per CPU-second); ${(seconds / 60).toFixed(1)} min in all`,
    '≥ 50,000 obs/s',
  ]);
  // Evidence (transcripts, details) is stored in its own table and counted apart (its pages): its size is the probes' to
  // bound. The log is checkpointed first, so the size is the database's pages, not pages waiting in the log as well.
  const probe = new Database(dbPath);
  probe.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const before = store.sizeBytes();
  const evidence = (
    probe.prepare("SELECT coalesce(sum(pgsize), 0) FROM dbstat('main', 1) WHERE name = 'evidence'").raw().get([]) as [
      number,
    ]
  )[0];
  probe.close();
  seedRows.push([
    'Store size, 90 days raw',
    `${(before / 1e9).toFixed(2)} GB (${Math.round(before / total)} B/observation: ${Math.round((before - evidence) / total)} B without evidence text + ${Math.round(evidence / total)} B evidence)`,
    '≤ 200 B/observation without evidence',
  ]);
  const [pruned, pruneMs] = await timed(() => store.prune(BENCH_NOW));
  seedRows.push([
    'Prune raw older than 35 days (rollups kept)',
    `${pruned.observations.toLocaleString()} removed in ${(pruneMs / 1000).toFixed(1)} s`,
    '-',
  ]);
  writeFileSync(seedPath, JSON.stringify({ at: new Date().toISOString(), rows: seedRows }));
}
const seedLog = JSON.parse(readFileSync(seedPath, 'utf8')) as { at: string; rows: [string, string, string][] };
for (const [what, result, target] of seedLog.rows)
  row(what, seeded ? `${result} (seeded ${seedLog.at.slice(0, 16)})` : result, target);
{
  // What the file holds after the prune: pages in use, free pages that new rows reuse, and the rollups' share.
  const stats = new Database(dbPath, { readonly: true });
  const one = (sql: string): number => (stats.prepare(sql).raw().get([]) as [number])[0];
  const free = one('SELECT freelist_count * page_size FROM pragma_freelist_count(), pragma_page_size()');
  const [days, text] = stats.prepare('SELECT count(*), sum(length(hours)) FROM daily').raw().get([]) as [
    number,
    number,
  ];
  const raw = one('SELECT count(*) FROM observations');
  stats.close();
  const size = store.sizeBytes();
  row(
    'Store after downsampling (35 d raw + 90 d rollups)',
    `${(size / 1e9).toFixed(2)} GB file: ${((size - free) / 1e9).toFixed(2)} GB in use for ${raw.toLocaleString()} raw observations, ${(free / 1e9).toFixed(2)} GB free pages reused by new rows`,
    'bounded',
  );
  row(
    'Rollups kept for good (90 days)',
    `${days.toLocaleString()} claim-days, ${(text / 1e6).toFixed(1)} MB of packed hours (${Math.round(text / days)} B a claim-day)`,
    'bounded',
  );
}

// Verdicts for every claim over 90 days from the hourly rollups.
const verdictTimes: number[] = [];
for (let i = 0; i < 5; i += 1)
  verdictTimes.push((await timed(() => evaluateClaims(store, catalogue.claims, BENCH_NOW, HISTORY_MS)))[1]);
row(
  `Verdicts: ${claimCount} claims over ${total.toLocaleString()} observations, 90 days`,
  `${ms(verdictTimes[0] as number)} cold, ${ms(median(verdictTimes.slice(1)))} warm`,
  '< 2,000 ms',
);

const ids = catalogue.claims.map((c) => c.id);
const slotTimes: number[] = [];
for (let i = 0; i < 5; i += 1)
  slotTimes.push((await timed(() => store.slotTallies(ids, BENCH_NOW - HISTORY_MS, BENCH_NOW)))[1]);
row(
  `  of which slotTallies(): ${claimCount} claims' sums by hour of week, 90 days`,
  `${ms(slotTimes[0] as number)} cold, ${ms(median(slotTimes.slice(1)))} warm`,
  '-',
);
const [hourly, hourlyMs] = await timed(() => store.tallies(ids, BENCH_NOW - HISTORY_MS, BENCH_NOW));
const hours = [...hourly.values()].reduce((n, list) => n + list.length, 0);
row(`tallies(): the same window as ${hours.toLocaleString()} hourly tallies (sign-off's path)`, ms(hourlyMs), '-');

// The service at that size.
const registry = new KeptRegistry();
const metrics = createKeptMetrics(registry, catalogue, clock, 'bench');
const board = createVerdictBoard({
  store,
  claims: catalogue.claims,
  clock,
  log: silent,
  windowMs: HISTORY_MS,
  minIntervalMs: 1_000,
  onRefresh: (v) => metrics.setVerdicts(v),
});
await board.refresh();
const app = createHttpApp({ catalogue, store, board, clock, registry, log: silent, notReady: async () => [] });
const server = await listen(app, '127.0.0.1', 0);
async function latency(path: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const start = performance.now();
    const response = await fetch(`${server.url}${path}`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    times.push(performance.now() - start);
  }
  return times;
}
for (const [label, path, n, target] of [
  ['API: GET /api/claims (all claims with verdicts)', '/api/claims', 30, '< 100 ms'],
  ['API: GET /api/claims/:id (verdict, 168 hours, evidence)', '/api/claims/claim-0001', 30, '< 100 ms'],
  ['API: GET /api/claims/:id/observations?limit=100', '/api/claims/claim-0002/observations?limit=100', 30, '< 100 ms'],
  ['API: GET /api/claims?since=30d (recomputed, not cached)', '/api/claims?since=30d', 5, '< 2,000 ms'],
  ['GET /metrics', '/metrics', 30, '< 50 ms'],
] as const) {
  const times = await latency(path, n);
  row(label, `p50 ${ms(median(times))}, p95 ${ms(percentile(times, 0.95))}`, target);
}
// Scrapes between which observations arrive, as in service: the counters they touch are rendered again each time.
const arriving = observationBatches(catalogue, 1, 30)[Symbol.iterator]().next().value ?? [];
const live: number[] = [];
for (const { observation, judgements } of arriving) {
  metrics.observe(observation, judgements);
  live.push(...(await latency('/metrics', 1)));
}
row(
  'GET /metrics, an observation recorded before each scrape',
  `p50 ${ms(median(live))}, p95 ${ms(percentile(live, 0.95))}`,
  '< 50 ms',
);
await server.close();
await store.close();

// Timing error of the chat-API probe against the desk's own measured delays.
const timing = await measureChatTiming(Number(values['timing-runs']));
row(
  `Chat API timing error, ${timing.runs} probes (measured - desk's true delay)`,
  `p50 ${ms(timing.p50)}, p95 ${ms(timing.p95)}, max ${ms(timing.max)}`,
  'floor 5 ms',
);

printTargets();
console.log(
  `\nThe store at scale: ${claimCount.toLocaleString()} claims, ${total.toLocaleString()} observations over 90 days\n`,
);
console.log('| benchmark | result | target |\n|---|---|---|');
for (const [what, result, target] of rows) console.log(`| ${what} | ${result} | ${target} |`);
console.log(`\nstore: ${dbPath} (${(statSync(dbPath).size / 1e9).toFixed(2)} GB main file)`);
