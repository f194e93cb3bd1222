import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fatalError, transientError } from '../../domain/errors.ts';

/** The lock file's name inside the data directory. */
export const LOCK_FILE = 'kept.lock';

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file, if it is still this process's. Safe to call twice. */
  release(): void;
}

/** Whether a process with this id is alive on this machine (EPERM: alive, owned by another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes `<dataDir>/kept.lock` for this process (its PID, written with O_EXCL), so two single-machine `kept run` never
 * share one store. A lock whose PID is dead (or unreadable) is stale: it is replaced, once. A live holder makes this
 * throw `data-dir.locked`, naming the holder's PID.
 */
export function lockDataDir(dataDir: string, pid: number = process.pid): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw fatalError('data-dir.lock', `cannot write the lock file ${path}: ${String(error)}`, error);
      }
      const holder = holderOf(path);
      if (holder !== undefined && holder !== pid && alive(holder)) {
        // Unavailable now (exit 4), not a bug: it is free once the holder stops.
        throw transientError(
          'data-dir.locked',
          `the data directory ${dataDir} is in use by another Kept (PID ${holder}, lock file ${path}); ` +
            'stop it, or give this one another --data (a fleet shares work through --queue, not a data directory)',
        );
      }
      if (attempt > 0) throw fatalError('data-dir.lock', `cannot take the lock file ${path} (it keeps coming back)`);
      // Stale: its holder is gone (killed, the machine restarted) or it is ours from an earlier start.
      rmSync(path, { force: true });
    }
  }
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      if (holderOf(path) === pid) rmSync(path, { force: true });
    },
  };
}
