import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { openInfluxStore, type InfluxStore } from '../../../../src/adapters/stores/influx/influx.store.ts';
import { openBufferedStore, type BufferedStore } from '../../../../src/adapters/stores/outbox/buffered.store.ts';
import {
  chatAlways,
  expectedTallies,
  judged,
  MONDAY,
  observation,
  officeHuman,
  WEEK,
  type Recorded,
} from '../../../contract/store-fixtures.ts';
import { influxdMissing, influxScalar, startInfluxd, type Influxd } from '../../../support/influxd.ts';
import { memoryLogger, tempDir } from './outbox-helpers.ts';

const missing = influxdMissing();
const DATABASE = 'kept_outage';

/** Observation i: a distinct id, spread over one week, answered in a varying time, judged against both claims. */
function item(i: number): Recorded {
  const o = observation({
    id: `outage-${i}`,
    probeId: i % 3 === 0 ? 'chat-2' : 'chat-1',
    startedAt: MONDAY + ((i * 7_919_993) % WEEK),
    outcome: i % 17 === 0 ? 'inconclusive' : 'answered',
    firstResponseMs: (i * 37) % 120_000,
  });
  return judged(o, [chatAlways, officeHuman]);
}

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return done();
}

describe.skipIf(missing !== undefined)('nothing lost when the real influxd is killed mid-run', () => {
  let influxd: Influxd;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    influxd = await startInfluxd();
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(async () => {
    await influxd?.stop();
    await cleanup?.();
  });

  it('delivers every observation exactly once across a SIGKILL of influxd and a restart of Kept', async () => {
    const log = memoryLogger();
    const inners: InfluxStore[] = [];
    const open = async (): Promise<BufferedStore> => {
      const inner = await openInfluxStore({
        url: influxd.url,
        database: DATABASE,
        rawRetention: 'INF',
        waitForServer: false,
        requestTimeoutMs: 3_000,
      });
      inners.push(inner);
      return openBufferedStore({
        inner,
        journalPath: join(dir, 'outbox.db'),
        clock: systemClock,
        log,
        batchSize: 250,
        initialRetryMs: 20,
        maxRetryMs: 300,
      });
    };
    let store = await open();
    const items: Recorded[] = [];
    let next = 0;
    /** Records `count` more observations, a few at a time, as probes would while everything else goes on. */
    const recordMore = async (count: number, paceMs = 0): Promise<void> => {
      for (const stop = next + count; next < stop;) {
        const burst = Array.from({ length: Math.min(5, stop - next) }, () => item(next++));
        items.push(...burst);
        await Promise.all(burst.map((r) => store.record(r.observation, r.judgements)));
        await new Promise((resolve) => (paceMs === 0 ? setImmediate(resolve) : setTimeout(resolve, paceMs)));
      }
    };

    await recordMore(1_000);
    const killedWhilePending = store.pending();
    const recording = recordMore(600); // the kill lands while these are being recorded and forwarded
    await new Promise((resolve) => setTimeout(resolve, 20));
    const killedPid = influxd.pid();
    await influxd.kill('SIGKILL');
    const outageStarted = performance.now();
    await recording;
    await recordMore(400, 10);
    expect(await until(() => store.status().failing, 10_000)).toBe(true);
    const pendingAtRestart = store.pending();
    expect(pendingAtRestart).toBeGreaterThan(0);

    await store.close(); // Kept restarts during the outage: the journal keeps what was not delivered
    store = await open();
    await recordMore(500, 10);
    const pendingAtPeak = store.pending();
    await influxd.restart();
    const outageMs = performance.now() - outageStarted;
    await recordMore(500);
    expect(await store.drained(60_000)).toBe(true);
    const status = store.status();
    await store.close();
    const alreadyStored = inners.reduce((n, inner) => n + inner.stats().alreadyStored, 0);
    const written = inners.reduce((n, inner) => n + inner.stats().written, 0);

    const count = (q: string): Promise<number> => influxScalar(influxd.url, q, DATABASE);
    const points = await count('SELECT count("id") FROM "kept_raw"."observation"');
    const distinct = await count('SELECT count(DISTINCT("id")) FROM "kept_raw"."observation"');
    const judgementPoints = await count('SELECT count("value") FROM "kept_raw"."judgement"');
    const registered = await count('SELECT count("id") FROM "kept_ids"."observation_id"');
    const rolledUp = await count('SELECT sum("count") FROM "kept_rollup"."judgement_hourly"');
    console.log(
      [
        `recorded and acknowledged: ${items.length}; influxd pid ${killedPid} SIGKILLed with ${killedWhilePending} pending,`,
        `outage ${Math.round(outageMs)} ms; pending when Kept restarted: ${pendingAtRestart}; peak pending: ${pendingAtPeak};`,
        `delivery attempts after the restart: ${status.attempts}; observations written ${written},`,
        `re-deliveries found already stored and skipped: ${alreadyStored}; in InfluxDB: ${points} observation points, ${distinct} distinct ids,`,
        `${judgementPoints} judgement points, ${registered} registered ids, ${rolledUp} judgements in the hourly rollup`,
      ].join(' '),
    );

    expect(items).toHaveLength(3_000);
    expect(points).toBe(3_000);
    expect(distinct).toBe(3_000);
    expect(judgementPoints).toBe(6_000);
    expect(registered).toBe(3_000);
    expect(rolledUp).toBe(6_000);
    const check = await openInfluxStore({ url: influxd.url, database: DATABASE, rawRetention: 'INF' });
    const tallies = await check.tallies([chatAlways.id, officeHuman.id], MONDAY, MONDAY + WEEK);
    await check.close();
    expect(tallies.get(chatAlways.id)).toEqual(expectedTallies(items, chatAlways.id));
    expect(tallies.get(officeHuman.id)).toEqual(expectedTallies(items, officeHuman.id));
    expect(log.lines.map((l) => l.message)).toEqual(
      expect.arrayContaining([
        'store unavailable: observations stay in the outbox and are retried',
        'outbox: replaying observations a previous run recorded but did not deliver',
        'store reachable again: delivering buffered observations',
      ]),
    );
  }, 120_000);
});
