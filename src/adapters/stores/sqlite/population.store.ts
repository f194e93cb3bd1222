import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import Database from 'libsql';
import type { PopulationQuery, PopulationStore } from '../../../app/ports.ts';
import { fatalError, validationError } from '../../../domain/errors.ts';
import type { PopulationGap, PopulationReading } from '../../../domain/population/population-reading.ts';
import { POPULATION_SCHEMA, type GapRow, type ReadingRow, decodeReading, encodeReading } from './population.rows.ts';
import { configure } from './sqlite.schema.ts';
import { storeError } from './sqlite.rows.ts';
import { inTransaction } from './sqlite.transaction.ts';

/**
 * Population evidence (docs/architecture/collectors.md) in the observation store's SQLite file (`kept.db`), in tables
 * of its own (`population_*`) reached through a connection of its own: the observation writer is untouched, and
 * since each libsql call is synchronous, the two connections of one process never wait for each other.
 */
export class SqlitePopulationStore implements PopulationStore {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  #open = true;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #stmt(sql: string): Database.Statement {
    if (!this.#open) throw fatalError('store.closed', 'sqlite population store: used after close()');
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #rows<Row>(sql: string, params: readonly unknown[]): Row[] {
    const statement = this.#stmt(sql);
    return statement.raw().all(params) as Row[];
  }

  async recordReadings(
    collectorId: string,
    window: { readonly fromMs: number; readonly toMs: number },
    readings: readonly PopulationReading[],
  ): Promise<void> {
    if (!Number.isFinite(window.toMs)) throw validationError('population.window', 'the window has no finite end');
    for (const reading of readings) {
      if (reading.collectorId !== collectorId)
        throw validationError('population.collector', `a reading of "${reading.collectorId}" under "${collectorId}"`);
    }
    try {
      inTransaction(this.#db, () => {
        const insert = this.#stmt(
          `INSERT OR REPLACE INTO population_readings
             (collector, from_ms, queue, channel, to_ms, contacts, abandoned, within, threshold_ms, longest_ms,
              average_ms, source, extra)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const reading of readings) insert.run(encodeReading(reading));
        this.#stmt(
          `INSERT INTO population_cursors (collector, read_to) VALUES (?, ?)
           ON CONFLICT (collector) DO UPDATE SET read_to = max(read_to, excluded.read_to)`,
        ).run([collectorId, window.toMs]);
      });
    } catch (error) {
      throw storeError('record population readings', error);
    }
  }

  async recordPopulationGap(gap: PopulationGap): Promise<void> {
    if (!(gap.toMs > gap.fromMs)) throw validationError('population.gap', 'a gap must end after it starts');
    try {
      this.#stmt(
        `INSERT INTO population_gaps (collector, from_ms, to_ms, code, reason) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (collector, from_ms) DO UPDATE SET
           to_ms = max(to_ms, excluded.to_ms), code = excluded.code, reason = excluded.reason`,
      ).run([gap.collectorId, gap.fromMs, gap.toMs, gap.code, gap.reason]);
    } catch (error) {
      throw storeError('record a population gap', error);
    }
  }

  async lastReadTo(collectorId: string): Promise<number | undefined> {
    try {
      const rows = this.#rows<[number]>('SELECT read_to FROM population_cursors WHERE collector = ?', [collectorId]);
      return rows[0]?.[0];
    } catch (error) {
      throw storeError('read a collector cursor', error);
    }
  }

  async readings(query: PopulationQuery): Promise<PopulationReading[]> {
    try {
      const rows = this.#rows<ReadingRow>(
        `SELECT collector, from_ms, queue, channel, to_ms, contacts, abandoned, within, threshold_ms, longest_ms,
                average_ms, source, extra
           FROM population_readings
          WHERE collector IN (SELECT value FROM json_each(?)) AND from_ms >= ? AND from_ms < ?
          ORDER BY from_ms, collector, queue, channel`,
        [JSON.stringify(query.collectorIds), query.from, query.to],
      );
      return rows.map(decodeReading);
    } catch (error) {
      throw storeError('read population readings', error);
    }
  }

  async populationGaps(query: PopulationQuery): Promise<PopulationGap[]> {
    try {
      const rows = this.#rows<GapRow>(
        `SELECT collector, from_ms, to_ms, code, reason FROM population_gaps
          WHERE collector IN (SELECT value FROM json_each(?)) AND from_ms < ? AND to_ms > ?
          ORDER BY from_ms, collector`,
        [JSON.stringify(query.collectorIds), query.to, query.from],
      );
      return rows.map(([collectorId, fromMs, toMs, code, reason]) => ({ collectorId, fromMs, toMs, code, reason }));
    } catch (error) {
      throw storeError('read population gaps', error);
    }
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    this.#statements.clear();
    this.#db.close();
  }
}

/** Opens (and sets up) the population tables in the SQLite file at `path` (usually `<data>/kept.db`). */
export async function openSqlitePopulationStore(options: { readonly path: string }): Promise<SqlitePopulationStore> {
  const memory = options.path === ':memory:';
  if (!memory) await mkdir(dirname(options.path), { recursive: true });
  let db: Database.Database | undefined;
  try {
    db = new Database(options.path);
    configure(db, memory);
    const opened = db;
    inTransaction(opened, () => opened.exec(POPULATION_SCHEMA));
    return new SqlitePopulationStore(db);
  } catch (error) {
    db?.close();
    throw storeError(`open ${options.path} for population evidence`, error);
  }
}
