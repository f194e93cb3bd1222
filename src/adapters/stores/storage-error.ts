import { KeptError, transientError } from '../../domain/errors.ts';

/** Why local storage refused a write: the disk (or quota) is full, or the file system will not let Kept write. */
export type StorageProblem = 'storage.full' | 'storage.unwritable';

const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', 'EFBIG']);
const UNWRITABLE = /^(SQLITE_READONLY|SQLITE_CANTOPEN|SQLITE_IOERR|SQLITE_PERM|SQLITE_AUTH|EROFS$|EACCES$|EPERM$|EIO$)/;

/** The storage problem an error (SQLite's or Node's) stands for, by its `code`; undefined for anything else. */
export function storageProblem(error: unknown): StorageProblem | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (FULL.has(code)) return 'storage.full';
  return UNWRITABLE.test(code) ? 'storage.unwritable' : undefined;
}

const WHY: Record<StorageProblem, string> = {
  'storage.full': 'the disk is full',
  'storage.unwritable': 'the file cannot be written (read-only file system, permissions or an I/O error)',
};

const detail = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
};

/**
 * A `transient` KeptError coded `storage.full` or `storage.unwritable` saying, in words, why `what` (e.g.
 * "sqlite store data/kept.db: record") failed, with the driver's code and message after it; undefined when `error`
 * is not a storage problem. Retrying once space is freed or the file is writable again succeeds.
 */
export function storageError(what: string, error: unknown): KeptError | undefined {
  if (error instanceof KeptError) return error.code.startsWith('storage.') ? error : undefined;
  const problem = storageProblem(error);
  if (problem === undefined) return undefined;
  return transientError(problem, `${what} failed: ${WHY[problem]} (${detail(error)})`, error);
}
