import type { Agent } from 'node:http';
import type { IPoint } from 'influx';
import type { CoverageGap, ObservationQuery, ObservationStore } from '../../../app/ports.ts';
import { fatalError, KeptError, validationError } from '../../../domain/errors.ts';
import { hourStartOf, slotTalliesOf, type HourTally, type SlotTally } from '../../../domain/evaluation/tally.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation } from '../../../domain/observation.ts';
import { checkGap, checkLimit, checkRecord } from '../sqlite/sqlite.rows.ts';
import { InfluxIo, type ActionCount, type Rows } from './influx.io.ts';
import {
  influxClient,
  resolveInfluxOptions,
  type InfluxStoreOptions,
  type ResolvedInfluxOptions,
} from './influx.options.ts';
import {
  claimStartPoint,
  decodeGap,
  decodeObservation,
  gapPoint,
  judgementPoint,
  observationPoint,
  probeLastPoint,
  registryPoint,
} from './influx.points.ts';
import * as Q from './influx.queries.ts';
import { ensureSchema, RP } from './influx.schema.ts';
import { SerialBatcher } from './serial.batcher.ts';

export interface RecordItem {
  readonly observation: Observation;
  readonly judgements: readonly Judgement[];
}

const LOOKUPS_PER_REQUEST = 250;

/**
 * The ObservationStore on InfluxDB 1.x (docs/architecture/influx-store.md). `record` resolves once InfluxDB has
 * acknowledged every point; it is first-write-wins by observation id through the id registry, and a replay of the same
 * observation also overwrites itself point for point. Concurrent records are merged into one batch.
 */
export class InfluxStore implements ObservationStore {
  readonly #options: ResolvedInfluxOptions;
  readonly #io: InfluxIo;
  readonly #agent: Agent;
  readonly #batcher: SerialBatcher<RecordItem>;
  /** Newest start per probe and earliest judgement per claim known to be stored: decides which points to write. */
  readonly #lastRun = new Map<string, number>();
  readonly #since = new Map<string, number>();
  #ready: Promise<void> | undefined;
  /** The id registry has an untagged series from before buckets: lookups read it too. */
  #legacyRegistry = false;
  #closed = false;
  #written = 0;
  #alreadyStored = 0;

  constructor(options: ResolvedInfluxOptions, io: InfluxIo, agent: Agent) {
    this.#options = options;
    this.#io = io;
    this.#agent = agent;
    this.#batcher = new SerialBatcher((items) => this.#write(items), Math.max(1, Math.floor(options.batchSize / 4)));
  }

