/**
 * The embedded store's bulk write path: `recordMany` throughput and bytes per observation, evidence counted apart.
 *   node --import tsx bench/store-write.bench.ts [observations=200000] [claims=1000] [batch=20000]
 * Observations come from bench/scale-fixture.ts (a chat attempt with a 3-line transcript, one judgement each), made in
 * this process between batches; only `recordMany` is timed, on the wall clock and in CPU time (user + system) of this
 * process: on a shared machine the wall clock includes waiting for a core. Bytes are SQLite's own page counts per table and index
 * (the `dbstat` table), after a checkpoint; "evidence" is the pages of the `evidence` table (or, for a schema that
 * kept evidence inside the JSON body, the evidence's JSON length there), so "raw" is the file without evidence text.
 * Prints one JSON line, so two checkouts can be measured side by side in one run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { openSqliteStore } from '../src/adapters/stores/sqlite/sqlite.store.ts';
import { HISTORY_MS, observationBatches, scaleCatalogue } from './scale-fixture.ts';

const [total = 200_000, claims = 1_000, batchSize = 20_000] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'kept-store-write-'));
const path = join(dir, 'kept.db');
const store = await openSqliteStore({ path, rawRetentionMs: HISTORY_MS * 2 });
let writing = 0;
let cpu = 0;
let done = 0;
for (const batch of observationBatches(scaleCatalogue(claims), Math.ceil(total / claims), batchSize)) {
  const began = performance.now();
  const cpuBefore = process.cpuUsage();
  await store.recordMany(batch);
  const used = process.cpuUsage(cpuBefore);
  cpu += (used.user + used.system) / 1000;
  writing += performance.now() - began;
  done += batch.length;
}
await store.close();
const db = new Database(path);
db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
const tables = db.prepare('SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC').raw().all([]) as [
  string,
  number,
][];
// Version 3 keeps evidence in its own table: its pages. Before, it was inside the JSON body: its length there.
const evidence = tables.some(([name]) => name === 'evidence')
  ? (tables.find(([name]) => name === 'evidence') as [string, number])[1]
  : (db.prepare("SELECT sum(length(body -> '$.evidence')) FROM observations").raw().get([]) as [number])[0];
const file = (
  db.prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').raw().get([]) as [number]
)[0];
db.close();
rmSync(dir, { recursive: true, force: true });
const perObs = (bytes: number): number => Math.round(bytes / done);
console.log(
  JSON.stringify({
    observations: done,
    batch: batchSize,
    obsPerSecond: Math.round(done / (writing / 1000)),
    obsPerCpuSecond: Math.round(done / (cpu / 1000)),
    bytesPerObservation: perObs(file),
    evidenceBytesPerObservation: perObs(evidence),
    rawBytesPerObservation: perObs(file - evidence),
    byTable: Object.fromEntries(tables.map(([name, bytes]) => [name, perObs(bytes)])),
  }),
);
