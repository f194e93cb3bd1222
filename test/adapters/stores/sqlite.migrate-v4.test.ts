import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { dayStartOf, encodeDay, type DayCounts } from '../../../src/adapters/stores/sqlite/sqlite.days.ts';
import {
  encodeBody,
  encodeEvidence,
  encodeId,
  encodeName,
  KIND_CODES,
  OUTCOME_CODES,
} from '../../../src/adapters/stores/sqlite/sqlite.rows.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/adapters/stores/sqlite/sqlite.schema.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { countColumn } from '../../../src/adapters/stores/sqlite/sqlite.batch-rows.ts';
import { hourStartOf, HOUR_MS } from '../../../src/domain/evaluation/tally.ts';
import {
  at,
  chatAlways,
  DAY,
  judged,
  MONDAY,
  observation,
  officeHuman,
  week,
  WEEK,
  type Recorded,
} from '../../contract/store-fixtures.ts';
import { tempStore, type TempStore } from './temp-store.ts';

/** The week's attempts with UUIDv7 ids (stored as bytes) beside the text ids, and a long transcript (deflated). */
function items(): Recorded[] {
  const transcript = Array.from({ length: 30 }, (_, i) => ({
    atMs: i * 1_000,
    from: 'bot' as const,
    text: `l${i} `.repeat(12),
  }));
  return [
    ...week(),
    judged(observation({ id: '019b3a10-0000-7000-8000-000000000001', startedAt: at(1, 9), humanMs: 20_000 }), [
      chatAlways,
      officeHuman,
    ]),
    judged(
      {
        ...observation({ id: '019b3a10-0000-7000-8000-000000000002', startedAt: at(2, 14), humanMs: 400_000 }),
        evidence: { transcript },
      },
      [chatAlways, officeHuman],
    ),
  ];
}

