import { escape } from 'influx';
import type { ObservationQuery } from '../../../app/ports.ts';
import { HOUR_MS, hourStartOf, type HourTally } from '../../../domain/evaluation/tally.ts';
import type { Rows } from './influx.io.ts';
import { nanos, registryBucket, registryTime } from './influx.points.ts';
import { fq, JUDGEMENT_TAGS, M, rollupSelect, RP } from './influx.schema.ts';

/** The InfluxQL the store runs. Values are always escaped string literals; times are nanosecond integers. */

const q = escape.quoted;
const lit = escape.stringLit;
const MAX_NS_MS = 9_000_000_000_000; // epoch ms whose nanoseconds still fit InfluxDB's int64 (year 2255)

/** `[fromMs, toMs)` on point times, widened to whole milliseconds (callers filter exact starts). */
export const timeRange = (fromMs: number, toMs: number): string =>
  `time >= ${nanos(Math.max(0, Math.floor(fromMs)))} AND time < ${nanos(Math.min(MAX_NS_MS, Math.ceil(toMs)))}`;

const anyOf = (tag: string, values: readonly string[]): string =>
  `(${values.map((v) => `${q(tag)} = ${lit(v)}`).join(' OR ')})`;

const ALL_TIME = `time >= 0 AND time < ${nanos(MAX_NS_MS)}`;

export const OBSERVATION_COLUMNS = '"id", "started_at", "body", "probe", "kind", "outcome"';

export function observationsPage(
  db: string,
  query: ObservationQuery,
  window: { from: number; to: number },
  limit: number,
  offset: number,
): string {
  const where = [timeRange(window.from, window.to)];
  if (query.probeId !== undefined) where.push(`${q('probe')} = ${lit(query.probeId)}`);
  if (query.outcome !== undefined) where.push(`${q('outcome')} = ${lit(query.outcome)}`);
  return (
    `SELECT ${OBSERVATION_COLUMNS} FROM ${fq(db, RP.raw, M.observation)} WHERE ${where.join(' AND ')} ` +
    `ORDER BY time DESC LIMIT ${limit}${offset > 0 ? ` OFFSET ${offset}` : ''}`
  );
}

/** Ids (and times) of the observations judged for a claim in a window. */
export function judgedIds(db: string, claimId: string, from: number, to: number): string {
  return `SELECT "observation_id" FROM ${fq(db, RP.raw, M.judgement)} WHERE "claim" = ${lit(claimId)} AND ${timeRange(from, to)}`;
}

/** The first UTC hour that starts at or after `ms`. */
export const hourCeil = (ms: number): number => (hourStartOf(ms) === ms ? ms : hourStartOf(ms) + HOUR_MS);

const GROUP = `GROUP BY time(1h), ${JUDGEMENT_TAGS.map((t) => q(t)).join(', ')} fill(none)`;

/** Raw and rolled-up hourly counts for the hours that start in [hourStartOf(from), to): two statements. */
export function talliesStatements(db: string, claimIds: readonly string[], from: number, to: number): [string, string] {
  const where = `${anyOf('claim', claimIds)} AND ${timeRange(hourStartOf(from), hourCeil(to))}`;
  return [
    `SELECT sum("value") AS "count" FROM ${fq(db, RP.raw, M.judgement)} WHERE ${where} ${GROUP}`,
    `SELECT sum("count") AS "count" FROM ${fq(db, RP.rollup, M.judgementHourly)} WHERE ${where} ${GROUP}`,
  ];
}

export const monitoringSince = (db: string, claimIds?: readonly string[]): string =>
  `SELECT min("at") AS "at" FROM ${fq(db, RP.rollup, M.claimStart)} WHERE ${claimIds === undefined ? '' : `${anyOf('claim', claimIds)} AND `}${ALL_TIME} GROUP BY "claim"`;

export const lastRuns = (db: string, probeId?: string): string =>
  `SELECT max("at") AS "at" FROM ${fq(db, RP.rollup, M.probeLast)} WHERE ${probeId === undefined ? '' : `"probe" = ${lit(probeId)} AND `}${ALL_TIME} GROUP BY "probe"`;

