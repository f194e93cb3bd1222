/**
 * The embedded store's bulk write path: `recordMany` throughput and bytes per observation, evidence counted apart,
 * side by side with a bare driver loop writing the same rows in the same run.
 *   node --import tsx bench/store-write.bench.ts [observations=200000] [claims=1000] [batch=20000]
 * Observations come from bench/scale-fixture.ts (a chat attempt with a 3-line transcript, one judgement each), made in
 * this process between batches. Each batch is written twice, into two files of the same schema and settings:
 * - by Kept: `store.recordMany(batch)` (checks, duplicate and late-arrival skipping, encoding, probes and claims
 *   upserted, rows inserted, rollups updated, one transaction);
 * - by the baseline: a bare libsql loop over the same rows already encoded (untimed), one prepared INSERT per table
 *   reused for every row, one `BEGIN IMMEDIATE … COMMIT` per batch: what the driver and SQLite cost for these rows
 *   alone, without anything Kept adds.
 * The two alternate which goes first from batch to batch, so a busy machine slows both alike. Each is timed on the
 * wall clock and in CPU time (user + system) of this process: on a shared machine the wall clock includes waiting for
 * a core. Bytes are SQLite's own page counts per table and index of Kept's file (the `dbstat` table) after a
 * checkpoint; "evidence" is the pages of the `evidence` table, so "raw" is the file without evidence text.
 * Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import {
  encodeBody,
  encodeEvidence,
  encodeId,
  encodeName,
  KIND_CODES,
  OUTCOME_CODES,
} from '../src/adapters/stores/sqlite/sqlite.rows.ts';
import { configure, tune } from '../src/adapters/stores/sqlite/sqlite.schema.ts';
import { openSqliteStore, type RecordItem } from '../src/adapters/stores/sqlite/sqlite.store.ts';
import { HISTORY_MS, observationBatches, scaleCatalogue } from './scale-fixture.ts';

export interface StoreWriteResult {
  readonly observations: number;
  readonly batch: number;
  /** Kept's recordMany. */
  readonly obsPerSecond: number;
  readonly obsPerCpuSecond: number;
  /** The bare driver loop over the same rows, in the same run. */
  readonly baselineObsPerSecond: number;
  readonly baselineObsPerCpuSecond: number;
  readonly bytesPerObservation: number;
  readonly evidenceBytesPerObservation: number;
  readonly rawBytesPerObservation: number;
  /** The bare loop's file without evidence text: the same rows without rollups. */
  readonly baselineRawBytesPerObservation: number;
  readonly loadAverage: readonly [before: number, after: number];
  readonly byTable: Readonly<Record<string, number>>;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function timed(timing: Timing, work: () => Promise<void> | void): Promise<void> {
  const began = performance.now();
  const cpuBefore = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpuBefore);
  timing.cpuMs += (used.user + used.system) / 1000;
  timing.wallMs += performance.now() - began;
}

/** The bare loop's file: the same schema and connection settings as Kept's, probes and claims keyed 1…n in order. */
async function openBaseline(path: string, claims: number): Promise<Database.Database> {
  await (await openSqliteStore({ path, rawRetentionMs: HISTORY_MS * 2 })).close();
  const db = new Database(path);
  tune(db);
  configure(db, false);
  const ids = "printf('%04d', value), 0 FROM generate_series(0, ?)";
  db.prepare(`INSERT INTO probes (id, last_run_at) SELECT 'probe-' || ${ids}`).run([claims - 1]);
  db.prepare(`INSERT INTO claims (id, monitoring_since) SELECT 'claim-' || ${ids}`).run([claims - 1]);
  return db;
}

/** A file's pages after a checkpoint: in all, the `evidence` table's, and per table and index. */
function pages(path: string): { file: number; evidence: number; tables: [string, number][] } {
  const db = new Database(path);
  try {
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const tables = db.prepare('SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC').raw().all([]) as [
      string,
      number,
    ][];
    const evidence = tables.find(([name]) => name === 'evidence')?.[1] ?? 0;
    const file = (
      db.prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').raw().get([]) as [number]
    )[0];
    return { file, evidence, tables };
  } finally {
    db.close();
  }
}

