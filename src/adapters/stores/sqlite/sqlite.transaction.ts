import type Database from 'libsql';

/**
 * Runs `work` in one `BEGIN IMMEDIATE … COMMIT` and returns its result; on failure rolls back and rethrows the error
 * that caused it. libsql's `db.transaction()` issues `ROLLBACK` unconditionally, but SQLite has already rolled back
 * after some errors (SQLITE_FULL, SQLITE_IOERR, …): that ROLLBACK then fails with "cannot rollback - no transaction is
 * active" and hides the real cause. Here ROLLBACK runs only while a transaction is open, and its own failure never
 * replaces the original error.
 */
export function inTransaction<T>(db: Database.Database, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // The original error says what went wrong; a failed rollback leaves SQLite to roll back on the next open.
      }
    }
    throw error;
  }
}
