import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlitePopulationStore } from '../../../src/adapters/stores/sqlite/population.store.ts';
import { openSqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { populationContract, reading } from './population.contract.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function freshPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kept-population-'));
  dirs.push(dir);
  return join(dir, 'kept.db');
}

describe('SqlitePopulationStore', () => {
  populationContract(async () => openSqlitePopulationStore({ path: await freshPath() }));

  it('lives in the observation store file beside it, each on its own connection, both durable across a reopen', async () => {
    const path = await freshPath();
    const observations = await openSqliteStore({ path });
    const population = await openSqlitePopulationStore({ path });
    const t0 = Date.UTC(2026, 0, 5, 10, 0);
    await population.recordReadings('desk', { fromMs: t0, toMs: t0 + 300_000 }, [reading(t0)]);
    expect(await observations.lastRunAt('any-probe')).toBeUndefined();
    await population.close();
    await observations.close();
    const reopened = await openSqlitePopulationStore({ path });
    const again = await openSqliteStore({ path });
    expect(await reopened.readings({ collectorIds: ['desk'], from: t0, to: t0 + 300_000 })).toStrictEqual([
      reading(t0),
    ]);
    expect(await reopened.lastReadTo('desk')).toBe(t0 + 300_000);
    await reopened.close();
    await again.close();
  });
});
