import type { PopulationReading, WaitSplit } from '../../../domain/population/population-reading.ts';

/**
 * The population tables, created when missing (they live beside the observation schema, whose `user_version` they do
 * not touch; a later change records its version in `population_meta`). Readings are keyed by collector, interval
 * start, queue and channel (`''` when the platform gives none), so a read of the same interval replaces the earlier
 * one; gaps by collector and start, so an outage that goes on extends one row.
 */
export const POPULATION_SCHEMA = `
  CREATE TABLE IF NOT EXISTS population_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  INSERT OR IGNORE INTO population_meta (key, value) VALUES ('version', '1');
  CREATE TABLE IF NOT EXISTS population_readings (
    collector     TEXT    NOT NULL,
    from_ms       INTEGER NOT NULL,
    queue         TEXT    NOT NULL,
    channel       TEXT    NOT NULL,
    to_ms         INTEGER NOT NULL,
    contacts      INTEGER NOT NULL,
    abandoned     INTEGER NOT NULL,
    within        INTEGER,
    threshold_ms  INTEGER,
    longest_ms    REAL,
    average_ms    REAL,
    source        TEXT    NOT NULL,
    extra         TEXT,
    PRIMARY KEY (collector, from_ms, queue, channel)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS population_gaps (
    collector TEXT    NOT NULL,
    from_ms   INTEGER NOT NULL,
    to_ms     INTEGER NOT NULL,
    code      TEXT    NOT NULL,
    reason    TEXT    NOT NULL,
    PRIMARY KEY (collector, from_ms)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS population_gaps_by_time ON population_gaps (from_ms);
  CREATE TABLE IF NOT EXISTS population_cursors (collector TEXT PRIMARY KEY, read_to INTEGER NOT NULL) WITHOUT ROWID;
`;

export type ReadingRow = [
  collector: string,
  fromMs: number,
  queue: string,
  channel: string,
  toMs: number,
  contacts: number,
  abandoned: number,
  within: number | null,
  thresholdMs: number | null,
  longestMs: number | null,
  averageMs: number | null,
  source: string,
  extra: string | null,
];

export type GapRow = [collector: string, fromMs: number, toMs: number, code: string, reason: string];

/** The rarer fields, as JSON: splits at more limits, and what the platform's clock does not count. */
interface Extra {
  readonly splits?: readonly WaitSplit[];
  readonly uncounted?: readonly string[];
}

export function encodeReading(r: PopulationReading): unknown[] {
  const extra: Extra = {
    ...(r.splits === undefined ? {} : { splits: r.splits }),
    ...(r.uncounted === undefined ? {} : { uncounted: r.uncounted }),
  };
  return [
    r.collectorId,
    r.fromMs,
    r.queue,
    r.channel ?? '',
    r.toMs,
    r.contacts,
    r.abandoned,
    r.withinPromise ?? null,
    r.thresholdMs ?? null,
    r.longestWaitMs ?? null,
    r.averageWaitMs ?? null,
    r.source,
    Object.keys(extra).length === 0 ? null : JSON.stringify(extra),
  ];
}

/** A reading exactly as recorded: absent optional fields stay absent. */
export function decodeReading(row: ReadingRow): PopulationReading {
  const [collectorId, fromMs, queue, channel, toMs, contacts, abandoned, within, threshold, longest, average] = row;
  const extra = row[12] === null ? {} : (JSON.parse(row[12]) as Extra);
  return {
    collectorId,
    queue,
    ...(channel === '' ? {} : { channel }),
    fromMs,
    toMs,
    contacts,
    ...(within === null ? {} : { withinPromise: within }),
    ...(threshold === null ? {} : { thresholdMs: threshold }),
    ...(extra.splits === undefined ? {} : { splits: extra.splits }),
    abandoned,
    ...(longest === null ? {} : { longestWaitMs: longest }),
    ...(average === null ? {} : { averageWaitMs: average }),
    source: row[11],
    ...(extra.uncounted === undefined ? {} : { uncounted: extra.uncounted }),
  };
}
