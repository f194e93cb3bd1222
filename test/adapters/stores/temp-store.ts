import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openSqliteStore,
  type SqliteStore,
  type SqliteStoreOptions,
} from '../../../src/adapters/stores/sqlite/sqlite.store.ts';

export interface TempStore {
  readonly dir: string;
  readonly path: string;
  store: SqliteStore;
  reopen(): Promise<SqliteStore>;
  cleanup(): Promise<void>;
}

/** A SQLite store in a fresh temporary directory; `cleanup` closes it and removes the directory. */
export async function tempStore(options: Omit<SqliteStoreOptions, 'path'> = {}): Promise<TempStore> {
  const dir = await mkdtemp(join(tmpdir(), 'kept-store-'));
  const path = join(dir, 'kept.db');
  const temp: TempStore = {
    dir,
    path,
    store: await openSqliteStore({ ...options, path }),
    async reopen() {
      await temp.store.close();
      temp.store = await openSqliteStore({ ...options, path });
      return temp.store;
    },
    async cleanup() {
      await temp.store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return temp;
}
