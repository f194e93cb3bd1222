import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import type { CoverageGap } from '../../../app/ports.ts';
import { KeptError, transientError } from '../../../domain/errors.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation } from '../../../domain/observation.ts';
import { inTransaction } from '../sqlite/sqlite.transaction.ts';
import { storageError } from '../storage-error.ts';

/** What the outbox holds: an observation with its judgements, or a coverage gap, in the order they were recorded. */
export type Payload =
  | { readonly kind: 'record'; readonly observation: Observation; readonly judgements: readonly Judgement[] }
  | { readonly kind: 'gap'; readonly gap: CoverageGap };

export type Entry = Payload & { readonly seq: number; readonly recordedAt: number };

/**
 * The durable local journal (docs/architecture/nothing-lost.md): an append-only SQLite table (through `libsql`) in WAL
 * mode with `synchronous = FULL`, so an append has been fsynced when `append` returns. Delivered entries are deleted;
 * entries the inner store refuses as invalid move to `rejected`, where they are kept for a person to look at.
 * `seq` is AUTOINCREMENT: never reused, so delivery order survives deletes and restarts.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  recorded_at  INTEGER NOT NULL,
  payload      TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS rejected (
  seq          INTEGER PRIMARY KEY,
  recorded_at  INTEGER NOT NULL,
  payload      TEXT    NOT NULL,
  rejected_at  INTEGER NOT NULL,
  error        TEXT    NOT NULL
);
`;

/** A full disk is `storage.full`, a file Kept cannot write `storage.unwritable`; anything else `outbox.unavailable`. */
const journalError = (action: string, path: string, error: unknown): KeptError =>
  error instanceof KeptError
    ? error
    : (storageError(`outbox journal ${path}: ${action}`, error) ??
      transientError(
        'outbox.unavailable',
        `outbox journal ${path}: ${action} failed: ${error instanceof Error ? error.message : String(error)}`,
        error,
      ));

export class OutboxJournal {
  readonly #db: Database.Database;
  readonly #path: string;
  readonly #insert: Database.Statement;
  readonly #peek: Database.Statement;
  readonly #removeThrough: Database.Statement;
  readonly #removeOne: Database.Statement;
  readonly #reject: Database.Statement;
  #count: number;
  #rejected: number;

  private constructor(db: Database.Database, path: string) {
    this.#db = db;
    this.#path = path;
    this.#insert = db.prepare('INSERT INTO outbox (recorded_at, payload) VALUES (?, ?)');
    this.#peek = db.prepare('SELECT seq, recorded_at, payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?');
    this.#removeThrough = db.prepare('DELETE FROM outbox WHERE seq <= ?');
    this.#removeOne = db.prepare('DELETE FROM outbox WHERE seq = ?');
    this.#reject = db.prepare(`INSERT OR REPLACE INTO rejected (seq, recorded_at, payload, rejected_at, error)
      SELECT seq, recorded_at, payload, ?, ? FROM outbox WHERE seq = ?`);
    this.#count = (db.prepare('SELECT count(*) FROM outbox').raw().get([]) as [number])[0];
    this.#rejected = (db.prepare('SELECT count(*) FROM rejected').raw().get([]) as [number])[0];
  }

  /** Opens (creating if needed) the journal file; `:memory:` only for tests that need no durability. */
  static open(path: string): OutboxJournal {
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      db = new Database(path);
      if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = FULL');
      db.exec('PRAGMA busy_timeout = 5000');
      db.exec(SCHEMA);
      return new OutboxJournal(db, path);
    } catch (error) {
      db?.close();
      throw journalError('open', path, error);
    }
  }

  /** Appends entries in one transaction, durable when this returns; the sequence numbers of the last one. */
  append(payloads: readonly Payload[], recordedAt: number): number {
    try {
      let last = 0;
      inTransaction(this.#db, () => {
        for (const payload of payloads)
          last = Number(this.#insert.run([recordedAt, JSON.stringify(payload)]).lastInsertRowid);
      });
      this.#count += payloads.length;
      return last;
    } catch (error) {
      throw journalError('append', this.#path, error);
    }
  }

  /** The oldest undelivered entries after `afterSeq`, in order. */
  peek(limit: number, afterSeq = 0): Entry[] {
    const rows = this.#peek.raw().all([afterSeq, limit]) as [number, number, string][];
    return rows.map(([seq, recordedAt, payload]) => ({ ...(JSON.parse(payload) as Payload), seq, recordedAt }));
  }

  /** Marks every entry up to and including `seq` delivered. */
  removeThrough(seq: number): void {
    this.#count -= this.#removeThrough.run([seq]).changes;
  }

  remove(seq: number): void {
    this.#count -= this.#removeOne.run([seq]).changes;
  }

  /** Moves an entry the inner store refused as invalid out of the way, with the reason. */
  reject(seq: number, at: number, error: string): void {
    inTransaction(this.#db, () => {
      this.#rejected += this.#reject.run([at, error, seq]).changes;
      this.#count -= this.#removeOne.run([seq]).changes;
    });
  }

  /** Entries not yet delivered. */
  count(): number {
    return this.#count;
  }

  /** Sequence number of the newest undelivered entry, or 0. */
  lastSeq(): number {
    return (this.#db.prepare('SELECT coalesce(max(seq), 0) FROM outbox').raw().get([]) as [number])[0];
  }

  rejectedCount(): number {
    return this.#rejected;
  }

  rejected(): { seq: number; error: string; payload: Payload }[] {
    const rows = this.#db.prepare('SELECT seq, error, payload FROM rejected ORDER BY seq').raw().all([]) as [
      number,
      string,
      string,
    ][];
    return rows.map(([seq, error, payload]) => ({ seq, error, payload: JSON.parse(payload) as Payload }));
  }

  close(): void {
    this.#db.close();
  }
}
