import { M, RP } from '../stores/influx/influx.schema.ts';

/**
 * InfluxQL for the dashboards, over the Influx store's schema (docs/architecture/influx-store.md). Names come from
 * influx.schema.ts, so renaming a measurement or policy there changes the dashboards too. `$timeFilter`,
 * `$__interval` and `$claim` are Grafana's: a multi-value variable becomes a regex, hence `=~ /^$claim$/`.
 */

const q = (name: string): string => `"${name.replace(/"/g, '\\"')}"`;
const from = (rp: string, measurement: string): string => `${q(rp)}.${q(measurement)}`;

const HOURLY = from(RP.rollup, M.judgementHourly);
const CLAIM = `${q('claim')} =~ /^$claim$/`;
const COUNTED = `${q('counted')} = 'true'`;

/** The claim template variable: claims with hourly counts (the rollup never expires, so old claims stay listed). */
export const CLAIM_VALUES = `SHOW TAG VALUES FROM ${HOURLY} WITH KEY = ${q('claim')}`;

/**
 * Compliance (met / counted) and counted attempts per claim and `groupBy`, from the hourly rollup: exact counts over
 * any range, never percentiles of percentiles. InfluxQL has no conditional sum, so two subqueries each yield both
 * fields, one counting met attempts (and 0 attempts), the other counting attempts (and 0 met); their sums give
 * met and counted for every group with attempts, including those where none was met (compliance 0, not missing).
 * Every field must appear in every subquery: InfluxDB 1.6 drops a field that only a later subquery has.
 */
function compliance(groupBy: string, fill = ''): string {
  const where = (extra: string) => `WHERE ${CLAIM} AND ${COUNTED}${extra} AND $timeFilter`;
  const metPart = `SELECT sum("count") AS "met", sum("count") * 0 AS "counted" FROM ${HOURLY} ${where(` AND ${q('met')} = 'true'`)} GROUP BY ${groupBy}`;
  const allPart = `SELECT sum("count") * 0 AS "met", sum("count") AS "counted" FROM ${HOURLY} ${where('')} GROUP BY ${groupBy}`;
  return `SELECT sum("met") / sum("counted") AS "compliance", sum("counted") AS "attempts" FROM (${metPart}), (${allPart}) `
    + `WHERE $timeFilter GROUP BY ${groupBy}${fill}`;
}

/** Promise against delivery: compliance and attempts per claim and hour of the week (the claim's own time zone). */
export const COMPLIANCE_BY_HOUR_OF_WEEK = compliance(`${q('claim')}, ${q('hour_of_week')}`);

/** Compliance per claim over time, one point per `$__interval` (at least an hour: the rollup's grain). */
export const COMPLIANCE_OVER_TIME = compliance(`time($__interval), ${q('claim')}`, ' fill(none)');

/** In-force conclusive attempts per interval, met and failed, per claim. */
export const ATTEMPTS_OVER_TIME = `SELECT sum("count") AS "attempts" FROM ${HOURLY} WHERE ${CLAIM} AND ${COUNTED} AND $timeFilter `
  + `GROUP BY time($__interval), ${q('claim')}, ${q('met')} fill(none)`;

/** Promised hours of the week that have counted attempts in the range, per claim. */
export const PROBED_SLOTS = `SELECT count("attempts") AS "probed hours of the week" FROM (SELECT sum("count") AS "attempts" FROM ${HOURLY} `
  + `WHERE ${CLAIM} AND ${COUNTED} AND $timeFilter GROUP BY ${q('claim')}, ${q('hour_of_week')}) WHERE $timeFilter GROUP BY ${q('claim')}`;

/** The failed attempts themselves, newest first, with the reason each failed: the evidence behind a breach. */
export const FAILED_ATTEMPTS = `SELECT ${q('reason')}, ${q('observation_id')}, ${q('hour_of_week')} FROM ${from(RP.raw, M.judgement)} `
  + `WHERE ${CLAIM} AND ${COUNTED} AND ${q('met')} = 'false' AND $timeFilter GROUP BY ${q('claim')} ORDER BY time DESC LIMIT 200`;

/** Exact response-time percentiles per probe from the raw observations (seconds), next to the histogram's estimates. */
export const RESPONSE_PERCENTILES = `SELECT ${[
  'percentile("first_response_ms", 50) / 1000 AS "first response p50"',
  'percentile("first_response_ms", 95) / 1000 AS "first response p95"',
  'percentile("human_ms", 50) / 1000 AS "human p50"',
  'percentile("human_ms", 95) / 1000 AS "human p95"',
  'count("total_ms") AS "attempts"',
].join(', ')} FROM ${from(RP.raw, M.observation)} WHERE $timeFilter GROUP BY ${q('probe')}`;

/** The latest run of each probe (epoch ms), from the rollup's one point per probe and hour. */
export const LAST_RUN = `SELECT last("at") AS "last run" FROM ${from(RP.rollup, M.probeLast)} WHERE $timeFilter GROUP BY ${q('probe')}`;
