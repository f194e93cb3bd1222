import type Database from 'libsql';
import { fatalError } from '../../../domain/errors.ts';
import { inTransaction } from './sqlite.transaction.ts';

/**
 * The embedded store's schema, versioned with `PRAGMA user_version`. `MIGRATIONS[n]` takes a database from version n
 * to n + 1; a new version appends a step and never edits an old one. See docs/architecture/store.md.
 *
 * Strings that repeat on every row (probe and claim ids) are interned into `probes` and `claims`, which also hold the
 * two per-key facts that must outlive pruning: a probe's latest run and a claim's first judgement.
 */
const V1 = `
CREATE TABLE probes (
  key          INTEGER PRIMARY KEY,
  id           TEXT    NOT NULL UNIQUE,
  last_run_at  INTEGER NOT NULL
);

CREATE TABLE claims (
  key               INTEGER PRIMARY KEY,
  id                TEXT    NOT NULL UNIQUE,
  monitoring_since  INTEGER NOT NULL
);

-- Raw observations: indexed columns plus the rest of the observation as JSON. Pruned after the raw retention.
CREATE TABLE observations (
  seq         INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL UNIQUE,
  probe_key   INTEGER NOT NULL REFERENCES probes (key),
  kind        TEXT    NOT NULL,
  started_at  INTEGER NOT NULL,
  outcome     TEXT    NOT NULL,
  body        TEXT    NOT NULL
);
CREATE INDEX observations_by_time ON observations (started_at);
CREATE INDEX observations_by_probe ON observations (probe_key, started_at);
CREATE INDEX observations_by_outcome ON observations (outcome, started_at);

-- How each observation counted for each claim, clustered by (claim, time). Pruned with the observations.
CREATE TABLE judgements (
  claim_key     INTEGER NOT NULL REFERENCES claims (key),
  at            INTEGER NOT NULL,
  obs_seq       INTEGER NOT NULL REFERENCES observations (seq),
  hour_of_week  INTEGER NOT NULL,
  in_force      INTEGER NOT NULL,
  counted       INTEGER NOT NULL,
  met           INTEGER NOT NULL,
  reason        TEXT    NOT NULL,
  PRIMARY KEY (claim_key, at, obs_seq)
) WITHOUT ROWID;

-- The downsampled form verdicts are computed from; updated in the transaction that inserts the judgements, never pruned.
CREATE TABLE hourly (
  claim_key     INTEGER NOT NULL REFERENCES claims (key),
  hour_start    INTEGER NOT NULL,
  hour_of_week  INTEGER NOT NULL,
  met           INTEGER NOT NULL,
  failed        INTEGER NOT NULL,
  inconclusive  INTEGER NOT NULL,
  out_of_force  INTEGER NOT NULL,
  PRIMARY KEY (claim_key, hour_start, hour_of_week)
) WITHOUT ROWID;

CREATE TABLE gaps (
  probe_id     TEXT    NOT NULL,
  from_ms      INTEGER NOT NULL,
  to_ms        INTEGER NOT NULL,
  missed_runs  INTEGER NOT NULL,
  reason       TEXT    NOT NULL,
  PRIMARY KEY (probe_id, from_ms, to_ms)
) WITHOUT ROWID;
CREATE INDEX gaps_by_time ON gaps (from_ms);

-- Small facts about the store itself, e.g. 'pruned_before': raw rows before it are gone, so late arrivals are refused.
CREATE TABLE meta (
  key    TEXT PRIMARY KEY,
  value  INTEGER NOT NULL
) WITHOUT ROWID;
`;

const D = 86_400_000;
const H = 3_600_000;
/** Hour of the UTC day, 0-23, also for hours before 1970. */
const HOUR_OF_DAY = `(((hour_start % ${D}) + ${D}) % ${D}) / ${H}`;
const zeroless = (column: string): string => `coalesce(nullif(${column}, 0), '')`;

/**
 * Version 2: the hourly rollup packed into one row per claim and UTC day (sqlite.days.ts): a 90-day verdict for 1,000
 * claims walks 90,000 rows instead of 2.2 million, and a claim-day takes about 200 bytes instead of 24 rows of 30.
 */
