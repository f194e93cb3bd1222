import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeId } from '../../../src/adapters/stores/sqlite/sqlite.rows.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/adapters/stores/sqlite/sqlite.schema.ts';
import { openSqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { HourTally } from '../../../src/domain/evaluation/tally.ts';
import { judge } from '../../../src/domain/judgement.ts';
import {
  at,
  chatAlways,
  DAY,
  expectedTallies,
  HOUR,
  judged,
  mixedWeek,
  MONDAY,
  observation,
  officeHuman,
  tally,
  WEEK,
  type Recorded,
} from '../../contract/store-fixtures.ts';
import { tempStore, type TempStore } from './temp-store.ts';
import { uuid7 } from '../../../src/adapters/ids/uuid7.ts';

describe('the SQLite store, writing in batches', () => {
  let temp: TempStore | undefined;
  afterEach(async () => {
    await temp?.cleanup();
    temp = undefined;
  });
  const claims = [chatAlways.id, officeHuman.id];

  it('keeps the first copy of an id recorded twice in one batch, and only the new part of a half-stored batch', async () => {
    temp = await tempStore();
    const items = mixedWeek(300, 21);
    await temp.store.recordMany(items.slice(0, 120));
    const first = observation({ id: 'twice', startedAt: at(2, 9, 15) });
    const second = observation({ id: 'twice', startedAt: at(6, 22), outcome: 'rejected', probeId: 'chat-7' });
    await temp.store.recordMany([
      ...items.slice(100, 300),
      { observation: first, judgements: [judge(officeHuman, first)] },
      { observation: second, judgements: [judge(officeHuman, second), judge(chatAlways, second)] },
    ]);
    const all = [...items, { observation: first, judgements: [judge(officeHuman, first)] }];
    const tallies = await temp.store.tallies(claims, MONDAY, MONDAY + WEEK);
    expect(tallies.get(officeHuman.id)).toEqual(expectedTallies(all, officeHuman.id));
    expect(tallies.get(chatAlways.id)).toEqual(expectedTallies(all, chatAlways.id));
    expect(await temp.store.observations({ from: MONDAY, to: MONDAY + WEEK, probeId: 'chat-7' })).toEqual([]);
    expect((await temp.store.observations({ from: at(2, 9), to: at(2, 10) })).map((o) => o.id)).toContain('twice');
    expect(await temp.store.lastRunAt('chat-7')).toBeUndefined();
  });

  it('finds UUID ids already stored whether a batch is newer than everything stored or not', async () => {
    temp = await tempStore();
    const made = (n: number) =>
      observation({ id: uuid7(MONDAY + n * 60_000, Buffer.alloc(10, n)), startedAt: MONDAY + n * 60_000 });
    const items = Array.from({ length: 40 }, (_, n) => judged(made(n), [chatAlways]));
    await temp.store.recordMany(items.slice(0, 20));
    await temp.store.recordMany(items.slice(10, 30)); // half stored, half newer
    await temp.store.recordMany([...items.slice(0, 5)].reverse()); // all stored, older than the newest
    await temp.store.recordMany([items[39] as Recorded, items[39] as Recorded, items[30] as Recorded]); // newer, twice
    await temp.store.recordMany([
      { observation: { ...(items[39] as Recorded).observation, outcome: 'rejected' }, judgements: [] },
    ]);
    const stored = await temp.store.observations({ from: MONDAY, to: MONDAY + WEEK, limit: 1_000 });
    const expected = [...items.slice(0, 31), items[39] as Recorded].map((i) => i.observation).reverse();
    expect(stored).toEqual(expected);
    expect((await temp.store.tallies([chatAlways.id], MONDAY, MONDAY + WEEK)).get(chatAlways.id)).toEqual(
      expectedTallies([...items.slice(0, 31), items[39] as Recorded], chatAlways.id),
    );
  });

  it('skips a copy of any earlier id in a batch, whether the ids before it were in ascending order or not', async () => {
    temp = await tempStore();
    const made = (n: number) =>
      observation({ id: uuid7(MONDAY + n * 60_000, Buffer.alloc(10, n)), startedAt: MONDAY + n * 60_000 });
    const items = Array.from({ length: 8 }, (_, n) => judged(made(n), [chatAlways]));
    const copy = (n: number): Recorded => {
      const { observation: o, judgements } = items[n] as Recorded;
      return { observation: { ...o, outcome: 'rejected' }, judgements };
    };
    // Ascending, then a copy of the first; then out of order, a new id, and copies of ids on both sides of the switch.
    await temp.store.recordMany([0, 2, 3].map((n) => items[n] as Recorded).concat(copy(0)));
    await temp.store.recordMany([items[6], items[4], items[5], copy(6), copy(4), items[1], copy(1)] as Recorded[]);
    const stored = await temp.store.observations({ from: MONDAY, to: MONDAY + WEEK, limit: 100 });
    const kept = [0, 1, 2, 3, 4, 5, 6].map((n) => items[n] as Recorded);
    expect(stored).toEqual(kept.map((i) => i.observation).reverse());
    expect((await temp.store.tallies([chatAlways.id], MONDAY, MONDAY + WEEK)).get(chatAlways.id)).toEqual(
      expectedTallies(kept, chatAlways.id),
    );
  });

  it('stores each judgement with its own hour of week and flags, whatever the batch size', async () => {
    temp = await tempStore();
    const items = mixedWeek(300, 21);
    await temp.store.recordMany(items.slice(0, 250)); // two full 100-row statements and a part
    await temp.store.recordMany(items.slice(250));
    const expected = items
      .flatMap((i) => i.judgements)
      .map((j) => [j.claimId, j.at, j.observationId, j.hourOfWeek, +j.inForce, +j.counted, +j.met])
      .sort((x, y) => String(x).localeCompare(String(y)));
    expect(new Set(expected.map((row) => row.slice(4).join())).size).toBeGreaterThanOrEqual(3);
    expect(new Set(expected.map((row) => row[3])).size).toBeGreaterThan(20);
    const db = new Database(temp.path);
    try {
      const rows = db
        .prepare(
          `SELECT c.id, j.at, o.id, j.hour_of_week, j.in_force, j.counted, j.met FROM judgements j
           JOIN claims c ON c.key = j.claim_key JOIN observations o ON o.seq = j.obs_seq`,
        )
        .raw()
        .all([]) as [string, number, Uint8Array | string, ...number[]][];
      const stored = rows
        .map(([claim, at, id, ...rest]) => [claim, at, decodeId(id), ...rest])
        .sort((x, y) => String(x).localeCompare(String(y)));
      expect(stored).toEqual(expected);
    } finally {
      db.close();
    }
  });

  it('numbers observations after the highest stored one, so claim queries join each judgement to its own observation', async () => {
    temp = await tempStore();
    const items = mixedWeek(250, 4);
    for (let i = 0; i < items.length; i += 60) await temp.store.recordMany(items.slice(i, i + 60));
    const judged = await temp.store.observations({
      from: MONDAY,
      to: MONDAY + WEEK,
      claimId: officeHuman.id,
      limit: 1_000,
    });
    expect(judged.map((o) => o.id).sort()).toEqual(items.map((i) => i.observation.id).sort());
    expect(judged).toEqual(await temp.store.observations({ from: MONDAY, to: MONDAY + WEEK, limit: 1_000 }));
  });
});

describe('the SQLite store schema migration from version 1', () => {
  let temp: TempStore | undefined;
  afterEach(async () => {
    await temp?.cleanup();
    temp = undefined;
  });

  it('packs every hourly rollup row into days and reads the same tallies back', async () => {
    temp = await tempStore();
    // A file as version 1 wrote it: its schema, a claim, and hourly rows.
    const path = join(temp.dir, 'v1.db');
    const v1 = new Database(path);
    v1.exec(MIGRATIONS[0] as string);
    v1.exec('PRAGMA user_version = 1');
    const rows: HourTally[] = [
      tally(at(0, 0), 0, { met: 1 }),
      tally(at(0, 10), 15, { met: 3, failed: 1 }),
      tally(at(0, 10), 16, { inconclusive: 2 }),
      tally(at(0, 23), 23, { outOfForce: 7 }),
      tally(at(1, 0), 24, { met: 120_000, failed: 5, inconclusive: 6, outOfForce: 7 }),
      tally(MONDAY + 400 * DAY + 5 * HOUR, 5, { failed: 1 }),
      tally(-3 * DAY + 22 * HOUR, 94, { met: 2 }),
    ];
    v1.prepare('INSERT INTO claims (id, monitoring_since) VALUES (?, ?)').run([chatAlways.id, -3 * DAY]);
    const insert = v1.prepare('INSERT INTO hourly VALUES (1, ?, ?, ?, ?, ?, ?)');
    for (const t of rows) insert.run([t.hourStart, t.hourOfWeek, t.met, t.failed, t.inconclusive, t.outOfForce]);
    v1.close();

    const store = await openSqliteStore({ path });
    const sorted = [...rows].sort((a, b) => a.hourStart - b.hourStart || a.hourOfWeek - b.hourOfWeek);
    try {
      expect((await store.tallies([chatAlways.id], -10 * DAY, MONDAY + 500 * DAY)).get(chatAlways.id)).toEqual(sorted);
    } finally {
      await store.close();
    }
    const check = new Database(path);
    expect(check.prepare('PRAGMA user_version').raw().get([])).toEqual([SCHEMA_VERSION]);
    expect(check.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'hourly'").raw().get([])).toEqual([0]);
    expect(check.prepare('SELECT count(*) FROM daily').raw().get([])).toEqual([4]);
    check.close();
  });
});
