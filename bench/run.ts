/**
 * Kept's benchmarks at the scale the brief designs for: 1,000 claims and probes, 10 million observations over 90 days.
 *   npm run bench                      # full size (seeds once into bench/.cache, ~minutes; reused afterwards)
 *   npm run bench -- --observations 1000000 --claims 1000   # smaller
 * Prints a Markdown table; copy it into BENCHMARKS.md with the machine and date.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { evaluateClaims } from '../src/app/evaluate-claims.ts';
import { createVerdictBoard } from '../src/app/verdict-board.ts';
import type { Clock, Logger } from '../src/app/ports.ts';
import { createHttpApp, listen } from '../src/adapters/http/server.ts';
import { createKeptMetrics } from '../src/adapters/metrics/kept.metrics.ts';
import { openSqliteStore } from '../src/adapters/stores/sqlite/sqlite.store.ts';
import { BENCH_NOW, DAY_MS, HISTORY_MS, observationBatches, scaleCatalogue } from './scale-fixture.ts';
import { measureChatTiming } from './chat-timing.ts';

const { values } = parseArgs({
  options: {
    observations: { type: 'string', default: '10000000' },
    claims: { type: 'string', default: '1000' },
    'timing-runs': { type: 'string', default: '200' },
    reseed: { type: 'boolean', default: false },
  },
});
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
const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] as number;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

const catalogue = scaleCatalogue(claimCount);
const cacheDir = join(import.meta.dirname, '.cache');
mkdirSync(cacheDir, { recursive: true });
const dbPath = join(cacheDir, `kept-${claimCount}-${total}.db`);
if (values.reseed && existsSync(dbPath)) rmSync(dbPath);
const seeded = existsSync(dbPath);
const store = await openSqliteStore({ path: dbPath, rawRetentionMs: 35 * DAY_MS });

if (!seeded) {
  console.error(`seeding ${total.toLocaleString()} observations for ${claimCount} claims into ${dbPath} …`);
  const start = performance.now();
  let done = 0;
  for (const batch of observationBatches(catalogue, perProbe, 5_000)) {
    await store.recordMany(batch);
    done += batch.length;
    if (done % 500_000 < 5_000) console.error(`  ${done.toLocaleString()} (${Math.round(done / ((performance.now() - start) / 1000)).toLocaleString()}/s)`);
  }
  const seconds = (performance.now() - start) / 1000;
  row('Seed: record observations with judgements (batches of 5,000)', `${Math.round(total / seconds).toLocaleString()} obs/s`, '-');
  const before = store.sizeBytes();
  row('Store size, 90 days raw', `${(before / 1e9).toFixed(2)} GB (${Math.round(before / total)} B/observation)`, 'bounded');
  const [pruned, pruneMs] = await timed(() => store.prune(BENCH_NOW));
  row('Prune raw older than 35 days (rollups kept)', `${pruned.observations.toLocaleString()} removed in ${(pruneMs / 1000).toFixed(1)} s`, '-');
}
row('Store size after downsampling (35 d raw + 90 d hourly rollups)', `${(store.sizeBytes() / 1e9).toFixed(2)} GB`, 'bounded');

// Verdicts for every claim over 90 days from the hourly rollups.
const verdictTimes: number[] = [];
for (let i = 0; i < 5; i += 1) verdictTimes.push((await timed(() => evaluateClaims(store, catalogue.claims, BENCH_NOW, HISTORY_MS)))[1]);
row(`Verdicts: ${claimCount} claims over ${total.toLocaleString()} observations, 90 days`, `${ms(verdictTimes[0] as number)} cold, ${ms(median(verdictTimes.slice(1)))} warm`, '< 2,000 ms');

// The service at that size.
const registry = new Registry();
const metrics = createKeptMetrics(registry, catalogue, clock, 'bench');
const board = createVerdictBoard({ store, claims: catalogue.claims, clock, log: silent, windowMs: HISTORY_MS, minIntervalMs: 1_000, onRefresh: (v) => metrics.setVerdicts(v) });
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
await server.close();
await store.close();

// Timing error of the chat-API probe against the desk's own measured delays.
const timing = await measureChatTiming(Number(values['timing-runs']));
row(`Chat API timing error, ${timing.runs} probes (measured - desk's true delay)`, `p50 ${ms(timing.p50)}, p95 ${ms(timing.p95)}, max ${ms(timing.max)}`, 'floor 5 ms');

console.log(`\n${new Date().toISOString().slice(0, 10)} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version}\n`);
console.log('| benchmark | result | target |\n|---|---|---|');
for (const [what, result, target] of rows) console.log(`| ${what} | ${result} | ${target} |`);
console.log(`\nstore: ${dbPath} (${(statSync(dbPath).size / 1e9).toFixed(2)} GB main file)`);