  /** Creates or updates the schema (when managed) and loads what the write path needs; retried on the next call. */
  ready(): Promise<void> {
    if (this.#closed) return Promise.reject(fatalError('store.closed', 'influx store: used after close()'));
    this.#ready ??= this.#setUp().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #setUp(): Promise<void> {
    if (this.#options.manageSchema) await ensureSchema(this.#io, this.#options);
    const [probes = [], claims = [], legacy = []] = await this.#io.query('load', [
      Q.lastRuns(this.#db),
      Q.monitoringSince(this.#db),
      Q.legacyRegistry(this.#db),
    ]);
    this.#legacyRegistry = legacy.length > 0;
    this.#lastRun.clear();
    this.#since.clear();
    for (const row of probes) this.#lastRun.set(String(row.probe), Number(row.at));
    for (const row of claims) this.#since.set(String(row.claim), Number(row.at));
  }

  get #db(): string {
    return this.#options.database;
  }

  /** Runs after set-up; when the database or a policy has vanished (dropped, or a fresh server), sets up again once. */
  async #call<T>(run: () => Promise<T>): Promise<T> {
    await this.ready();
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof KeptError && error.code === 'store.influx.no-schema')) throw error;
      this.#ready = undefined;
      await this.ready();
      return run();
    }
  }

  async record(observation: Observation, judgements: readonly Judgement[]): Promise<void> {
    await this.recordMany([{ observation, judgements }]);
  }

  /** Records many observations with as few requests as possible: for replaying a buffer and bulk loads. */
  async recordMany(items: readonly RecordItem[]): Promise<void> {
    for (const { observation: o, judgements } of items) {
      checkRecord(o, judgements);
      if (!(o.startedAt >= 0 && o.startedAt < Q.MAX_START_MS)) {
        throw validationError(
          'store.invalid-record',
          `observation "${o.id}": startedAt ${o.startedAt} is outside 1970-2255`,
        );
      }
    }
    if (items.length === 0) return;
    await this.#call(() => this.#batcher.submit(items));
  }

  async #write(items: readonly RecordItem[]): Promise<void> {
    const byId = new Map<string, RecordItem>();
    for (const item of items) if (!byId.has(item.observation.id)) byId.set(item.observation.id, item);
    const known = await this.#registered([...byId.keys()]);
    const fresh = [...byId.values()].filter((item) => !known.has(item.observation.id));
    this.#alreadyStored += items.length - fresh.length;
    if (fresh.length === 0) return;
    const { batchSize } = this.#options;
    const lastRun = new Map<string, number>();
    const since = new Map<string, number>();
    const hours = new Set<number>();
    const raw: IPoint[] = [];
    for (const { observation: o, judgements } of fresh) {
      raw.push(observationPoint(o));
      if (o.startedAt > (lastRun.get(o.probeId) ?? this.#lastRun.get(o.probeId) ?? -Infinity))
        lastRun.set(o.probeId, o.startedAt);
      for (const j of judgements) {
        raw.push(judgementPoint(j));
        hours.add(hourStartOf(j.at));
        if (j.at < (since.get(j.claimId) ?? this.#since.get(j.claimId) ?? Infinity)) since.set(j.claimId, j.at);
      }
    }
    await this.#io.write('record observations', RP.raw, raw, batchSize);
    const facts = [
      ...[...lastRun].map(([probe, at]) => probeLastPoint(probe, at)),
      ...[...since].map(([claim, at]) => claimStartPoint(claim, at)),
    ];
    await this.#io.write('record last runs and monitoring starts', RP.rollup, facts, batchSize);
    await this.#io.query('roll up late hours', Q.rerollStatements(this.#db, hours));
    await this.#io.write(
      'register observation ids',
      RP.ids,
      fresh.map((item) => registryPoint(item.observation)),
      batchSize,
    );
    this.#written += fresh.length;
    for (const [probe, at] of lastRun) this.#lastRun.set(probe, at);
    for (const [claim, at] of since) this.#since.set(claim, at);
  }

  /** Which of these ids are already stored: one point read each, many to a request. */
  async #registered(ids: readonly string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (let i = 0; i < ids.length; i += LOOKUPS_PER_REQUEST) {
      const chunk = ids.slice(i, i + LOOKUPS_PER_REQUEST);
      const results = await this.#io.query(
        'look up observation ids',
        chunk.map((id) => Q.registryLookup(this.#db, id, this.#legacyRegistry)),
      );
      chunk.forEach((id, k) => {
        if ((results[k] ?? []).some((row) => row.id === id)) known.add(id);
      });
    }
    return known;
  }

  async observations(query: ObservationQuery): Promise<Observation[]> {
    const limit = checkLimit(query.limit);
    if (!(query.to > query.from)) return [];
    return this.#call(async () => {
      let window = { from: query.from, to: query.to };
      let allowed: Set<string> | undefined;
      if (query.claimId !== undefined) {
        const judged = await this.#io.queryOne(
          'query observations',
          Q.judgedIds(this.#db, query.claimId, query.from, query.to),
        );
        if (judged.length === 0) return [];
        allowed = new Set(judged.map((row) => String(row.observation_id)));
        let first = Infinity;
        let last = -Infinity;
        for (const row of judged) {
          first = Math.min(first, Number(row.time));
          last = Math.max(last, Number(row.time));
        }
        window = { from: Math.max(query.from, first), to: Math.min(query.to, last + 1) };
      }
      const page = allowed === undefined ? limit : Math.max(limit, 1_000);
      const found: Observation[] = [];
      for (let offset = 0; found.length < limit; offset += page) {
        const rows = await this.#io.queryOne(
          'query observations',
          Q.observationsPage(this.#db, query, window, page, offset),
        );
        for (const row of rows) {
          const o = decodeObservation(row);
          if (o.startedAt < query.from || o.startedAt >= query.to || (allowed !== undefined && !allowed.has(o.id)))
            continue;
          if (found.push(o) === limit) break;
        }
        if (rows.length < page) break;
      }
      return found;
    });
  }

  async tallies(claimIds: readonly string[], from: number, to: number): Promise<Map<string, HourTally[]>> {
    if (claimIds.length === 0) return new Map();
    if (!(to > from)) return new Map(claimIds.map((id) => [id, []]));
    return this.#call(async () =>
      Q.readTallies(claimIds, await this.#io.query('read tallies', Q.talliesStatements(this.#db, claimIds, from, to))),
    );
  }

  /**
   * The hourly tallies summed by hour of week. Not one InfluxQL GROUP BY: an hour counts from raw judgements while they
   * exist and from the rollup after, so hours are settled first; the sums then happen here, on the 2 statements' rows.
   */
  async slotTallies(claimIds: readonly string[], from: number, to: number): Promise<Map<string, SlotTally[]>> {
    const hourly = await this.tallies(claimIds, from, to);
    return new Map([...hourly].map(([claim, hours]) => [claim, slotTalliesOf(hours)]));
  }

  async monitoringSince(claimIds: readonly string[]): Promise<Map<string, number>> {
    if (claimIds.length === 0) return new Map();
    const rows = await this.#call(() =>
      this.#io.queryOne('read monitoring start', Q.monitoringSince(this.#db, claimIds)),
    );
    const found = new Map(rows.map((row) => [String(row.claim), Number(row.at)]));
    return new Map(claimIds.filter((id) => found.has(id)).map((id) => [id, found.get(id) as number]));
  }

  async lastRunAt(probeId: string): Promise<number | undefined> {
    const rows = await this.#call(() => this.#io.queryOne('read last run', Q.lastRuns(this.#db, probeId)));
    return rows.length === 0 ? undefined : Number(rows[0]?.at);
  }

  async recordGap(gap: CoverageGap): Promise<void> {
    checkGap(gap);
    await this.#call(() => this.#io.write('record gap', RP.rollup, [gapPoint(gap)], this.#options.batchSize));
  }

  async gaps(query: { readonly probeId?: string; readonly from: number; readonly to: number }): Promise<CoverageGap[]> {
    const rows: Rows = await this.#call(() => this.#io.queryOne('read gaps', Q.gaps(this.#db, query)));
    return rows
      .map(decodeGap)
      .filter((g) => g.from < query.to && g.to > query.from)
      .sort((a, b) => a.from - b.from || (a.probeId < b.probeId ? -1 : a.probeId > b.probeId ? 1 : 0));
  }

  /** Observations written since open, and records skipped because their id was already stored (replays, retries). */
  stats(): { written: number; alreadyStored: number; requests: Record<string, ActionCount> } {
    return { written: this.#written, alreadyStored: this.#alreadyStored, requests: this.#io.counts() };
  }

  /** Waits for writes in progress, then releases the connections. Reads and writes after close are refused. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#batcher.idle();
    this.#agent.destroy();
  }
}

/**
 * Opens the InfluxDB store: checks the options, then (unless `waitForServer` is false) sets up the schema now, so a
 * wrong address or password stops start-up. With `waitForServer: false` (under a BufferedStore) an unreachable server
 * is retried on each call instead.
 */
export async function openInfluxStore(
  options: InfluxStoreOptions & { readonly waitForServer?: boolean },
): Promise<InfluxStore> {
  const resolved = resolveInfluxOptions(options);
  const { client, agent } = influxClient(resolved);
  const store = new InfluxStore(resolved, new InfluxIo(client, resolved.database, resolved.requestTimeoutMs), agent);
  if (options.waitForServer === false) {
    store.ready().catch(() => undefined);
    return store;
  }
  try {
    await store.ready();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
