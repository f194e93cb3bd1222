import { escape, FieldType, type ISchemaOptions } from 'influx';
import type { InfluxIo } from './influx.io.ts';

/**
 * The InfluxDB layout (docs/architecture/influx-store.md). Tags are only bounded values: probe, kind, outcome, a fleet
 * attempt's location (the catalogue's `locations`), claim, hour of week and three booleans. Observation and run ids are fields, never tags.
 */
export const RP = {
  /** Raw observations and judgements; the database's default policy. */
  raw: 'kept_raw',
  /** Hourly judgement counts, monitoring starts, last runs and coverage gaps. */
  rollup: 'kept_rollup',
  /** The id registry that makes `record` first-write-wins by observation id. Always INF. */
  ids: 'kept_ids',
} as const;

export const M = {
  observation: 'observation',
  judgement: 'judgement',
  judgementHourly: 'judgement_hourly',
  claimStart: 'claim_start',
  probeLast: 'probe_last',
  gap: 'coverage_gap',
  observationId: 'observation_id',
} as const;

export const CQ_NAME = 'kept_judgement_hourly';

/** Tags of the raw judgements, which are also the rollup's tags (GROUP BY all of them). */
export const JUDGEMENT_TAGS = ['claim', 'hour_of_week', 'in_force', 'counted', 'met'] as const;

/** Field types, so the client writes integers as integers and refuses unknown tags or fields. */
export function clientSchema(database: string): ISchemaOptions[] {
  const s = (measurement: string, fields: ISchemaOptions['fields'], tags: string[]): ISchemaOptions => ({
    database,
    measurement,
    fields,
    tags,
  });
  return [
    s(
      M.observation,
      {
        id: FieldType.STRING,
        started_at: FieldType.FLOAT,
        body: FieldType.STRING,
        human_reached: FieldType.BOOLEAN,
        connect_ms: FieldType.FLOAT,
        first_response_ms: FieldType.FLOAT,
        human_ms: FieldType.FLOAT,
        auto_reply_ms: FieldType.FLOAT,
        total_ms: FieldType.FLOAT,
      },
      ['probe', 'kind', 'outcome', 'location'],
    ),
    s(M.judgement, { observation_id: FieldType.STRING, reason: FieldType.STRING, value: FieldType.INTEGER }, [
      ...JUDGEMENT_TAGS,
    ]),
    s(M.claimStart, { at: FieldType.FLOAT }, ['claim']),
    s(M.probeLast, { at: FieldType.FLOAT }, ['probe']),
    s(
      M.gap,
      { from_ms: FieldType.FLOAT, to_ms: FieldType.FLOAT, missed_runs: FieldType.INTEGER, reason: FieldType.STRING },
      ['probe'],
    ),
    s(M.observationId, { id: FieldType.STRING, started_at: FieldType.FLOAT }, ['bucket']),
  ];
}

const q = escape.quoted;

/** `"db"."rp"."measurement"` */
export const fq = (database: string, rp: string, measurement: string): string =>
  `${q(database)}.${q(rp)}.${q(measurement)}`;

/**
 * Sums raw judgements into hourly counts per claim, hour of week and kind of count, for [fromMs, toMs) or, in the
 * continuous query, for the window InfluxDB chooses. Counts only: a sum of counts is still a count, so coarser rollups
 * stay exact (unlike percentiles of percentiles).
 */
export function rollupSelect(database: string, where = ''): string {
  return (
    `SELECT sum("value") AS "count" INTO ${fq(database, RP.rollup, M.judgementHourly)} ` +
    `FROM ${fq(database, RP.raw, M.judgement)}${where === '' ? '' : ` WHERE ${where}`} ` +
    `GROUP BY time(1h), ${JUDGEMENT_TAGS.map((t) => q(t)).join(', ')}`
  );
}

export interface SchemaSettings {
  readonly database: string;
  readonly rawRetention: string;
  readonly rollupRetention: string;
  readonly cqResampleEvery: string;
}

/** The continuous query: every `cqResampleEvery`, recompute the current and previous hour from raw judgements. */
export function continuousQuery(settings: SchemaSettings): string {
  const { database } = settings;
  return (
    `CREATE CONTINUOUS QUERY ${q(CQ_NAME)} ON ${q(database)} RESAMPLE EVERY ${settings.cqResampleEvery} FOR 2h ` +
    `BEGIN ${rollupSelect(database)} END`
  );
}

/**
 * Everything an admin runs to prepare a database: for `manageSchema: false`, print these and run them once.
 * `existing` lists retention policies already there, which are altered rather than created.
 */
export function schemaStatements(settings: SchemaSettings, existing: ReadonlySet<string> = new Set()): string[] {
  const { database } = settings;
  const policy = (name: string, duration: string, isDefault: boolean): string =>
    `${existing.has(name) ? 'ALTER' : 'CREATE'} RETENTION POLICY ${q(name)} ON ${q(database)} DURATION ${duration} REPLICATION 1${isDefault ? ' DEFAULT' : ''}`;
  return [
    `CREATE DATABASE ${q(database)}`,
    policy(RP.raw, settings.rawRetention, true),
    policy(RP.rollup, settings.rollupRetention, false),
    policy(RP.ids, 'INF', false),
    `DROP CONTINUOUS QUERY ${q(CQ_NAME)} ON ${q(database)}`,
    continuousQuery(settings),
  ];
}

/**
 * Creates the database and the three retention policies (or alters their durations to the configured ones) and
 * replaces the continuous query, so the server always matches the options. Safe to run at every start.
 */
export async function ensureSchema(io: InfluxIo, options: SchemaSettings): Promise<void> {
  const { database } = options;
  const [databases = []] = await io.query('list databases', ['SHOW DATABASES']);
  let existing = new Set<string>();
  if (databases.some((row) => row.name === database)) {
    const [policies = []] = await io.query('list retention policies', [`SHOW RETENTION POLICIES ON ${q(database)}`]);
    existing = new Set(policies.map((row) => String(row.name)));
  }
  await io.query('set up the schema', schemaStatements(options, existing));
}
