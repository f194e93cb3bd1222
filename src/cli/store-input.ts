import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../adapters/stores/sqlite/sqlite.store.ts';
import type { ObservationStore } from '../app/ports.ts';

/** Opens the embedded store in `dataDir` (created if missing): the default, needing no server. */
export async function openStore(dataDir: string): Promise<ObservationStore> {
  mkdirSync(dataDir, { recursive: true });
  return openSqliteStore({ path: join(dataDir, 'kept.db') });
}
