/**
 * The SQL collector against a real PostgreSQL started here (initdb into a temp dir, a password-protected user, a
 * free port). PostgreSQL missing skips locally and fails in CI.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresCollector } from '../../../src/adapters/collectors/postgres/postgres.collector.ts';
import { postgresOptionsSchema } from '../../../src/adapters/collectors/postgres/postgres.options.ts';
import type { CollectResult, CollectWindow } from '../../../src/app/collector.port.ts';
import { fixedClock } from '../../support/collector-fakes/fixed-clock.ts';
import { postgresMissing, startPostgres, type RunningPostgres } from '../../support/postgres.ts';

const missing = postgresMissing();
const FROM = Date.parse('2026-12-06T10:00:00Z');
const TO = FROM + 15 * 60_000;
const window: CollectWindow = { fromMs: FROM, toMs: TO, thresholdsMs: [120_000, 30_000] };

/** One row per queue, channel and promise limit, from a table of contacts as a desk might keep them. */
const SPLIT_QUERY = `
WITH w AS (SELECT * FROM desk_contacts WHERE ended_at >= $1 AND ended_at < $2),
q AS (
  SELECT queue, channel, count(*) AS contacts,
         count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned,
         max(wait_seconds) AS longest_wait_seconds,
         avg(wait_seconds) FILTER (WHERE outcome = 'answered') AS average_wait_seconds
  FROM w GROUP BY queue, channel
)
SELECT q.*, t.limit_s AS threshold_seconds,
  (SELECT count(*) FROM w WHERE w.queue = q.queue AND w.channel = q.channel
     AND outcome = 'answered' AND wait_seconds < t.limit_s) AS answered_within,
  (SELECT count(*) FROM w WHERE w.queue = q.queue AND w.channel = q.channel
     AND outcome = 'abandoned' AND wait_seconds < t.limit_s) AS abandoned_within
FROM q CROSS JOIN unnest($3::int[]) AS t(limit_s)
ORDER BY q.queue, t.limit_s`;

describe.skipIf(missing !== undefined)('SQL collector against a real PostgreSQL', () => {
  let server: RunningPostgres;

  beforeAll(async () => {
    server = await startPostgres();
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    await client.query(`CREATE TABLE desk_contacts (
      queue text NOT NULL, channel text NOT NULL, ended_at timestamptz NOT NULL,
      wait_seconds numeric NOT NULL, outcome text NOT NULL CHECK (outcome IN ('answered', 'abandoned')))`);
    const at = new Date(FROM + 60_000);
    const rows: [string, string, Date, number, string][] = [
      ['billing', 'voice', at, 10, 'answered'],
      ['billing', 'voice', at, 50, 'answered'],
      ['billing', 'voice', at, 119, 'answered'],
      ['billing', 'voice', at, 900, 'answered'],
      ['billing', 'voice', at, 20, 'abandoned'],
      ['billing', 'voice', at, 2400, 'abandoned'],
      ['sales', 'voice', at, 5, 'answered'],
      ['billing', 'voice', new Date(TO), 1, 'answered'], // the next interval's
    ];
    for (const row of rows) await client.query('INSERT INTO desk_contacts VALUES ($1, $2, $3, $4, $5)', row);
    await client.end();
  });
  afterAll(async () => {
    await server?.stop();
  });

  function collector(overrides: Record<string, unknown> = {}): PostgresCollector {
    const options = postgresOptionsSchema.parse({
      connectionString: server.connectionString,
      query: SPLIT_QUERY,
      uncounted: ['ivr'],
      ...overrides,
    });
    return new PostgresCollector(options, { collectorId: 'desk-sql', clock: fixedClock(TO) });
  }

  const collect = (c: PostgresCollector, signal = new AbortController().signal): Promise<CollectResult> =>
    c.collect(window, signal);

  it('maps the rows to one reading per queue, split at each limit', async () => {
    const result = await collect(collector());
    if (result.kind !== 'read') throw new Error(JSON.stringify(result));
    expect(result.readings).toEqual([
      {
        collectorId: 'desk-sql',
        queue: 'billing',
        channel: 'voice',
        fromMs: FROM,
        toMs: TO,
        contacts: 6,
        abandoned: 2,
        splits: [
          { thresholdMs: 30_000, answeredWithin: 1, abandonedWithin: 1 },
          { thresholdMs: 120_000, answeredWithin: 3, abandonedWithin: 1 },
        ],
        longestWaitMs: 2_400_000,
        averageWaitMs: 269_750,
        source: 'postgres.sql',
        uncounted: ['ivr'],
      },
      {
        collectorId: 'desk-sql',
        queue: 'sales',
        channel: 'voice',
        fromMs: FROM,
        toMs: TO,
        contacts: 1,
        abandoned: 0,
        splits: [
          { thresholdMs: 30_000, answeredWithin: 1, abandonedWithin: 0 },
          { thresholdMs: 120_000, answeredWithin: 1, abandonedWithin: 0 },
        ],
        longestWaitMs: 5_000,
        averageWaitMs: 5_000,
        source: 'postgres.sql',
        uncounted: ['ivr'],
      },
    ]);
  });

  it('passes only the parameters the query takes', async () => {
    const query = `SELECT 'desk' AS queue, count(*) AS contacts, 0 AS abandoned FROM desk_contacts
                   WHERE ended_at >= $1 AND ended_at < $2`;
    const result = await collect(collector({ query, channel: 'voice' }));
    expect(result.kind === 'read' && result.readings).toMatchObject([{ queue: 'desk', channel: 'voice', contacts: 7 }]);
  });

  it('is an auth gap for a wrong password, and the password is never in it', async () => {
    const wrong = server.connectionString.replace(server.password, 'Wrong-Password-42');
    const result = await collect(collector({ connectionString: wrong }));
    expect(result).toMatchObject({ kind: 'gap', gap: { code: 'auth', collectorId: 'desk-sql' } });
    expect(JSON.stringify(result)).not.toContain('Wrong-Password-42');
  });

  it('is bad-config for SQL the database rejects', async () => {
    const result = await collect(collector({ query: 'SELECT queue, contacts FROM no_such_table' }));
    expect(result).toMatchObject({
      kind: 'gap',
      gap: { code: 'bad-config', reason: expect.stringContaining('42P01') },
    });
  });

  it('is schema-changed when the rows lack the documented columns', async () => {
    const result = await collect(collector({ query: "SELECT 'billing' AS queue, 3 AS handled" }));
    expect(result).toMatchObject({
      kind: 'gap',
      gap: { code: 'schema-changed', reason: expect.stringContaining('contacts') },
    });
  });

  it('is a timeout when the query outlives its statement timeout', async () => {
    const query = "SELECT 'q' AS queue, 1 AS contacts, 0 AS abandoned FROM pg_sleep(5)";
    const result = await collect(collector({ query, statementTimeout: '200ms' }));
    expect(result).toMatchObject({ kind: 'gap', gap: { code: 'timeout' } });
  });

  it('is a timeout when the run is cancelled', async () => {
    const query = "SELECT 'q' AS queue, 1 AS contacts, 0 AS abandoned FROM pg_sleep(5)";
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await collect(collector({ query }), controller.signal);
    expect(result).toMatchObject({ kind: 'gap', gap: { code: 'timeout' } });
  });

  it('is unreachable when nothing listens', async () => {
    const result = await collect(collector({ connectionString: 'postgres://kept:x@127.0.0.1:9/postgres' }));
    expect(result).toMatchObject({ kind: 'gap', gap: { code: 'unreachable' } });
  });
});
