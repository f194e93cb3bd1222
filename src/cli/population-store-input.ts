import { join } from 'node:path';
import type { PopulationStore } from '../app/ports.ts';
import { influxConnection, type StoreFlags, storeKindOf } from './store-input.ts';

/**
 * Where collectors' population evidence goes, from the same flags as the observation store (`storeKindOf`,
 * `influxConnection`): the SQLite file `<data>/kept.db` (tables of its own), or the same InfluxDB database, whose
 * schema the observation store sets up. Imported only when the catalogue has collectors.
 */
export async function openPopulationStore(
  flags: StoreFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PopulationStore> {
  if (storeKindOf(flags) === 'sqlite') {
    const { openSqlitePopulationStore } = await import('../adapters/stores/sqlite/population.store.ts');
    return openSqlitePopulationStore({ path: join(flags.data, 'kept.db') });
  }
  const { openInfluxPopulationStore } = await import('../adapters/stores/influx/population.store.ts');
  return openInfluxPopulationStore({
    ...influxConnection(flags, env),
    // The observation store sets the database up (and starts while InfluxDB is down); until it is, a write fails and
    // the collector reads the same intervals again at its next run.
    manageSchema: false,
  });
}