/** A batch's rows as the bare loop inserts them, encoded with Kept's own encoders (not timed). */
function encodeRows(batch: readonly RecordItem[], firstSeq: number): unknown[][][] {
  let seq = firstSeq;
  return batch.map(({ observation: o, judgements }) => {
    seq += 1;
    const key = Number(o.probeId.slice('probe-'.length)) + 1;
    const body = encodeBody(o);
    const rows: unknown[][] = [
      [
        seq,
        encodeId(o.id),
        key,
        encodeName(KIND_CODES, o.kind),
        o.startedAt,
        encodeName(OUTCOME_CODES, o.outcome),
        body,
      ],
      [seq, encodeEvidence(o.evidence)],
    ];
    for (const j of judgements)
      rows.push([key, j.at, seq, j.hourOfWeek, Number(j.inForce), Number(j.counted), Number(j.met)]);
    return rows;
  });
}

export async function measureStoreWrite(
  total = 200_000,
  claims = 1_000,
  batchSize = 20_000,
): Promise<StoreWriteResult> {
  const loadBefore = loadavg()[0] as number;
  const dir = mkdtempSync(join(tmpdir(), 'kept-store-write-'));
  const path = join(dir, 'kept.db');
  try {
    const store = await openSqliteStore({ path, rawRetentionMs: HISTORY_MS * 2 });
    const bare = await openBaseline(join(dir, 'baseline.db'), claims);
    const insert = [
      bare.prepare(
        'INSERT INTO observations (seq, id, probe_key, kind, started_at, outcome, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      bare.prepare('INSERT INTO evidence (seq, data) VALUES (?, ?)'),
      bare.prepare(
        'INSERT INTO judgements (claim_key, at, obs_seq, hour_of_week, in_force, counted, met) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
    ] as const;
    const kept: Timing = { wallMs: 0, cpuMs: 0 };
    const baseline: Timing = { wallMs: 0, cpuMs: 0 };
    let done = 0;
    let round = 0;
    for (const batch of observationBatches(scaleCatalogue(claims), Math.ceil(total / claims), batchSize)) {
      const rows = encodeRows(batch, done);
      const keptWrite = (): Promise<void> => store.recordMany(batch);
      const bareWrite = (): void => {
        bare.exec('BEGIN IMMEDIATE');
        for (const [observation, evidence, ...judgements] of rows) {
          insert[0].run(observation);
          if ((evidence as unknown[])[1] !== null) insert[1].run(evidence);
          for (const judgement of judgements) insert[2].run(judgement);
        }
        bare.exec('COMMIT');
      };
      if (round % 2 === 0) {
        await timed(kept, keptWrite);
        await timed(baseline, bareWrite);
      } else {
        await timed(baseline, bareWrite);
        await timed(kept, keptWrite);
      }
      round += 1;
      done += batch.length;
    }
    bare.close();
    await store.close();
    const keptFile = pages(path);
    const bareFile = pages(join(dir, 'baseline.db'));
    const perObs = (bytes: number): number => Math.round(bytes / done);
    const rate = (ms: number): number => Math.round(done / (ms / 1000));
    return {
      observations: done,
      batch: batchSize,
      obsPerSecond: rate(kept.wallMs),
      obsPerCpuSecond: rate(kept.cpuMs),
      baselineObsPerSecond: rate(baseline.wallMs),
      baselineObsPerCpuSecond: rate(baseline.cpuMs),
      bytesPerObservation: perObs(keptFile.file),
      evidenceBytesPerObservation: perObs(keptFile.evidence),
      rawBytesPerObservation: perObs(keptFile.file - keptFile.evidence),
      baselineRawBytesPerObservation: perObs(bareFile.file - bareFile.evidence),
      loadAverage: [+loadBefore.toFixed(1), +(loadavg()[0] as number).toFixed(1)],
      byTable: Object.fromEntries(keptFile.tables.map(([name, bytes]) => [name, perObs(bytes)])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [total = 200_000, claims = 1_000, batchSize = 20_000] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(await measureStoreWrite(total, claims, batchSize)));
}
