import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openInfluxStore, type InfluxStore } from '../../../../src/adapters/stores/influx/influx.store.ts';
import type { InfluxStoreOptions } from '../../../../src/adapters/stores/influx/influx.options.ts';
import { influxdMissing, influxql, startInfluxd, type Influxd } from '../../../support/influxd.ts';

/** Why this file's influx tests skip (never in CI, where a missing influxd throws instead). */
export const missing = influxdMissing();

/** One influxd for a test file, started in beforeAll and stopped by PID in afterAll. */
export function useInfluxd(): () => Influxd {
  let server: Influxd | undefined;
  beforeAll(async () => {
    if (missing === undefined) server = await startInfluxd();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error('influxd is not running');
    return server;
  };
}

/** A fresh database name per store, so tests in one server never see each other's points. */
export const freshDatabase = (): string => `kept_${randomUUID().slice(0, 8)}`;

/**
 * Options for a store on `server`. Raw retention is INF because the fixtures date from January 2026, which a 35-day
 * policy would refuse as too old.
 */
export function storeOptions(server: Influxd, extra: Partial<InfluxStoreOptions> = {}): InfluxStoreOptions {
  return { url: server.url, database: freshDatabase(), rawRetention: 'INF', ...extra };
}

export async function dropDatabase(server: Influxd, database: string): Promise<void> {
  await influxql(server.url, `DROP DATABASE "${database}"`);
}

export async function openTestStore(server: Influxd, extra: Partial<InfluxStoreOptions> = {}): Promise<InfluxStore> {
  return openInfluxStore(storeOptions(server, extra));
}
