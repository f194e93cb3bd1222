import type { ObservationQuery } from '../../../app/ports.ts';

/** The SQL the embedded store runs. Parameters are positional and always passed as one array. */
export const SQL = {
  observationExists: 'SELECT 1 FROM observations WHERE id = ?',
  upsertProbe: `INSERT INTO probes (id, last_run_at) VALUES (?, ?)
    ON CONFLICT (id) DO UPDATE SET last_run_at = max(last_run_at, excluded.last_run_at) RETURNING key`,
  upsertClaim: `INSERT INTO claims (id, monitoring_since) VALUES (?, ?)
    ON CONFLICT (id) DO UPDATE SET monitoring_since = min(monitoring_since, excluded.monitoring_since) RETURNING key`,
  insertObservation: `INSERT INTO observations (id, probe_key, kind, started_at, outcome, body)
    VALUES (?, ?, ?, ?, ?, ?) RETURNING seq`,
  insertJudgement: `INSERT INTO judgements (claim_key, at, obs_seq, hour_of_week, in_force, counted, met, reason)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  addToHour: `INSERT INTO hourly (claim_key, hour_start, hour_of_week, met, failed, inconclusive, out_of_force)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (claim_key, hour_start, hour_of_week) DO UPDATE SET
      met = met + excluded.met, failed = failed + excluded.failed,
      inconclusive = inconclusive + excluded.inconclusive, out_of_force = out_of_force + excluded.out_of_force`,
  /**
   * Hours that overlap [from, to) (the caller passes the start of the hour `from` falls in), one row per known claim:
   * its hours as six parallel JSON arrays. Crossing from SQLite to JavaScript costs microseconds per row, so a claim's
   * hours cross as one string (a 90-day window of 1,000 claims is 2.16 million hours).
   */
  tallies: `SELECT c.id, (
      SELECT json_array(json_group_array(h.hour_start), json_group_array(h.hour_of_week), json_group_array(h.met),
        json_group_array(h.failed), json_group_array(h.inconclusive), json_group_array(h.out_of_force))
      FROM hourly h WHERE h.claim_key = c.key AND h.hour_start >= ?1 AND h.hour_start < ?2)
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
  oldestObservation: 'SELECT min(started_at) FROM observations',
  claimKeys: 'SELECT key FROM claims',
  pruneJudgements: 'DELETE FROM judgements WHERE claim_key = ? AND at < ?',
  pruneObservations: 'DELETE FROM observations WHERE started_at < ?',
  pageBytes: 'SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()',
} as const;

const COLUMNS = 'o.id, p.id, o.kind, o.started_at, o.outcome, o.body';

/**
 * The SQL and parameters for an observations query, newest first. With a claim it walks that claim's judgements by
 * time (the (claim, at) key); otherwise the time, probe or outcome index, whichever SQLite finds best.
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
    params.push(query.outcome);
  }
  if (query.claimId === undefined) {
    const sql = `SELECT ${COLUMNS} FROM observations o JOIN probes p ON p.key = o.probe_key
      WHERE ${where.join(' AND ')} ORDER BY o.started_at DESC, o.seq DESC LIMIT ?`;
    return { sql, params: [...params, limit] };
  }
  const sql = `SELECT ${COLUMNS} FROM judgements j
      JOIN observations o ON o.seq = j.obs_seq JOIN probes p ON p.key = o.probe_key
    WHERE j.claim_key = (SELECT key FROM claims WHERE id = ?) AND j.at >= ? AND j.at < ? AND ${where.join(' AND ')}
    ORDER BY j.at DESC, j.obs_seq DESC LIMIT ?`;
  return { sql, params: [query.claimId, query.from, query.to, ...params, limit] };
}
