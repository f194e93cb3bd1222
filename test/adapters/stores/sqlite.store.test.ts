import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../src/adapters/stores/sqlite/sqlite.schema.ts';
import { openSqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { KeptError } from '../../../src/domain/errors.ts';
import { describeStoreContract } from '../../contract/store.contract.ts';
import {
  chatAlways,
  DAY,
  expectedTallies,
  mixedWeek,
  MONDAY,
  officeHuman,
  WEEK,
} from '../../contract/store-fixtures.ts';
import { tempStore, type TempStore } from './temp-store.ts';

describeStoreContract('the SQLite store', async () => {
  const temp = await tempStore();
  return { store: temp.store, reopen: () => temp.reopen(), cleanup: () => temp.cleanup() };
});

describe('the SQLite store', () => {
  let temp: TempStore | undefined;
  afterEach(async () => {
    await temp?.cleanup();
    temp = undefined;
  });
  const week = { from: MONDAY, to: MONDAY + WEEK };
  const claims = [chatAlways.id, officeHuman.id];

  it('prune drops raw rows older than the retention and leaves tallies, starts and last runs as they were', async () => {
    temp = await tempStore({ rawRetentionMs: 2 * DAY });
    const { store } = temp;
    const items = mixedWeek(400, 11);
    await store.recordMany(items);
    const kept = items.filter((i) => i.observation.startedAt >= MONDAY + 5 * DAY).map((i) => i.observation.id);
    const before = await Promise.all([
      store.tallies(claims, week.from, week.to),
      store.monitoringSince(claims),
      store.lastRunAt('chat-1'),
    ]);
    expect(await store.prune(MONDAY + WEEK)).toEqual({ observations: items.length - kept.length });
    const after = await Promise.all([
      store.tallies(claims, week.from, week.to),
      store.monitoringSince(claims),
      store.lastRunAt('chat-1'),
    ]);
    expect(after).toStrictEqual(before);
    expect(after[0].get(officeHuman.id)).toEqual(expectedTallies(items, officeHuman.id));
    const left = await store.observations({ ...week, limit: 10_000 });
    expect(left.map((o) => o.id).sort()).toEqual([...kept].sort());
    const judgedLeft = await store.observations({ ...week, claimId: chatAlways.id, limit: 10_000 });
    expect(judgedLeft).toHaveLength(kept.length);
  });

  it('prune is idempotent and a pruned observation recorded again is not counted twice', async () => {
    temp = await tempStore({ rawRetentionMs: 2 * DAY });
    const { store } = temp;
    const items = mixedWeek(100, 3);
    await store.recordMany(items);
    const tallies = await store.tallies(claims, week.from, week.to);
    const first = await store.prune(MONDAY + WEEK);
    expect(first.observations).toBeGreaterThan(0);
    expect(await store.prune(MONDAY + WEEK)).toEqual({ observations: 0 });
    await store.recordMany(items);
    expect(await store.tallies(claims, week.from, week.to)).toStrictEqual(tallies);
  });

  const large = 'recordMany tallies a large batch as its judgements say, and a query returns at most 10,000 rows';
  it(large, { timeout: 30_000 }, async () => {
    temp = await tempStore();
    const items = mixedWeek(10_001, 5);
    await temp.store.recordMany(items);
    const got = await temp.store.tallies(claims, week.from, week.to);
    expect(got.get(chatAlways.id)).toEqual(expectedTallies(items, chatAlways.id));
    expect(await temp.store.observations({ ...week, limit: 50_000 })).toHaveLength(10_000);
    expect(temp.store.sizeBytes()).toBeGreaterThan(1_000_000);
  });

  it('keeps acknowledged records when the writing process is killed with SIGKILL', { timeout: 30_000 }, async () => {
    temp = await tempStore();
    await temp.store.close();
    const script = fileURLToPath(new URL('./crash-writer.script.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, temp.path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged: string[] = [];
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
      if (acknowledged.length >= 150) child.kill('SIGKILL');
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, s) => resolve(s)));
    expect(signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    const store = await temp.reopen();
    const found = await store.observations({ from: MONDAY, to: MONDAY + 365 * DAY, limit: 10_000 });
    const foundIds = new Set(found.map((o) => o.id));
    expect(acknowledged.filter((id) => !foundIds.has(id))).toEqual([]);
    const tallies = (await store.tallies([chatAlways.id], MONDAY, MONDAY + 365 * DAY)).get(chatAlways.id) ?? [];
    const judged = tallies.reduce((n, t) => n + t.met + t.failed + t.inconclusive + t.outOfForce, 0);
    expect(judged).toBe(found.length);
  });

  it('sets WAL and the schema version, and refuses a store written by a newer Kept', async () => {
    temp = await tempStore();
    await temp.store.close();
    const db = new Database(temp.path);
    expect(db.prepare('PRAGMA journal_mode').raw().get([])).toEqual(['wal']);
    expect(db.prepare('PRAGMA user_version').raw().get([])).toEqual([SCHEMA_VERSION]);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    await expect(openSqliteStore({ path: temp.path })).rejects.toSatisfy(
      (e: unknown) => e instanceof KeptError && e.code === 'store.schema-too-new' && e.kind === 'fatal',
    );
    const again = new Database(temp.path);
    again.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    again.close();
    temp.store = await openSqliteStore({ path: temp.path });
    expect(await temp.store.observations(week)).toEqual([]);
  });

  it('refuses queries with a limit below one and any use after close', async () => {
    temp = await tempStore();
    await expect(temp.store.observations({ ...week, limit: 0 })).rejects.toBeInstanceOf(KeptError);
    const closed = await openSqliteStore({ path: ':memory:' });
    await closed.close();
    await expect(closed.lastRunAt('chat-1')).rejects.toSatisfy(
      (e: unknown) => e instanceof KeptError && e.code === 'store.closed',
    );
  });
});