export function gaps(
  db: string,
  query: { readonly probeId?: string; readonly from: number; readonly to: number },
): string {
  const probe = query.probeId === undefined ? '' : ` AND "probe" = ${lit(query.probeId)}`;
  return (
    `SELECT "from_ms", "to_ms", "missed_runs", "reason", "probe" FROM ${fq(db, RP.rollup, M.gap)} ` +
    `WHERE time >= 0 AND time < ${nanos(Math.min(MAX_NS_MS, Math.ceil(query.to)))} AND "to_ms" > ${Number(query.from)}${probe}`
  );
}

/**
 * One point read per id: the registry slot where the id would be, in its bucket. A registry written before buckets
 * (`legacy`) has an untagged series too, which is then read as well; that costs ~10x more per lookup (influxd has to
 * find the series without the tag among all of them), so it is asked for only where such a series exists.
 */
export const registryLookup = (db: string, id: string, legacy = false): string =>
  `SELECT "id" FROM ${fq(db, RP.ids, M.observationId)} ` +
  `WHERE ${legacy ? `("bucket" = ${lit(registryBucket(id))} OR "bucket" = '')` : `"bucket" = ${lit(registryBucket(id))}`} ` +
  `AND time = ${registryTime(id)}`;

/** Whether the registry has untagged entries (written before buckets): one point, if any. */
export const legacyRegistry = (db: string): string =>
  `SELECT "id" FROM ${fq(db, RP.ids, M.observationId)} WHERE "bucket" = '' LIMIT 1`;

/**
 * Recomputes the rollup of the given hours from raw judgements (nearby hours merged into one range): a late or
 * replayed judgement is counted in its hour even when the continuous query's two-hour window has passed.
 */
export function rerollStatements(db: string, hourStarts: Iterable<number>): string[] {
  const hours = [...new Set(hourStarts)].sort((a, b) => a - b);
  const statements: string[] = [];
  for (let i = 0; i < hours.length;) {
    const start = hours[i] as number;
    let end = start;
    for (i += 1; i < hours.length && (hours[i] as number) - end <= 6 * HOUR_MS; i += 1) end = hours[i] as number;
    statements.push(rollupSelect(db, timeRange(start, end + HOUR_MS)));
  }
  return statements;
}

export const MAX_START_MS = MAX_NS_MS;

type Counts = { -readonly [K in keyof HourTally]: HourTally[K] };

/** claim -> UTC hour start -> hour of week -> counts */
type Hours = Map<string, Map<number, Map<number, Counts>>>;

function collect(rows: Rows): Hours {
  const hours: Hours = new Map();
  for (const row of rows) {
    const claim = String(row.claim);
    const hourStart = hourStartOf(Number(row.time));
    const hourOfWeek = Number(row.hour_of_week);
    const count = Number(row.count);
    let byHour = hours.get(claim);
    if (byHour === undefined) hours.set(claim, (byHour = new Map()));
    let bySlot = byHour.get(hourStart);
    if (bySlot === undefined) byHour.set(hourStart, (bySlot = new Map()));
    let t = bySlot.get(hourOfWeek);
    if (t === undefined)
      bySlot.set(hourOfWeek, (t = { hourStart, hourOfWeek, met: 0, failed: 0, inconclusive: 0, outOfForce: 0 }));
    if (row.in_force !== 'true') t.outOfForce += count;
    else if (row.counted !== 'true') t.inconclusive += count;
    else if (row.met === 'true') t.met += count;
    else t.failed += count;
  }
  return hours;
}

/**
 * Hourly tallies per claim from the two statements of `talliesStatements`: raw counts wherever raw judgements still
 * exist for a claim's hour (InfluxDB drops whole shards, so an hour is either all there or all gone), and the rollup
 * for hours whose raw data has expired. Ordered by hour, then hour of week, like every store.
 */
export function readTallies(claimIds: readonly string[], [raw = [], rollup = []]: Rows[]): Map<string, HourTally[]> {
  const fresh = collect(raw);
  const kept = collect(rollup);
  const result = new Map<string, HourTally[]>();
  for (const claim of claimIds) {
    const hours = new Map(kept.get(claim));
    for (const [hourStart, slots] of fresh.get(claim) ?? []) hours.set(hourStart, slots);
    const list = [...hours.values()].flatMap((slots) => [...slots.values()]);
    result.set(
      claim,
      list.sort((a, b) => a.hourStart - b.hourStart || a.hourOfWeek - b.hourOfWeek),
    );
  }
  return result;
}
