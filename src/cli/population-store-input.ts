import { join } from 'node:path';
import type { PopulationStore } from '../app/ports.ts';
import { validationError } from '../domain/errors.ts';
import { Secret } from '../domain/secret.ts';
import type { StoreFlags } from './store-input.ts';

/**
 * Where collectors' population evidence goes, from the same flags as the observation store: the SQLite file
 * `<data>/kept.db` (tables of its own), or the same InfluxDB database (credentials from KEPT_INFLUX_USERNAME /
 * KEPT_INFLUX_PASSWORD), whose schema the observation store sets up. Imported only when the catalogue has collectors.
 */
export async function openPopulationStore(
  flags: StoreFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PopulationStore> {
  if (flags.store === 'sqlite') {
    const { openSqlitePopulationStore } = await import('../adapters/stores/sqlite/population.store.ts');
    return openSqlitePopulationStore({ path: join(flags.data, 'kept.db') });
  }
  if (flags.influxUrl === undefined)
    throw validationError('store.influx-url', '--store influx needs --influx-url, e.g. http://127.0.0.1:8086');
  const { openInfluxPopulationStore } = await import('../adapters/stores/influx/population.store.ts');
  return openInfluxPopulationStore({
    url: flags.influxUrl,
    database: flags.influxDb,
    // The observation store sets the database up (and starts while InfluxDB is down); until it is, a write fails and
    // the collector reads the same intervals again at its next run.
    manageSchema: false,
    ...(env.KEPT_INFLUX_USERNAME ? { username: env.KEPT_INFLUX_USERNAME } : {}),
    ...(env.KEPT_INFLUX_PASSWORD ? { password: new Secret(env.KEPT_INFLUX_PASSWORD) } : {}),
  });
}