/** A file as version 3 wrote it: its schema, and rows laid out as its writer laid them, judgements with their reason. */
function writeVersion3(path: string, recorded: readonly Recorded[]): void {
  const db = new Database(path);
  for (const step of MIGRATIONS.slice(0, 3)) db.exec(step);
  db.exec('PRAGMA user_version = 3');
  const probe = db.prepare(
    'INSERT INTO probes (id, last_run_at) VALUES (?, ?) ON CONFLICT DO UPDATE SET last_run_at = max(last_run_at, excluded.last_run_at) RETURNING key',
  );
  const claim = db.prepare(
    'INSERT INTO claims (id, monitoring_since) VALUES (?, ?) ON CONFLICT DO UPDATE SET monitoring_since = min(monitoring_since, excluded.monitoring_since) RETURNING key',
  );
  const insert = db.prepare('INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?)');
  const evidence = db.prepare('INSERT INTO evidence VALUES (?, ?)');
  const judgement = db.prepare('INSERT INTO judgements VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const days = new Map<string, DayCounts>();
  recorded.forEach(({ observation: o, judgements }, i) => {
    const seq = i + 1;
    const probeKey = (probe.raw().get([o.probeId, o.startedAt]) as [number])[0];
    insert.run([
      seq,
      encodeId(o.id),
      probeKey,
      encodeName(KIND_CODES, o.kind),
      o.startedAt,
      encodeName(OUTCOME_CODES, o.outcome),
      encodeBody(o),
    ]);
    const data = encodeEvidence(o.evidence);
    if (data !== null) evidence.run([seq, data]);
    for (const j of judgements) {
      const claimKey = (claim.raw().get([j.claimId, j.at]) as [number])[0];
      judgement.run([claimKey, j.at, seq, j.hourOfWeek, Number(j.inForce), Number(j.counted), Number(j.met), j.reason]);
      const hourStart = hourStartOf(j.at);
      const dayKey = `${claimKey}:${dayStartOf(hourStart)}`;
      const day = days.get(dayKey) ?? new Map();
      days.set(dayKey, day);
      const slot = ((hourStart - dayStartOf(hourStart)) / HOUR_MS) * 1000 + j.hourOfWeek;
      const counts = day.get(slot) ?? [0, 0, 0, 0];
      day.set(slot, counts);
      counts[countColumn(j)] += 1;
    }
  });
  const daily = db.prepare('INSERT INTO daily VALUES (?, ?, ?)');
  for (const [key, counts] of days) daily.run([...key.split(':').map(Number), encodeDay(counts)]);
  db.close();
}

describe('the SQLite store schema migration from version 3 to 4', () => {
  const opened: SqliteStore[] = [];
  const temps: TempStore[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    for (const temp of temps.splice(0)) await temp.cleanup();
  });

  it('drops the time index and the judgements’ reason text: every answer stays what a fresh store gives', async () => {
    const temp = await tempStore();
    temps.push(temp);
    const recorded = items();
    const path = join(temp.dir, 'v3.db');
    writeVersion3(path, recorded);
    const migrated = await openSqliteStore({ path });
    opened.push(migrated);
    // The same records written by this version into the temp store: what the migrated file must answer alike.
    const fresh = temp.store;
    await fresh.recordMany(recorded);

    const window = { from: MONDAY, to: MONDAY + WEEK, limit: 100 };
    const queries = [
      window,
      { ...window, limit: 3 },
      { ...window, claimId: officeHuman.id },
      { ...window, claimId: chatAlways.id, outcome: 'answered' as const },
      { ...window, probeId: 'phone-1' },
      { ...window, probeId: 'chat-1', from: at(0, 10, 40), to: at(2, 14) },
      { ...window, outcome: 'inconclusive' as const },
    ];
    for (const query of queries) {
      const expected = await fresh.observations(query);
      expect(expected.length).toBeGreaterThan(0);
      expect(await migrated.observations(query)).toEqual(expected);
    }
    expect((await migrated.observations(window)).length).toBe(recorded.length);
    const ids = [chatAlways.id, officeHuman.id];
    expect(await migrated.tallies(ids, MONDAY, MONDAY + WEEK)).toEqual(await fresh.tallies(ids, MONDAY, MONDAY + WEEK));
    expect(await migrated.slotTallies(ids, MONDAY, MONDAY + WEEK)).toEqual(
      await fresh.slotTallies(ids, MONDAY, MONDAY + WEEK),
    );
    expect(await migrated.monitoringSince(ids)).toEqual(await fresh.monitoringSince(ids));
    expect(await migrated.lastRunAt('chat-1')).toBe(at(6, 3));

    // Recording the same ids again changes nothing, in the migrated file as in a fresh one.
    await migrated.recordMany(recorded);
    expect(await migrated.observations(window)).toEqual(await fresh.observations(window));
    expect(await migrated.slotTallies(ids, MONDAY, MONDAY + WEEK)).toEqual(
      await fresh.slotTallies(ids, MONDAY, MONDAY + WEEK),
    );

    // Pruning walks the probe index now: both files drop the same rows and keep the same rollups.
    const now = at(1, 12) + 35 * DAY;
    expect(await migrated.prune(now)).toEqual(await fresh.prune(now));
    expect(await migrated.observations(window)).toEqual(await fresh.observations(window));
    expect((await migrated.observations(window)).map((o) => o.startedAt)).toEqual([at(6, 3), at(5, 10), at(2, 14)]);
    expect(await migrated.tallies(ids, MONDAY, MONDAY + WEEK)).toEqual(await fresh.tallies(ids, MONDAY, MONDAY + WEEK));
    await migrated.close();
    opened.splice(0);

    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('PRAGMA user_version').raw().get([])).toEqual([SCHEMA_VERSION]);
      expect(SCHEMA_VERSION).toBe(4);
      const indexes = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'observations' ORDER BY name")
        .raw()
        .all([]);
      expect(indexes).toEqual([['observations_by_probe'], ['sqlite_autoindex_observations_1']]);
      const columns = db.prepare('SELECT name FROM pragma_table_info(?)').raw().all(['judgements']);
      expect(columns.flat()).toEqual(['claim_key', 'at', 'obs_seq', 'hour_of_week', 'in_force', 'counted', 'met']);
      // The judgements left after the prune kept every other column as version 3 wrote it.
      const kept = recorded.filter(({ observation: o }) => o.startedAt >= at(1, 12)).flatMap((r) => r.judgements);
      const rows = db
        .prepare(
          'SELECT c.id, j.at, j.hour_of_week, j.in_force, j.counted, j.met FROM judgements j JOIN claims c ON c.key = j.claim_key ORDER BY c.id, j.at',
        )
        .raw()
        .all([]);
      expect(rows).toEqual(
        kept
          .map((j) => [j.claimId, j.at, j.hourOfWeek, Number(j.inForce), Number(j.counted), Number(j.met)])
          .sort((x, y) => String(x[0]).localeCompare(String(y[0])) || Number(x[1]) - Number(y[1])),
      );
      expect(db.prepare('PRAGMA integrity_check').raw().get([])).toEqual(['ok']);
    } finally {
      db.close();
    }
  });
});
