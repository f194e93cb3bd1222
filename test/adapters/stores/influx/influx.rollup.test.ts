import { describe, expect, it } from 'vitest';
import { openInfluxStore } from '../../../../src/adapters/stores/influx/influx.store.ts';
import { judge } from '../../../../src/domain/judgement.ts';
import { hourOfWeek } from '../../../../src/domain/calendar/zoned-time.ts';
import {
  at,
  chatAlways,
  expectedTallies,
  HOUR,
  mixedWeek,
  MONDAY,
  observation,
  officeHuman,
  tally,
  WEEK,
} from '../../../contract/store-fixtures.ts';
import { influxql, influxScalar } from '../../../support/influxd.ts';
import { freshDatabase, missing, useInfluxd } from './influx-server.ts';

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(missing !== undefined)('InfluxStore rollups on a real influxd', () => {
  const server = useInfluxd();

  it('answers tallies from the hourly rollup, exactly, once the raw judgements are gone', async () => {
    const database = freshDatabase();
    const store = await openInfluxStore({ url: server().url, database, rawRetention: 'INF' });
    const items = mixedWeek(240, 5);
    for (let i = 0; i < items.length; i += 40) await store.recordMany(items.slice(i, i + 40));
    const claims = [chatAlways.id, officeHuman.id];
    const before = await store.tallies(claims, MONDAY, MONDAY + WEEK);
    // what retention does to raw data, done now: only the rollup is left to answer from
    await influxql(server().url, 'DELETE FROM "judgement"', { db: database });
    expect(await influxScalar(server().url, 'SELECT count("value") FROM "kept_raw"."judgement"', database)).toBe(0);
    const after = await store.tallies(claims, MONDAY, MONDAY + WEEK);
    await store.close();
    expect(after).toEqual(before);
    expect(after.get(chatAlways.id)).toEqual(expectedTallies(items, chatAlways.id));
    expect(after.get(officeHuman.id)).toEqual(expectedTallies(items, officeHuman.id));
  });

  it('recounts an hour when a late observation arrives in it, instead of adding to the old count', async () => {
    const database = freshDatabase();
    const store = await openInfluxStore({ url: server().url, database, rawRetention: 'INF' });
    const rolled = (): Promise<number> =>
      influxScalar(
        server().url,
        `SELECT sum("count") FROM "kept_rollup"."judgement_hourly" WHERE "claim" = 'office-human'`,
        database,
      );
    const first = observation({ id: 'first', startedAt: at(0, 10, 5), firstResponseMs: 1_000, humanMs: 20_000 });
    await store.record(first, [judge(officeHuman, first)]);
    expect(await rolled()).toBe(1);
    const late = observation({ id: 'late', startedAt: at(0, 10, 50), outcome: 'unanswered' });
    await store.record(late, [judge(officeHuman, late)]);
    await store.record(late, [judge(officeHuman, late)]);
    expect(await rolled()).toBe(2);
    await influxql(server().url, 'DELETE FROM "judgement"', { db: database });
    const tallies = await store.tallies([officeHuman.id], at(0, 10), at(0, 11));
    await store.close();
    expect(tallies.get(officeHuman.id)).toEqual([tally(at(0, 10), 10, { met: 1, failed: 1 })]);
  });

  it('runs the continuous query on the server: judgements written by anyone are counted per hour', async () => {
    const database = freshDatabase();
    const store = await openInfluxStore({ url: server().url, database, cqResampleEvery: '1s' });
    const now = Date.now();
    const slot = hourOfWeek(now, 'UTC');
    // raw judgements written straight to InfluxDB (not through the store, which would roll them up itself)
    const lines = Array.from(
      { length: 30 },
      (_, i) =>
        `judgement,claim=cq-claim,hour_of_week=${slot},in_force=true,counted=true,met=${i % 3 === 0} observation_id="cq-${i}",reason="r",value=1i ${now - 1_000 - i}000000`,
    );
    const response = await fetch(`${server().url}/write?db=${database}&rp=kept_raw&precision=n`, {
      method: 'POST',
      body: lines.join('\n'),
    });
    expect(response.status).toBe(204);
    const total = await until(
      () =>
        influxScalar(
          server().url,
          `SELECT sum("count") FROM "kept_rollup"."judgement_hourly" WHERE time > now() - 3h`,
          database,
        ),
      (n) => n === 30,
      20_000,
    );
    expect(total).toBe(30);
    await influxql(server().url, 'DELETE FROM "judgement"', { db: database });
    const tallies = await store.tallies(['cq-claim'], now - HOUR, now + 1);
    await store.close();
    const hours = tallies.get('cq-claim') ?? [];
    expect(hours.reduce((n, t) => n + t.met + t.failed, 0)).toBe(30);
    expect(hours.reduce((n, t) => n + t.met, 0)).toBe(10);
  });
});
