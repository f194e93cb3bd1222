import { mkdir } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'libsql';
import type { CoverageGap, ObservationQuery, ObservationStore } from '../../../app/ports.ts';
import { fatalError } from '../../../domain/errors.ts';
import { hourStartOf, type HourTally, type SlotTally } from '../../../domain/evaluation/tally.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation } from '../../../domain/observation.ts';
import { dayStartOf, DayScanner, hourTallies, slotTallies } from './sqlite.days.ts';
import { configure, migrate, tune } from './sqlite.schema.ts';
import { observationsQuery, SQL } from './sqlite.queries.ts';
import {
  checkGap,
  checkLimit,
  decodeGap,
  decodeObservation,
  storeError,
  type GapRow,
  type ObservationRow,
} from './sqlite.rows.ts';
import { inTransaction } from './sqlite.transaction.ts';
import { writeBatch, type RecordItem, type Statements } from './sqlite.writer.ts';

export type { RecordItem } from './sqlite.writer.ts';

export interface SqliteStoreOptions {
  /** File path, or ':memory:' for tests only (no WAL, nothing survives). */
  readonly path: string;
  /** How long raw observations and judgements are kept; hourly rollups are kept for good. Default 35 days. */
  readonly rawRetentionMs?: number;
}

export const DEFAULT_RAW_RETENTION_MS = 35 * 86_400_000;
const PRUNE_SLICE_MS = 86_400_000;

/**
 * The embedded ObservationStore on SQLite (through `libsql`'s synchronous, better-sqlite3-compatible API).
 * Every write is one IMMEDIATE transaction that commits, with `synchronous = FULL`, before its promise resolves.
 * Build one with `openSqliteStore`; see docs/architecture/store.md.
 */
export class SqliteStore implements ObservationStore {
  readonly #db: Database.Database;
  readonly #path: string;
  readonly #retentionMs: number;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #runStatements = new Map<string, Database.Statement>();
  #open = true;

  constructor(db: Database.Database, options: SqliteStoreOptions) {
    this.#db = db;
    this.#path = options.path;
    this.#retentionMs = options.rawRetentionMs ?? DEFAULT_RAW_RETENTION_MS;
  }

