import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/adapters/stores/sqlite/sqlite.schema.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { Observation } from '../../../src/domain/observation.ts';
import { at, chatAlways, DAY, judged, MONDAY, observation, officeHuman, WEEK } from '../../contract/store-fixtures.ts';
import { tempStore, type TempStore } from './temp-store.ts';

/** Observations with every kind of id a version 2 file can hold, and a long transcript (deflated once migrated). */
function legacyObservations(): Observation[] {
  const transcript = Array.from({ length: 30 }, (_, i) => ({
    atMs: i * 1_000,
    from: 'bot' as const,
    text: `line ${i} `.repeat(8),
  }));
  return [
    {
      ...observation({ id: '3b241101-e2bb-4255-8caf-4136c566a962', startedAt: at(0, 10), humanMs: 30_000 }),
      findings: ['a'],
    },
    observation({
      id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
      startedAt: at(0, 11),
      outcome: 'unanswered',
      probeId: 'phone-1',
    }),
    observation({ id: 'legacy-text-id', startedAt: at(1, 9), outcome: 'inconclusive', firstResponseMs: 900 }),
    {
      ...observation({ id: 'F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6', startedAt: at(2, 9), humanMs: 500 }),
      evidence: { transcript },
    },
  ];
}

/** A file as version 2 wrote it: indexed fields in columns, the rest of the observation (with evidence) as JSON. */
function writeVersion2(path: string, items: ReturnType<typeof judged>[]): void {
  const db = new Database(path);
  db.exec(MIGRATIONS[0] as string);
  db.exec(MIGRATIONS[1] as string);
  db.exec('PRAGMA user_version = 2');
  const probe = db.prepare(
    'INSERT INTO probes (id, last_run_at) VALUES (?, ?) ON CONFLICT DO UPDATE SET last_run_at = max(last_run_at, excluded.last_run_at) RETURNING key',
  );
  const claim = db.prepare(
    'INSERT INTO claims (id, monitoring_since) VALUES (?, ?) ON CONFLICT DO UPDATE SET monitoring_since = monitoring_since RETURNING key',
  );
  const insert = db.prepare(
    'INSERT INTO observations (seq, id, probe_key, kind, started_at, outcome, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const judgement = db.prepare('INSERT INTO judgements VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  items.forEach(({ observation: o, judgements }, i) => {
    const { id, probeId, kind, startedAt, outcome, ...body } = o;
    const probeKey = (probe.raw().get([probeId, startedAt]) as [number])[0];
    insert.run([i + 1, id, probeKey, kind, startedAt, outcome, JSON.stringify(body)]);
    for (const j of judgements) {
      const claimKey = (claim.raw().get([j.claimId, j.at]) as [number])[0];
      judgement.run([
        claimKey,
        j.at,
        i + 1,
        j.hourOfWeek,
        Number(j.inForce),
        Number(j.counted),
        Number(j.met),
        j.reason,
      ]);
    }
  });
  db.close();
}

describe('the SQLite store schema migration from version 2', () => {
  let temp: TempStore | undefined;
  let store: SqliteStore | undefined;
  afterEach(async () => {
    await store?.close();
    await temp?.cleanup();
    store = temp = undefined;
  });

  it('opens a version 2 file in place: every observation reads back as recorded, ids become bytes where they are UUIDs', async () => {
    temp = await tempStore();
    const path = join(temp.dir, 'v2.db');
    const items = legacyObservations().map((o) => judged(o, [chatAlways, officeHuman]));
    writeVersion2(path, items);

    store = await openSqliteStore({ path });
    const window = { from: MONDAY, to: MONDAY + WEEK, limit: 100 };
    const newestFirst = [...items].reverse().map((i) => i.observation);
    expect(await store.observations(window)).toEqual(newestFirst);
    expect(await store.observations({ ...window, claimId: officeHuman.id })).toEqual(newestFirst);
    expect(await store.observations({ ...window, probeId: 'phone-1' })).toEqual([items[1]?.observation]);
    expect(await store.observations({ ...window, outcome: 'inconclusive' })).toEqual([items[2]?.observation]);
    expect(await store.lastRunAt('chat-1')).toBe(at(2, 9));

    // Recording the migrated observations again changes nothing: their ids are found in either form.
    await store.recordMany(items);
    expect(await store.observations(window)).toEqual(newestFirst);
    await store.close();
    store = undefined;

    const db = new Database(path, { readonly: true });
    expect(db.prepare('PRAGMA user_version').raw().get([])).toEqual([SCHEMA_VERSION]);
    const stored = db
      .prepare(
        `SELECT typeof(id), length(id), kind, outcome, typeof(e.data) FROM observations o
      LEFT JOIN evidence e ON e.seq = o.seq ORDER BY o.seq`,
      )
      .raw()
      .all([]);
    expect(stored).toEqual([
      ['blob', 16, 0, 0, 'text'],
      ['blob', 16, 2, 1, 'text'],
      ['text', 14, 0, 3, 'text'],
      ['text', 36, 0, 0, 'text'], // upper case is not canonical: kept as text, so it reads back as given
    ]);
    const indexes = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'observations' ORDER BY name")
      .raw()
      .all([]);
    expect(indexes).toEqual([['observations_by_probe'], ['sqlite_autoindex_observations_1']]); // version 4: no time index
    expect(db.prepare('PRAGMA integrity_check').raw().get([])).toEqual(['ok']);
    db.close();
  });

  it("opens a file of schema 3's first, unreleased layout (evidence in a column of observations)", async () => {
    temp = await tempStore();
    const path = join(temp.dir, 'interim.db');
    const db = new Database(path);
    for (const step of MIGRATIONS.slice(0, 3)) db.exec(step);
    db.exec('PRAGMA user_version = 3; DROP TABLE evidence; ALTER TABLE observations ADD COLUMN evidence BLOB;');
    db.prepare('INSERT INTO probes (key, id, last_run_at) VALUES (1, ?, ?)').run(['chat-1', at(0, 10)]);
    const insert = db.prepare(
      'INSERT INTO observations (seq, id, probe_key, kind, started_at, outcome, body, evidence) VALUES (?, ?, 1, 0, ?, 0, ?, ?)',
    );
    insert.run([
      1,
      'interim-1',
      at(0, 9),
      '{"t":{"c":40,"h":500,"t":120000},"H":true}',
      '{"details":{"transport":"websocket"}}',
    ]);
    insert.run([2, 'interim-2', at(0, 10), '{"t":{"c":40,"t":120000},"H":false}', null]);
    db.close();
    store = await openSqliteStore({ path });
    const base = { probeId: 'chat-1', kind: 'chat-api', outcome: 'answered' };
    expect(await store.observations({ from: MONDAY, to: MONDAY + WEEK })).toEqual([
      {
        ...base,
        id: 'interim-2',
        startedAt: at(0, 10),
        timings: { connectMs: 40, totalMs: 120_000 },
        humanReached: false,
      },
      {
        ...base,
        id: 'interim-1',
        startedAt: at(0, 9),
        timings: { connectMs: 40, humanMs: 500, totalMs: 120_000 },
        humanReached: true,
        evidence: { details: { transport: 'websocket' } },
      },
    ]);
  });

  it('stores long evidence deflated and short evidence as text, the timings as one array, and reads all back', async () => {
    temp = await tempStore();
    const [short, , , long] = legacyObservations() as [Observation, Observation, Observation, Observation];
    const fresh = { ...long, id: '01900000-0000-7000-8000-000000000001', startedAt: at(3, 9) };
    await temp.store.recordMany([judged(short, [chatAlways]), judged(fresh, [chatAlways])]);
    expect(await temp.store.observations({ from: MONDAY, to: MONDAY + 7 * DAY })).toEqual([fresh, short]);
    await temp.store.close();
    const db = new Database(temp.path, { readonly: true });
    const rows = db.prepare('SELECT typeof(data), length(data) FROM evidence ORDER BY seq').raw().all([]) as [
      string,
      number,
    ][];
    expect(db.prepare("SELECT body FROM observations WHERE id = 'legacy-text-id'").raw().get([])).toBeUndefined();
    expect(db.prepare('SELECT body FROM observations ORDER BY seq').raw().all([])).toEqual([
      ['{"t":[40,null,30000,null,120000],"H":true,"f":["a"]}'], // findings: the general form
      ['[40,null,500,null,120000,1]'], // only timings and whether a human was reached: one array
    ]);
    db.close();
    expect(rows.map(([type]) => type)).toEqual(['text', 'blob']);
    expect(rows[1]?.[1]).toBeLessThan(JSON.stringify(long.evidence).length / 4);
    temp.store = await openSqliteStore({ path: temp.path });
  });
});