const V2 = `
CREATE TABLE daily (
  claim_key  INTEGER NOT NULL REFERENCES claims (key),
  day_start  INTEGER NOT NULL,
  hours      TEXT    NOT NULL,
  PRIMARY KEY (claim_key, day_start)
) WITHOUT ROWID;

INSERT INTO daily (claim_key, day_start, hours)
SELECT claim_key, day_start, group_concat(entry, '' ORDER BY hour_start, hour_of_week) FROM (
  SELECT claim_key, hour_start, hour_of_week, hour_start - ${HOUR_OF_DAY} * ${H} AS day_start,
    char(97 + ${HOUR_OF_DAY}) || hour_of_week || rtrim(',' || ${zeroless('met')} || ',' || ${zeroless('failed')}
      || ',' || ${zeroless('inconclusive')} || ',' || ${zeroless('out_of_force')}, ',') AS entry
  FROM hourly
) GROUP BY claim_key, day_start;

DROP TABLE hourly;
`;

const UUID_TEXT = `'${'[0-9a-f]'.repeat(8)}-${'[0-9a-f]'.repeat(4)}-${'[0-9a-f]'.repeat(4)}-${'[0-9a-f]'.repeat(4)}-${'[0-9a-f]'.repeat(12)}'`;
const code = (column: string, names: readonly string[]): string =>
  `CASE ${column} ${names.map((name, i) => `WHEN '${name}' THEN ${i}`).join(' ')} ELSE ${column} END`;

/**
 * Version 3: smaller raw rows, so a bulk write touches fewer pages (docs/architecture/store.md, "Schema").
 * - `id` holds a canonical UUID as its 16 bytes (other ids stay text); observation ids are time-ordered UUIDv7, so the
 *   id index grows at its end;
 * - `kind` and `outcome` are small codes (sqlite.rows.ts: KIND_CODES, OUTCOME_CODES; an unknown name stays text);
 * - the evidence moves out of `body` into its own table, `evidence` (JSON text, or deflated JSON above 1 KiB), so the
 *   raw rows pack densely and its bytes are counted apart; `body` keeps the rest with short keys and the timings as
 *   one array (sqlite.rows.ts: encodeBody);
 * - the (outcome, started_at) index goes: an outcome is asked for with a claim (the judgements' key) or a probe.
 * The lists below are frozen as they were at version 3; sqlite.rows.ts only ever appends to them.
 */
const V3 = `
CREATE TABLE observations_v3 (
  seq         INTEGER PRIMARY KEY,
  id          BLOB    NOT NULL UNIQUE,
  probe_key   INTEGER NOT NULL REFERENCES probes (key),
  kind        INTEGER NOT NULL,
  started_at  INTEGER NOT NULL,
  outcome     INTEGER NOT NULL,
  body        TEXT    NOT NULL
);
-- An observation's evidence, by its seq: JSON text, or deflated JSON (a BLOB). Pruned with the observations.
CREATE TABLE evidence (
  seq   INTEGER PRIMARY KEY,
  data  BLOB    NOT NULL
);
INSERT INTO evidence (seq, data) SELECT seq, body -> '$.evidence' FROM observations WHERE body -> '$.evidence' IS NOT NULL;
INSERT INTO observations_v3 (seq, id, probe_key, kind, started_at, outcome, body)
SELECT seq, CASE WHEN id GLOB ${UUID_TEXT} THEN unhex(replace(id, '-', '')) ELSE id END, probe_key,
  ${code('kind', ['chat-api', 'browser-chat', 'sip', 'email'])}, started_at,
  ${code('outcome', ['answered', 'unanswered', 'rejected', 'inconclusive'])},
  json_remove(body, '$.evidence')
FROM observations ORDER BY seq;
DROP TABLE observations;
ALTER TABLE observations_v3 RENAME TO observations;
CREATE INDEX observations_by_time ON observations (started_at);
CREATE INDEX observations_by_probe ON observations (probe_key, started_at);
`;

