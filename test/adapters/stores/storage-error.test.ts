import { describe, expect, it } from 'vitest';
import { storeError } from '../../../src/adapters/stores/sqlite/sqlite.rows.ts';
import { storageError, storageProblem } from '../../../src/adapters/stores/storage-error.ts';

const failure = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('storage errors', () => {
  it.each([
    ['SQLITE_FULL', 'database or disk is full', 'storage.full'],
    ['ENOSPC', 'no space left on device', 'storage.full'],
    ['EDQUOT', 'disk quota exceeded', 'storage.full'],
    ['SQLITE_READONLY', 'attempt to write a readonly database', 'storage.unwritable'],
    ['SQLITE_CANTOPEN', 'unable to open database file', 'storage.unwritable'],
    ['SQLITE_IOERR_WRITE', 'disk I/O error', 'storage.unwritable'],
    ['EROFS', 'read-only file system', 'storage.unwritable'],
    ['EACCES', 'permission denied', 'storage.unwritable'],
    ['SQLITE_BUSY', 'database is locked', undefined],
    ['SQLITE_ERROR', 'cannot rollback - no transaction is active', undefined],
  ])('%s (%s) is %s', (code, message, problem) => {
    expect(storageProblem(failure(code, message))).toBe(problem);
  });

  it.each([
    [
      'SQLITE_FULL',
      'database or disk is full',
      'transient',
      'storage.full',
      'sqlite store: record failed: the disk is full (SQLITE_FULL: database or disk is full)',
    ],
    [
      'SQLITE_READONLY',
      'attempt to write a readonly database',
      'transient',
      'storage.unwritable',
      'sqlite store: record failed: the file cannot be written (read-only file system, permissions or an I/O error) ' +
        '(SQLITE_READONLY: attempt to write a readonly database)',
    ],
    [
      'SQLITE_BUSY',
      'database is locked',
      'transient',
      'store.unavailable',
      'sqlite store: record failed: database is locked',
    ],
    [
      'SQLITE_CORRUPT',
      'database disk image is malformed',
      'fatal',
      'store.failed',
      'sqlite store: record failed: database disk image is malformed',
    ],
  ])('the SQLite store reports %s as a %s %s', (code, message, kind, errorCode, text) => {
    const error = storeError('record', failure(code, message));
    expect(error).toMatchObject({ kind, code: errorCode, message: text });
    expect((error as Error & { cause?: unknown }).cause).toMatchObject({ code });
  });

  it('leaves errors that are not about storage alone', () => {
    expect(storageError('outbox journal x: append', new Error('boom'))).toBeUndefined();
  });
});
