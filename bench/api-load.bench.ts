/**
 * The service under concurrent load, as a fleet of boards, Grafana panels and Prometheus servers puts it: autocannon
 * (its own process, so it does not share Kept's event loop) against the API, the board and /metrics at 1,000 claims
 * and 90 days of history, with 1 client and with 50, side by side in the same run.
 *   node --import tsx bench/api-load.bench.ts [--claims 1000] [--per-probe 360] [--seconds 10] [--connections 50]
 * The store is seeded once into bench/.cache (360 observations a probe: four a day for 90 days) and reused.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import type { Clock, Logger } from '../src/app/ports.ts';
import { createVerdictBoard } from '../src/app/verdict-board.ts';
import { createHttpApp, listen } from '../src/adapters/http/server.ts';
import { createKeptMetrics } from '../src/adapters/metrics/kept.metrics.ts';
import { KeptRegistry } from '../src/adapters/metrics/kept.registry.ts';
import { openSqliteStore } from '../src/adapters/stores/sqlite/sqlite.store.ts';
import { BENCH_NOW, HISTORY_MS, scaleCatalogue } from './scale-fixture.ts';
import { seedBatches } from './seed-process.ts';

const { values } = parseArgs({
  options: {
    claims: { type: 'string', default: '1000' },
    'per-probe': { type: 'string', default: '360' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
  },
});
const claimCount = Number(values.claims);
const perProbe = Number(values['per-probe']);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const clock: Clock = { now: () => BENCH_NOW, monotonic: () => performance.now(), sleep: async () => {} };
const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface LoadResult {
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly requests: { readonly total: number; readonly average: number };
  readonly throughput: { readonly average: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
}

/** One autocannon run in a child process; its JSON report. */
async function load(url: string, clients: number, headers: readonly string[]): Promise<LoadResult> {
  const args = [autocannon, '--json', '-c', String(clients), '-d', String(seconds), '-t', '10'];
  for (const header of headers) args.push('-H', header);
  const { stdout } = await promisify(execFile)(process.execPath, [...args, url], { maxBuffer: 64 * 2 ** 20 });
  return JSON.parse(stdout) as LoadResult;
}

const catalogue = scaleCatalogue(claimCount);
const cacheDir = join(import.meta.dirname, '.cache');
mkdirSync(cacheDir, { recursive: true });
const dbPath = join(cacheDir, `api-load-${claimCount}-${perProbe}.db`);
const seeded = existsSync(dbPath);
const store = await openSqliteStore({ path: dbPath, rawRetentionMs: HISTORY_MS });
if (!seeded) {
  console.error(`seeding ${(claimCount * perProbe).toLocaleString()} observations into ${dbPath} …`);
  try {
    for await (const batch of seedBatches({ claims: claimCount, perProbe, batchSize: 20_000 }))
      await store.recordMany(batch);
  } catch (error) {
    await store.close();
    rmSync(dbPath, { force: true });
    throw error;
  }
}

const registry = new KeptRegistry();
const metrics = createKeptMetrics(registry, catalogue, clock, 'bench');
const board = createVerdictBoard({
  store,
  claims: catalogue.claims,
  clock,
  log: silent,
  windowMs: HISTORY_MS,
  minIntervalMs: 1_000,
  onRefresh: (verdicts) => metrics.setVerdicts(verdicts),
});
await board.refresh();
const app = createHttpApp({ catalogue, store, board, clock, registry, log: silent, notReady: async () => [] });
const server = await listen(app, '127.0.0.1', 0);

const GZIP = ['Accept-Encoding: gzip, br'];
const targets = [
  ['GET /api/claims (1,000 claims, gzip/br)', '/api/claims', GZIP, 100],
  ['GET /api/claims?fields=id,status,compliance (gzip/br)', '/api/claims?fields=id,status,compliance', GZIP, 100],
  ['GET /api/claims/:id (168 hours, evidence)', '/api/claims/claim-0001', GZIP, 100],
  ['GET / (the board, HTML)', '/', GZIP, 100],
  ['GET /metrics (Prometheus asks for gzip)', '/metrics', ['Accept-Encoding: gzip'], 250],
] as const;

const rows: string[] = [];
for (const [label, path, headers, targetP99] of targets) {
  const single = await load(`${server.url}${path}`, 1, headers);
  const many = await load(`${server.url}${path}`, connections, headers);
  const failures = many.errors + many.timeouts + many.non2xx;
  const cell = (r: LoadResult): string =>
    `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${Math.round(r.requests.average)} req/s`;
  rows.push(`| ${label} | ${cell(single)} | ${cell(many)}; ${failures} errors | p99 ≤ ${targetP99} ms, no errors |`);
  console.error(rows.at(-1));
}
await server.close();
await store.close();

console.log(
  `\n${new Date().toISOString().slice(0, 10)} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version} · load average before: ${loadavg()[0]?.toFixed(2)}`,
);
console.log(
  `${claimCount.toLocaleString()} claims, ${(claimCount * perProbe).toLocaleString()} observations over 90 days; autocannon ${seconds} s a cell\n`,
);
console.log(`| endpoint | 1 client | ${connections} clients | target |\n|---|---|---|---|`);
for (const row of rows) console.log(row);
