import type { Agent } from 'node:http';
import type { PopulationQuery, PopulationStore } from '../../../app/ports.ts';
import { validationError } from '../../../domain/errors.ts';
import type { PopulationGap, PopulationReading } from '../../../domain/population/population-reading.ts';
import { InfluxIo } from './influx.io.ts';
import { influxClient, resolveInfluxOptions, type InfluxStoreOptions } from './influx.options.ts';
import { ensureSchema, RP } from './influx.schema.ts';
import {
  cursorPoint,
  cursorQuery,
  decodeGap,
  decodeReading,
  gapPoint,
  gapsQuery,
  readingPoint,
  readingsQuery,
} from './population.points.ts';

const byStart = <T extends { fromMs: number }>(a: T, b: T): number => a.fromMs - b.fromMs;

/**
 * Population evidence in the InfluxDB database of the observation store (same options), in `kept_rollup`
 * (population.points.ts). The cursor point is written after the readings, so a cursor that moved means the readings
 * are stored; a failure in between only makes the next run read the interval again, which overwrites the same points.
 */
export class InfluxPopulationStore implements PopulationStore {
  readonly #io: InfluxIo;
  readonly #database: string;
  readonly #batchSize: number;
  readonly #agent: Agent;

  constructor(io: InfluxIo, database: string, batchSize: number, agent: Agent) {
    this.#io = io;
    this.#database = database;
    this.#batchSize = batchSize;
    this.#agent = agent;
  }

  async recordReadings(
    collectorId: string,
    window: { readonly fromMs: number; readonly toMs: number },
    readings: readonly PopulationReading[],
  ): Promise<void> {
    for (const reading of readings) {
      if (reading.collectorId !== collectorId)
        throw validationError('population.collector', `a reading of "${reading.collectorId}" under "${collectorId}"`);
    }
    await this.#io.write('record population readings', RP.rollup, readings.map(readingPoint), this.#batchSize);
    await this.#io.write('move a collector cursor', RP.rollup, [cursorPoint(collectorId, window.toMs)], 1);
  }

  async recordPopulationGap(gap: PopulationGap): Promise<void> {
    if (!(gap.toMs > gap.fromMs)) throw validationError('population.gap', 'a gap must end after it starts');
    await this.#io.write('record a population gap', RP.rollup, [gapPoint(gap)], 1);
  }

  async lastReadTo(collectorId: string): Promise<number | undefined> {
    const rows = await this.#io.queryOne('read a collector cursor', cursorQuery(this.#database, collectorId));
    const value = rows[0]?.read_to;
    return typeof value === 'number' ? value : undefined;
  }

  async readings(query: PopulationQuery): Promise<PopulationReading[]> {
    if (query.collectorIds.length === 0) return [];
    const rows = await this.#io.queryOne('read population readings', readingsQuery(this.#database, query));
    return rows.map(decodeReading).sort(byStart);
  }

  async populationGaps(query: PopulationQuery): Promise<PopulationGap[]> {
    if (query.collectorIds.length === 0) return [];
    const rows = await this.#io.queryOne('read population gaps', gapsQuery(this.#database, query));
    return rows.map(decodeGap).sort(byStart);
  }

  async close(): Promise<void> {
    this.#agent.destroy();
  }
}

/** Opens population evidence on the observation store's InfluxDB (the same options); sets up the schema if managed. */
export async function openInfluxPopulationStore(options: InfluxStoreOptions): Promise<InfluxPopulationStore> {
  const resolved = resolveInfluxOptions(options);
  const { client, agent } = influxClient(resolved);
  const io = new InfluxIo(client, resolved.database, resolved.requestTimeoutMs);
  try {
    if (resolved.manageSchema) await ensureSchema(io, resolved);
  } catch (error) {
    agent.destroy();
    throw error;
  }
  return new InfluxPopulationStore(io, resolved.database, resolved.batchSize, agent);
}
