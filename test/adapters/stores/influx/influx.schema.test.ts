import { InfluxDB } from 'influx';
import { describe, expect, it } from 'vitest';
import { registryBucket, registryTime } from '../../../../src/adapters/stores/influx/influx.points.ts';
import { openInfluxStore } from '../../../../src/adapters/stores/influx/influx.store.ts';
import { judge } from '../../../../src/domain/judgement.ts';
import { chatAlways, HOUR, mixedWeek, observation, officeHuman } from '../../../contract/store-fixtures.ts';
import { influxql, influxScalar } from '../../../support/influxd.ts';
import { freshDatabase, missing, useInfluxd } from './influx-server.ts';

const keys = (series: { values?: unknown[][] }[]): unknown[] => (series[0]?.values ?? []).map((row) => row[0]);

describe.skipIf(missing !== undefined)('InfluxStore schema on a real influxd', () => {
  const server = useInfluxd();

  it('keeps run ids in fields and only bounded values in tags, so series stay few as observations grow', async () => {
    const database = freshDatabase();
    const store = await openInfluxStore({ url: server().url, database, rawRetention: 'INF' });
    const items = mixedWeek(400, 11);
    await Promise.all(items.map(({ observation: o, judgements }) => store.record(o, judgements)));
    await store.close();
    const { url } = server();
    const [observationTags = []] = await influxql(url, 'SHOW TAG KEYS FROM "observation"', { db: database });
    const [judgementTags = []] = await influxql(url, 'SHOW TAG KEYS FROM "judgement"', { db: database });
    expect(keys(observationTags)).toEqual(['kind', 'outcome', 'probe']);
    expect(keys(judgementTags)).toEqual(['claim', 'counted', 'hour_of_week', 'in_force', 'met']);
    const [fields = []] = await influxql(url, 'SHOW FIELD KEYS FROM "observation"', { db: database });
    expect(Object.fromEntries(fields[0]?.values ?? [])).toMatchObject({
      id: 'string',
      body: 'string',
      started_at: 'float',
      first_response_ms: 'float',
      human_reached: 'boolean',
    });
    const [series = []] = await influxql(url, 'SHOW SERIES FROM "kept_raw"."observation"', { db: database });
    const observationSeries = series[0]?.values?.length ?? 0;
    expect(observationSeries).toBeLessThanOrEqual(2 * 4); // two probes x four outcomes, whatever the number of runs
    const [judgementSeries = []] = await influxql(url, 'SHOW SERIES FROM "kept_raw"."judgement"', { db: database });
    expect(judgementSeries[0]?.values?.length ?? 0).toBeLessThanOrEqual(2 * 168 * 4);
    expect(await influxScalar(url, 'SELECT count("id") FROM "kept_raw"."observation"', database)).toBe(400);
    expect(await influxScalar(url, 'SELECT count(DISTINCT("id")) FROM "kept_raw"."observation"', database)).toBe(400);
    expect(await influxScalar(url, 'SELECT count("value") FROM "kept_raw"."judgement"', database)).toBe(800);
    console.log(
      `400 observations, 800 judgements -> ${observationSeries} observation series, ${judgementSeries[0]?.values?.length} judgement series`,
    );
  });

  it('creates the retention policies and the counting continuous query, and follows a changed retention on reopen', async () => {
    const database = freshDatabase();
    await (await openInfluxStore({ url: server().url, database })).close();
    const policies = async (): Promise<unknown[][]> =>
      (await influxql(server().url, `SHOW RETENTION POLICIES ON "${database}"`))[0]?.[0]?.values ?? [];
    expect(await policies()).toEqual(
      expect.arrayContaining([
        ['kept_raw', '840h0m0s', '24h0m0s', 1, true],
        ['kept_rollup', '0s', '168h0m0s', 1, false],
        ['kept_ids', '0s', '168h0m0s', 1, false],
      ]),
    );
    const client = new InfluxDB({ host: '127.0.0.1', port: server().port });
    // the client lists the continuous queries of every database on the server: keep this database's
    const ours = async (): Promise<{ name: string; query: string }[]> =>
      (await client.showContinousQueries(database)).filter((cq) => cq.query.includes(` ON ${database} `));
    const cqs = await ours();
    expect(cqs.map((cq) => cq.name)).toEqual(['kept_judgement_hourly']);
    expect(cqs[0]?.query).toContain('RESAMPLE EVERY 5m FOR 2h');
    expect(cqs[0]?.query).toContain(
      `SELECT sum(value) AS count INTO ${database}.kept_rollup.judgement_hourly FROM ${database}.kept_raw.judgement`,
    );
    expect(cqs[0]?.query).toContain('GROUP BY time(1h), claim, hour_of_week, in_force, counted, met');

    await (
      await openInfluxStore({
        url: server().url,
        database,
        rawRetention: '14d',
        rollupRetention: '520w',
        cqResampleEvery: '1m',
      })
    ).close();
    expect(await policies()).toEqual(
      expect.arrayContaining([
        ['kept_raw', '336h0m0s', '24h0m0s', 1, true],
        ['kept_rollup', '87360h0m0s', '168h0m0s', 1, false],
      ]),
    );
    expect((await ours())[0]?.query).toContain('RESAMPLE EVERY 1m FOR 2h');
  });

  it('stores a replayed observation once even when its id was never registered: the points overwrite themselves', async () => {
    const database = freshDatabase();
    const store = await openInfluxStore({ url: server().url, database, rawRetention: 'INF' });
    const o = observation({ id: 'replayed', startedAt: Date.UTC(2026, 0, 5, 10, 5), firstResponseMs: 900 });
    const judgements = [judge(chatAlways, o), judge(officeHuman, o)];
    await store.record(o, judgements);
    // as if Kept died after writing the points but before registering the id: the replay writes everything again
    await influxql(server().url, 'DELETE FROM "observation_id"', { db: database });
    await store.record(o, judgements);
    await store.close();
    const count = (q: string): Promise<number> => influxScalar(server().url, q, database);
    expect(await count('SELECT count("id") FROM "kept_raw"."observation"')).toBe(1);
    expect(await count('SELECT count("value") FROM "kept_raw"."judgement"')).toBe(2);
    expect(await count('SELECT sum("count") FROM "kept_rollup"."judgement_hourly"')).toBe(2);
    expect(await count('SELECT count("id") FROM "kept_ids"."observation_id"')).toBe(1);
  });

  it('spreads the id registry over bucket series, and still honours ids registered before buckets', async () => {
    const database = freshDatabase();
    let store = await openInfluxStore({ url: server().url, database, rawRetention: 'INF' });
    const first = observation({ id: 'bucketed', startedAt: Date.UTC(2026, 0, 5, 10, 5), firstResponseMs: 900 });
    await store.record(first, [judge(chatAlways, first)]);
    await store.close();
    const [tags = []] = await influxql(server().url, 'SHOW TAG VALUES FROM "observation_id" WITH KEY = "bucket"', {
      db: database,
    });
    expect(tags[0]?.values).toEqual([['bucket', registryBucket('bucketed')]]);
    // a registry entry as Kept wrote it before buckets: no tag
    const legacy = await fetch(`${server().url}/write?db=${database}&rp=kept_ids&precision=n`, {
      method: 'POST',
      body: `observation_id id="old-id",started_at=1 ${registryTime('old-id')}`,
    });
    expect(legacy.status).toBe(204);
    store = await openInfluxStore({ url: server().url, database, rawRetention: 'INF' });
    const again = observation({ id: 'old-id', startedAt: Date.UTC(2026, 0, 5, 11, 5), firstResponseMs: 700 });
    const bucketedAgain = { ...first, probeId: 'chat-2' };
    await store.recordMany([
      { observation: again, judgements: [judge(chatAlways, again)] },
      { observation: bucketedAgain, judgements: [judge(chatAlways, bucketedAgain)] },
    ]);
    expect(store.stats()).toMatchObject({ written: 0, alreadyStored: 2 });
    await store.close();
    expect(await influxScalar(server().url, 'SELECT count("id") FROM "kept_raw"."observation"', database)).toBe(1);
  });

  it('keeps two observations that start in the same millisecond apart, for the same claim', async () => {
    const store = await openInfluxStore({ url: server().url, database: freshDatabase(), rawRetention: 'INF' });
    const startedAt = Date.UTC(2026, 0, 5, 10, 0);
    const twins = ['chat-1', 'chat-2'].map((probeId) =>
      observation({ id: `twin-${probeId}`, probeId, startedAt, firstResponseMs: 500 }),
    );
    await Promise.all(twins.map((o) => store.record(o, [judge(chatAlways, o)])));
    const tallies = await store.tallies([chatAlways.id], startedAt, startedAt + HOUR);
    const observations = await store.observations({ from: startedAt, to: startedAt + 1 });
    await store.close();
    expect(tallies.get(chatAlways.id)?.map((t) => t.met)).toEqual([2]);
    expect(observations.map((o) => o.id).sort()).toEqual(['twin-chat-1', 'twin-chat-2']);
  });
});
