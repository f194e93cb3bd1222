import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPopulationStore } from '../../src/cli/population-store-input.ts';
import { openStore } from '../../src/cli/store-input.ts';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';

const quiet = () => undefined;
const deps = { clock: systemClock, log: { info: quiet, warn: quiet, error: quiet } };

describe('where population evidence is stored: the observation store flags, read the same way', () => {
  it.each([
    ['an unknown --store', { store: 'mongo' }, 'store.unknown'],
    ['--store influx without --influx-url', { store: 'influx' }, 'store.influx-url'],
  ])("refuses %s with the observation store's own error", async (_case, given, code) => {
    const dir = await mkdtemp(join(tmpdir(), 'kept-population-input-'));
    try {
      const flags = { data: dir, influxDb: 'kept', ...given };
      const population = await openPopulationStore(flags, {}).catch((error: unknown) => error);
      const observations = await openStore(flags, deps, {}).catch((error: unknown) => error);
      expect(population).toMatchObject({ code });
      expect((population as Error).message).toBe((observations as Error).message);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('opens the SQLite population tables in <data>/kept.db', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kept-population-input-'));
    try {
      const store = await openPopulationStore({ data: dir, store: 'sqlite', influxDb: 'kept' }, {});
      expect(await store.lastReadTo('desk')).toBeUndefined();
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
