import { escape, type IPoint } from 'influx';
import type { PopulationQuery } from '../../../app/ports.ts';
import type { PopulationGap, PopulationReading, WaitSplit } from '../../../domain/population/population-reading.ts';
import type { Row } from './influx.io.ts';
import { nanos } from './influx.points.ts';
import { fq, RP } from './influx.schema.ts';

/**
 * Population evidence in InfluxDB (docs/architecture/collectors.md): three measurements in `kept_rollup` (kept as long
 * as the hourly judgement counts: readings are counts already). Tags are bounded: collector, queue, channel.
 * | measurement          | tags                       | fields                                                  | time        |
 * | `population`         | collector, queue, channel  | to_ms, contacts, abandoned, within?, threshold_ms?,     | the start   |
 * |                      |                            | longest_ms?, average_ms?, source, extra? (JSON)         |             |
 * | `population_gap`     | collector                  | to_ms, code, reason                                     | the start   |
 * | `population_cursor`  | collector                  | read_to                                                 | read_to     |
 * A point with the same tags and time overwrites the earlier one: a read of the same interval replaces it, and a gap
 * that goes on (same collector and start) is rewritten longer.
 */
export const PM = { reading: 'population', gap: 'population_gap', cursor: 'population_cursor' } as const;

/** InfluxDB drops empty tag values: a reading without a channel is stored under this one. */
const NO_CHANNEL = '-';
const lit = escape.stringLit;
const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

interface Extra {
  readonly splits?: readonly WaitSplit[];
  readonly uncounted?: readonly string[];
}

export function readingPoint(r: PopulationReading): IPoint {
  const extra: Extra = {
    ...(r.splits === undefined ? {} : { splits: r.splits }),
    ...(r.uncounted === undefined ? {} : { uncounted: r.uncounted }),
  };
  const fields: Record<string, number | string> = {
    to_ms: r.toMs,
    contacts: r.contacts,
    abandoned: r.abandoned,
    source: r.source,
  };
  if (r.withinPromise !== undefined) fields.within = r.withinPromise;
  if (r.thresholdMs !== undefined) fields.threshold_ms = r.thresholdMs;
  if (r.longestWaitMs !== undefined) fields.longest_ms = r.longestWaitMs;
  if (r.averageWaitMs !== undefined) fields.average_ms = r.averageWaitMs;
  if (Object.keys(extra).length > 0) fields.extra = JSON.stringify(extra);
  return {
    measurement: PM.reading,
    tags: { collector: r.collectorId, queue: r.queue, channel: r.channel ?? NO_CHANNEL },
    fields,
    timestamp: nanos(r.fromMs),
  };
}

export function gapPoint(gap: PopulationGap): IPoint {
  return {
    measurement: PM.gap,
    tags: { collector: gap.collectorId },
    fields: { to_ms: gap.toMs, code: gap.code, reason: oneLine(gap.reason) },
    timestamp: nanos(gap.fromMs),
  };
}

export function cursorPoint(collectorId: string, readTo: number): IPoint {
  return {
    measurement: PM.cursor,
    tags: { collector: collectorId },
    fields: { read_to: readTo },
    timestamp: nanos(readTo),
  };
}

const anyCollector = (ids: readonly string[]): string =>
  `(${ids.map((id) => `"collector" = ${lit(id)}`).join(' OR ')})`;

export const readingsQuery = (db: string, query: PopulationQuery): string =>
  `SELECT * FROM ${fq(db, RP.rollup, PM.reading)} WHERE ${anyCollector(query.collectorIds)} ` +
  `AND time >= ${nanos(Math.max(0, Math.floor(query.from)))} AND time < ${nanos(Math.ceil(query.to))}`;

/** Gaps that start before `to` and end after `from` (the end is a field, so filtered here). */
export const gapsQuery = (db: string, query: PopulationQuery): string =>
  `SELECT * FROM ${fq(db, RP.rollup, PM.gap)} WHERE ${anyCollector(query.collectorIds)} ` +
  `AND time >= 0 AND time < ${nanos(Math.ceil(query.to))} AND "to_ms" > ${Number(query.from)}`;

export const cursorQuery = (db: string, collectorId: string): string =>
  `SELECT max("read_to") AS "read_to" FROM ${fq(db, RP.rollup, PM.cursor)} WHERE "collector" = ${lit(collectorId)}`;

const num = (row: Row, key: string): number | undefined => (typeof row[key] === 'number' ? row[key] : undefined);
const str = (row: Row, key: string): string => String(row[key] ?? '');

/** A reading exactly as recorded: absent optional fields stay absent. */
export function decodeReading(row: Row): PopulationReading {
  const extra = typeof row.extra === 'string' ? (JSON.parse(row.extra) as Extra) : {};
  const channel = str(row, 'channel');
  const within = num(row, 'within');
  const threshold = num(row, 'threshold_ms');
  const longest = num(row, 'longest_ms');
  const average = num(row, 'average_ms');
  return {
    collectorId: str(row, 'collector'),
    queue: str(row, 'queue'),
    ...(channel === NO_CHANNEL ? {} : { channel }),
    fromMs: num(row, 'time') as number,
    toMs: num(row, 'to_ms') as number,
    contacts: num(row, 'contacts') as number,
    ...(within === undefined ? {} : { withinPromise: within }),
    ...(threshold === undefined ? {} : { thresholdMs: threshold }),
    ...(extra.splits === undefined ? {} : { splits: extra.splits }),
    abandoned: num(row, 'abandoned') as number,
    ...(longest === undefined ? {} : { longestWaitMs: longest }),
    ...(average === undefined ? {} : { averageWaitMs: average }),
    source: str(row, 'source'),
    ...(extra.uncounted === undefined ? {} : { uncounted: extra.uncounted }),
  };
}

export function decodeGap(row: Row): PopulationGap {
  return {
    collectorId: str(row, 'collector'),
    fromMs: num(row, 'time') as number,
    toMs: num(row, 'to_ms') as number,
    code: str(row, 'code'),
    reason: str(row, 'reason'),
  };
}
