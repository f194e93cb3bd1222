import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { openInfluxStore } from '../adapters/stores/influx/influx.store.ts';
import { openBufferedStore } from '../adapters/stores/outbox/buffered.store.ts';
import { openSqliteStore } from '../adapters/stores/sqlite/sqlite.store.ts';
import type { Clock, Logger, ObservationStore } from '../app/ports.ts';
import { transientError, validationError } from '../domain/errors.ts';
import { Secret } from '../domain/secret.ts';

export interface StoreFlags {
  readonly data: string;
  readonly store: string;
  readonly influxUrl?: string;
  readonly influxDb: string;
}

/** Adds the store flags shared by every command that reads or writes observations. */
export function storeOptions(command: Command, defaultData: string | null = 'data'): Command {
  return command
    .option('--data <dir>', 'data directory (embedded store, outbox journal)', defaultData ?? undefined)
    .addOption(
      new Option('--store <kind>', 'where observations live: sqlite (embedded) or influx')
        .choices(['sqlite', 'influx'])
        .default('sqlite'),
    )
    .option('--influx-url <url>', 'InfluxDB 1.x URL for --store influx, e.g. http://127.0.0.1:8086')
    .option('--influx-db <name>', 'InfluxDB database for --store influx', 'kept');
}

const reason = (error: unknown): string => (error as { code?: string }).code ?? String(error);

/**
 * Makes sure `--data` names a folder Kept can write, creating it when missing: a file in the way is bad input (exit 3),
 * a folder that cannot be written is an unavailable dependency (exit 4).
 */
export function ensureDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = reason(error);
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw validationError(
        'flags.data',
        `--data ${dir} is not a folder (a file is in the way); give a folder for Kept's data`,
        error,
      );
    }
    throw transientError(
      'data.unwritable',
      `the data folder ${dir} cannot be created (${code}); check --data and its permissions`,
      error,
    );
  }
  if (!statSync(dir).isDirectory())
    throw validationError('flags.data', `--data ${dir} is a file, not a folder; give a folder for Kept's data`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw transientError(
      'data.unwritable',
      `the data folder ${dir} cannot be written (${reason(error)}); check its permissions`,
      error,
    );
  }
}

/**
 * Opens the configured store. SQLite (the default) needs no server and is durable on its own. InfluxDB sits behind
 * the outbox: each observation is journalled on local disk before it counts as recorded, then forwarded in order,
 * and replayed after an outage or a restart. Credentials come from KEPT_INFLUX_USERNAME / KEPT_INFLUX_PASSWORD.
 */
/** A store, with its retention pruning when the store prunes itself (InfluxDB uses retention policies instead). */
export type OpenedStore = ObservationStore & { prune?: (now: number) => Promise<{ observations: number }> };

export async function openStore(
  flags: StoreFlags,
  deps: { clock: Clock; log: Logger },
  env: NodeJS.ProcessEnv = process.env,
): Promise<OpenedStore> {
  ensureDataDir(flags.data);
  if (storeKindOf(flags) === 'sqlite') return openSqliteStore({ path: join(flags.data, 'kept.db') });
  const inner = await openInfluxStore({ ...influxConnection(flags, env), waitForServer: false });
  return openBufferedStore({ inner, journalPath: join(flags.data, 'outbox.db'), clock: deps.clock, log: deps.log });
}

/** The store `--store` names: sqlite or influx, anything else refused. */
export function storeKindOf(flags: StoreFlags): 'sqlite' | 'influx' {
  if (flags.store === 'sqlite' || flags.store === 'influx') return flags.store;
  throw validationError('store.unknown', `--store must be "sqlite" or "influx", not "${flags.store}"`);
}

/** The InfluxDB that `--influx-url` / `--influx-db` name, with KEPT_INFLUX_USERNAME / KEPT_INFLUX_PASSWORD. */
export function influxConnection(
  flags: StoreFlags,
  env: NodeJS.ProcessEnv,
): { url: string; database: string; username?: string; password?: Secret } {
  if (flags.influxUrl === undefined)
    throw validationError('store.influx-url', '--store influx needs --influx-url, e.g. http://127.0.0.1:8086');
  return {
    url: flags.influxUrl,
    database: flags.influxDb,
    ...(env.KEPT_INFLUX_USERNAME ? { username: env.KEPT_INFLUX_USERNAME } : {}),
    ...(env.KEPT_INFLUX_PASSWORD ? { password: new Secret(env.KEPT_INFLUX_PASSWORD) } : {}),
  };
}
