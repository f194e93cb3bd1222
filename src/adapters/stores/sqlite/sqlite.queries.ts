import type { ObservationQuery } from '../../../app/ports.ts';
import { encodeName, OUTCOME_CODES } from './sqlite.rows.ts';

/** The SQL the embedded store runs. Parameters are positional and always passed as one array. */
export const SQL = {
  /**
   * Which of these ids are stored already, given as a JSON array of UUIDs in hex (stored as bytes) and one of other
   * ids (stored as text): one index probe each, one call per batch.
   */
  /** The largest id: a UUID's bytes when any id is a UUID (BLOBs sort after text). One step down the id index. */
  newestId: 'SELECT max(id) FROM observations',
  existingIds: `SELECT id FROM observations WHERE id IN (
    SELECT unhex(value) FROM json_each(?1) UNION ALL SELECT value FROM json_each(?2))`,
  /** Probes as a JSON array of [id, newest start]: inserted or moved forward, keys returned. */
  upsertProbes: `INSERT INTO probes (id, last_run_at) SELECT value ->> 0, value ->> 1 FROM json_each(?) WHERE true
    ON CONFLICT (id) DO UPDATE SET last_run_at = max(last_run_at, excluded.last_run_at) RETURNING id, key`,
  /** Claims as a JSON array of [id, earliest judgement]: inserted or moved back, keys returned. */
  upsertClaims: `INSERT INTO claims (id, monitoring_since) SELECT value ->> 0, value ->> 1 FROM json_each(?) WHERE true
    ON CONFLICT (id) DO UPDATE SET monitoring_since = min(monitoring_since, excluded.monitoring_since) RETURNING id, key`,
  maxSeq: 'SELECT max(seq) FROM observations',
  /**
   * Followed by as many `(?, …)` tuples as rows (see `RowInserter` in sqlite.batch-rows.ts). Without `seq`: SQLite
   * numbers each row `max(seq) + 1`, the seq the writer counts for it (sqlite.writer.ts checks that it did).
   */
  insertObservations: 'INSERT INTO observations (id, probe_key, kind, started_at, outcome, body)',
  insertEvidence: 'INSERT INTO evidence (seq, data)',
  insertJudgements: 'INSERT INTO judgements (claim_key, at, obs_seq, hour_of_week, in_force, counted, met)',
  /** The stored text of the claim-days in a JSON array of [claim key, day start]. */
  readDays: `SELECT d.claim_key, d.day_start, d.hours FROM json_each(?) k
    JOIN daily d ON d.claim_key = k.value ->> 0 AND d.day_start = k.value ->> 1`,
  /** Claim-days as a JSON array of [claim key, day start, text], replacing what was there. */
  writeDays: `INSERT INTO daily (claim_key, day_start, hours) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)
    WHERE true ON CONFLICT (claim_key, day_start) DO UPDATE SET hours = excluded.hours`,
  /**
   * The days that overlap [from, to) (the caller passes the start of the UTC day `from` falls in), one row per known
   * claim: its days folded into one string (sqlite.days.ts), which the caller cuts to the hours of the window. Crossing
   * from SQLite to JavaScript costs microseconds per row, so a claim's 90 days cross as one value, not 2,160 rows.
   */
  days: `SELECT c.id, (
      SELECT group_concat(d.day_start || ':' || d.hours, '|') FROM daily d
      WHERE d.claim_key = c.key AND d.day_start >= ?1 AND d.day_start < ?2)
    FROM claims c WHERE c.id IN (SELECT value FROM json_each(?3))`,
  monitoringSince: 'SELECT id, monitoring_since FROM claims WHERE id IN (SELECT value FROM json_each(?))',
  lastRunAt: 'SELECT last_run_at FROM probes WHERE id = ?',
  upsertGap: `INSERT INTO gaps (probe_id, from_ms, to_ms, missed_runs, reason) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (probe_id, from_ms, to_ms) DO UPDATE SET missed_runs = excluded.missed_runs, reason = excluded.reason`,
  gaps: `SELECT probe_id, from_ms, to_ms, missed_runs, reason FROM gaps
    WHERE from_ms < ? AND to_ms > ? ORDER BY from_ms, probe_id`,
  gapsOfProbe: `SELECT probe_id, from_ms, to_ms, missed_runs, reason FROM gaps
    WHERE probe_id = ? AND from_ms < ? AND to_ms > ? ORDER BY from_ms`,
  prunedBefore: "SELECT value FROM meta WHERE key = 'pruned_before'",
  setPrunedBefore: `INSERT INTO meta (key, value) VALUES ('pruned_before', ?)
    ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)`,
  /** The oldest start of any probe, one step down the probe index per probe (there is no index by time alone). */
  oldestObservation: `SELECT min((SELECT min(started_at) FROM observations WHERE probe_key = p.key)) FROM probes p`,
  claimKeys: 'SELECT key FROM claims',
  probeKeys: 'SELECT key FROM probes',
  pruneJudgements: 'DELETE FROM judgements WHERE claim_key = ? AND at < ?',
  /** One probe's raw rows that started before a time, by the probe index: evidence first, then the observations. */
  pruneEvidence: `DELETE FROM evidence WHERE seq IN (
    SELECT seq FROM observations WHERE probe_key = ?1 AND started_at < ?2)`,
  pruneObservations: 'DELETE FROM observations WHERE probe_key = ? AND started_at < ?',
  pageBytes: 'SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()',
} as const;

const COLUMNS = 'o.id, p.id, o.kind, o.started_at, o.outcome, o.body, e.data';
const EVIDENCE = 'LEFT JOIN evidence e ON e.seq = o.seq';

/**
 * The SQL and parameters for an observations query, newest first. With a claim it walks that claim's judgements by
 * time (the (claim, at) key); otherwise the probe index. By time alone (nothing in Kept asks that) it reads the table
 * (no index by time since schema version 4).
 */
export function observationsQuery(query: ObservationQuery, limit: number): { sql: string; params: unknown[] } {
  const where: string[] = ['o.started_at >= ?', 'o.started_at < ?'];
  const params: unknown[] = [query.from, query.to];
  if (query.probeId !== undefined) {
    where.push('o.probe_key = (SELECT key FROM probes WHERE id = ?)');
    params.push(query.probeId);
  }
  if (query.outcome !== undefined) {
    where.push('o.outcome = ?');
    params.push(encodeName(OUTCOME_CODES, query.outcome));
  }
  if (query.claimId === undefined) {
    const sql = `SELECT ${COLUMNS} FROM observations o JOIN probes p ON p.key = o.probe_key ${EVIDENCE}
      WHERE ${where.join(' AND ')} ORDER BY o.started_at DESC, o.seq DESC LIMIT ?`;
    return { sql, params: [...params, limit] };
  }
  const sql = `SELECT ${COLUMNS} FROM judgements j
      JOIN observations o ON o.seq = j.obs_seq JOIN probes p ON p.key = o.probe_key ${EVIDENCE}
    WHERE j.claim_key = (SELECT key FROM claims WHERE id = ?) AND j.at >= ? AND j.at < ? AND ${where.join(' AND ')}
    ORDER BY j.at DESC, j.obs_seq DESC LIMIT ?`;
  return { sql, params: [query.claimId, query.from, query.to, ...params, limit] };
}
