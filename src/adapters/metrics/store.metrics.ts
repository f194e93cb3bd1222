import { Counter, Gauge, type Registry } from 'prom-client';
import type { StoreHealth } from '../../app/store-health.ts';
import { KeptRegistry } from './kept.registry.ts';
import { METRIC } from './metric-names.ts';

const NAMES = [METRIC.storeHealthy, METRIC.storeWriteFailures, METRIC.storeHeld, METRIC.storeDropped];

/**
 * Whether the store can write, read from `health()` at each scrape: `kept_store_healthy` (1 or 0, what the watchdog
 * alert `KeptStoreFailing` pages on), failed write attempts, observations held in memory, and observations dropped
 * past the bound by probe (each is in a coverage gap). Without a health reader the store is reported healthy.
 */
export function createStoreMetrics(registry: Registry, health: (() => StoreHealth) | undefined): void {
  const registers = [registry];
  const cache = registry instanceof KeptRegistry ? registry : undefined;
  const read = (): StoreHealth => health?.() ?? { healthy: true, held: 0, writeFailures: 0, dropped: new Map() };
  const seen = { healthy: NaN, held: NaN, writeFailures: 0, dropped: new Map<string, number>() };
  const refresh = (): void => {
    const now = read();
    let changed = false;
    if (Number(now.healthy) !== seen.healthy) {
      seen.healthy = Number(now.healthy);
      healthy.set(seen.healthy);
      changed = true;
    }
    if (now.held !== seen.held) {
      seen.held = now.held;
      held.set(now.held);
      changed = true;
    }
    if (now.writeFailures > seen.writeFailures) {
      failures.inc(now.writeFailures - seen.writeFailures);
      seen.writeFailures = now.writeFailures;
      changed = true;
    }
    for (const [probe, count] of now.dropped) {
      const before = seen.dropped.get(probe) ?? 0;
      if (count <= before) continue;
      dropped.inc({ probe }, count - before);
      seen.dropped.set(probe, count);
      changed = true;
    }
    if (changed) for (const name of NAMES) cache?.changed(name);
  };
  const healthy = new Gauge({
    name: METRIC.storeHealthy,
    help: '1 while the observation store can write; 0 while writes fail (disk full, unwritable) and are held in memory.',
    registers,
    collect: refresh,
  });
  const failures = new Counter({
    name: METRIC.storeWriteFailures,
    help: 'Failed writes to the observation store.',
    registers,
  });
  const held = new Gauge({
    name: METRIC.storeHeld,
    help: 'Observations held in memory until the store can write.',
    registers,
  });
  const dropped = new Counter({
    name: METRIC.storeDropped,
    help: 'Observations dropped past the memory bound while the store could not write (recorded as coverage gaps).',
    labelNames: ['probe'],
    registers,
  });
  if (cache !== undefined) {
    for (const name of NAMES) cache.cacheUntilChanged(name);
    cache.onScrape(refresh);
  }
  refresh();
}