/**
 * Schema 3 as first committed (a449bb0, 2026-12-06, never released; in the tree for about 15 minutes) kept the evidence
 * in a column of `observations`. Files made then (bench caches, demo data) are brought to the final layout when opened.
 */
const INTERIM_V3_FIX = `
CREATE TABLE evidence (
  seq   INTEGER PRIMARY KEY,
  data  BLOB    NOT NULL
);
INSERT INTO evidence (seq, data) SELECT seq, evidence FROM observations WHERE evidence IS NOT NULL;
ALTER TABLE observations DROP COLUMN evidence;
`;

/**
 * Version 4: less to write per observation (docs/architecture/store.md, "Schema"):
 * - the `(started_at)` index goes: every query Kept makes names a probe (the `(probe_key, started_at)` index) or a
 *   claim (the judgements' key), and `prune` walks the probe index probe by probe; only a query by time alone (which
 *   nothing in Kept makes) now reads the table in full;
 * - a judgement's `reason` text goes: no reader ever read it back, and it is a function of the observation and the
 *   claim (`judge` in src/domain/judgement.ts), so it is derived when wanted rather than stored 17-60 bytes a row.
 * `DROP COLUMN` rewrites every judgement row once (its freed pages are reused by new rows).
 */
const V4 = `
DROP INDEX observations_by_time;
ALTER TABLE judgements DROP COLUMN reason;
`;

function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').raw().get([table, column]) !== undefined;
}

function fixInterimV3(db: Database.Database): void {
  if (hasColumn(db, 'observations', 'evidence')) inTransaction(db, () => db.exec(INTERIM_V3_FIX));
}

/** Every schema step in order; exported for the migration test. */
export const MIGRATIONS: readonly string[] = [V1, V2, V3, V4];

export const SCHEMA_VERSION = MIGRATIONS.length;

function userVersion(db: Database.Database): number {
  const row = db.prepare('PRAGMA user_version').raw().get([]) as [number] | undefined;
  return row?.[0] ?? 0;
}

/** Brings the schema up to `SCHEMA_VERSION`, each step in its own transaction. Refuses a database from a newer Kept. */
export function migrate(db: Database.Database): { from: number; to: number } {
  const from = userVersion(db);
  if (from > SCHEMA_VERSION) {
    throw fatalError(
      'store.schema-too-new',
      `the store's schema is version ${from}, but this Kept knows only up to ${SCHEMA_VERSION}; upgrade Kept`,
    );
  }
  for (let version = from; version < SCHEMA_VERSION; version += 1) {
    // A file of version 3's interim layout is brought to the final one before it goes on to version 4.
    if (version === 3) fixInterimV3(db);
    const step = MIGRATIONS[version] as string;
    inTransaction(db, () => {
      db.exec(step);
      db.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
  return { from, to: SCHEMA_VERSION };
}

/**
 * Settings for the observation store, applied before `configure`:
 * - a page cache of 64 MiB (the default is 2 MiB): bulk writes touch a leaf page per probe and claim in each index, and
 *   these should stay in memory. It is a ceiling, filled only as pages are read;
 * - a checkpoint every 64 MiB of log instead of every 4 MiB, so a page written by several batches in a row is copied
 *   into the database once; after a checkpoint the log file is cut back to 64 MiB.
 * Pages stay at SQLite's 4 KiB: an index insert at a random place rewrites a whole page in the log, so larger pages
 * multiply the bytes written (16 KiB pages wrote 24 KB per observation at 2 million, with random UUIDs as ids).
 */
export function tune(db: Database.Database): void {
  db.exec('PRAGMA cache_size = -65536');
  db.exec('PRAGMA wal_autocheckpoint = 16384');
  db.exec('PRAGMA journal_size_limit = 67108864');
}

/** Connection settings: WAL so readers never block the writer, FULL sync so a commit survives power loss. */
export function configure(db: Database.Database, memory: boolean): void {
  if (!memory) db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA foreign_keys = OFF');
}