  /** A prepared statement, cached by SQL (and mode): rows come back as arrays (raw mode) from `rows` and `first`. */
  #stmt(sql: string, raw: boolean): Database.Statement {
    if (!this.#open) throw fatalError('store.closed', 'sqlite store: used after close()');
    // Two maps rather than a prefixed key: a key built per call would be hashed again each time (kilobytes of SQL).
    const cache = raw ? this.#statements : this.#runStatements;
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      if (raw) statement.raw();
      cache.set(sql, statement);
    }
    return statement;
  }

  /** The statement calls the batch writer makes, bound to this store's prepared statements. */
  readonly #calls: Statements = {
    first: (sql, params) => this.#first(sql, params),
    rows: (sql, params) => this.#rows(sql, params),
    run: (sql, params) => this.#run(sql, params),
  };

  #rows<Row>(sql: string, params: readonly unknown[]): Row[] {
    return this.#stmt(sql, true).all(params) as Row[];
  }

  #first<Row>(sql: string, params: readonly unknown[]): Row | undefined {
    return this.#stmt(sql, true).get(params) as Row | undefined;
  }

  #run(sql: string, params: readonly unknown[]): number {
    return this.#stmt(sql, false).run(params).changes;
  }

  async record(observation: Observation, judgements: readonly Judgement[]): Promise<void> {
    await this.recordMany([{ observation, judgements }]);
  }

  /**
   * Records many observations in one transaction (one fsync): for replaying a buffer and bulk loads. Large batches
   * (thousands) are much faster per observation than small ones: the statement calls are per batch, not per row.
   */
  async recordMany(items: readonly RecordItem[]): Promise<void> {
    try {
      inTransaction(this.#db, () => writeBatch(this.#calls, items));
    } catch (error) {
      throw storeError('record', error);
    }
  }

  async observations(query: ObservationQuery): Promise<Observation[]> {
    const limit = checkLimit(query.limit);
    const { sql, params } = observationsQuery(query, limit);
    return this.#read('query observations', () => this.#rows<ObservationRow>(sql, params).map(decodeObservation));
  }

  async tallies(claimIds: readonly string[], from: number, to: number): Promise<Map<string, HourTally[]>> {
    return this.#days('read tallies', claimIds, from, to, hourTallies);
  }

  /** Summed by hour of week in one pass over each claim's folded days, without building hourly tallies. */
  async slotTallies(claimIds: readonly string[], from: number, to: number): Promise<Map<string, SlotTally[]>> {
    return this.#days('read slot tallies', claimIds, from, to, slotTallies);
  }

  /** Each claim's days overlapping the window as one string, decoded by `decode` for the hours in [from's hour, to). */
  #days<T>(
    action: string,
    claimIds: readonly string[],
    from: number,
    to: number,
    decode: (scanner: DayScanner, folded: string, fromHour: number, to: number) => T[],
  ): Map<string, T[]> {
    const result = new Map<string, T[]>(claimIds.map((id) => [id, []]));
    if (claimIds.length === 0 || !(to > from)) return result;
    const fromHour = hourStartOf(from);
    const rows = this.#read(action, () =>
      this.#rows<[string, string | null]>(SQL.days, [dayStartOf(fromHour), to, JSON.stringify(claimIds)]),
    );
    const scanner = new DayScanner();
    for (const [id, folded] of rows) if (folded !== null) result.set(id, decode(scanner, folded, fromHour, to));
    return result;
  }

  async monitoringSince(claimIds: readonly string[]): Promise<Map<string, number>> {
    if (claimIds.length === 0) return new Map();
    const rows = this.#read('read monitoring start', () =>
      this.#rows<[string, number]>(SQL.monitoringSince, [JSON.stringify(claimIds)]),
    );
    return new Map(rows);
  }

  async recordGap(gap: CoverageGap): Promise<void> {
    checkGap(gap);
    try {
      this.#run(SQL.upsertGap, [gap.probeId, gap.from, gap.to, gap.missedRuns, gap.reason]);
    } catch (error) {
      throw storeError('record gap', error);
    }
  }

  async gaps(query: { readonly probeId?: string; readonly from: number; readonly to: number }): Promise<CoverageGap[]> {
    const rows = this.#read('read gaps', () =>
      query.probeId === undefined
        ? this.#rows<GapRow>(SQL.gaps, [query.to, query.from])
        : this.#rows<GapRow>(SQL.gapsOfProbe, [query.probeId, query.to, query.from]),
    );
    return rows.map(decodeGap);
  }

  async lastRunAt(probeId: string): Promise<number | undefined> {
    return this.#read('read last run', () => this.#first<[number]>(SQL.lastRunAt, [probeId])?.[0]);
  }

  /**
   * Deletes raw observations and judgements older than the raw retention, a day per transaction, yielding to the event
   * loop in between. Hourly rollups, gaps, monitoring starts and last runs stay. Freed pages are reused by new rows.
   */
  async prune(now: number): Promise<{ observations: number }> {
    const cutoff = now - this.#retentionMs;
    let deleted = 0;
    try {
      this.#run(SQL.setPrunedBefore, [cutoff]);
      const oldest = this.#first<[number | null]>(SQL.oldestObservation, [])?.[0] ?? null;
      const claimKeys = this.#rows<[number]>(SQL.claimKeys, []).map(([key]) => key);
      const probeKeys = this.#rows<[number]>(SQL.probeKeys, []).map(([key]) => key);
      for (let edge = (oldest ?? cutoff) + PRUNE_SLICE_MS; ; edge += PRUNE_SLICE_MS) {
        const before = Math.min(edge, cutoff);
        inTransaction(this.#db, () => {
          for (const key of claimKeys) this.#run(SQL.pruneJudgements, [key, before]);
          for (const key of probeKeys) {
            this.#run(SQL.pruneEvidence, [key, before]);
            deleted += this.#run(SQL.pruneObservations, [key, before]);
          }
        });
        if (before === cutoff) break;
        await nextTurn();
      }
    } catch (error) {
      throw storeError('prune', error);
    }
    return { observations: deleted };
  }

  /** Bytes on disk: the database pages plus the write-ahead log. */
  sizeBytes(): number {
    const pages = this.#first<[number]>(SQL.pageBytes, [])?.[0] ?? 0;
    if (this.#db.memory) return pages;
    try {
      return pages + statSync(`${this.#path}-wal`).size;
    } catch {
      return pages;
    }
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    try {
      this.#db.exec('PRAGMA optimize');
    } catch {
      // Only a hint for the query planner; a read-only or full disk must not keep the store from closing.
    } finally {
      this.#open = false;
      this.#statements.clear();
      this.#runStatements.clear();
      this.#db.close();
    }
  }

  #read<T>(action: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw storeError(action, error);
    }
  }
}

/** Opens (creating if needed) the store at `options.path`, sets WAL and FULL sync, and migrates the schema. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const memory = options.path === ':memory:';
  if (!memory) await mkdir(dirname(options.path), { recursive: true });
  let db: Database.Database | undefined;
  try {
    db = new Database(options.path);
    tune(db);
    configure(db, memory);
    migrate(db);
    return new SqliteStore(db, options);
  } catch (error) {
    db?.close();
    throw storeError(`open ${options.path}`, error);
  }
}
