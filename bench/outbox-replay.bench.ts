/**
 * The outbox after a day-long InfluxDB outage: a day of observations for 1,000 probes (one every 15 minutes: 96,000)
 * journalled while influxd is down, then the time to forward them all once it is back.
 *   node --import tsx bench/outbox-replay.bench.ts [probes=1000] [perProbe=96] [batchSize=5000] [drainSeconds=300]
 * Bounded: at most 1,000 probes and 96 runs each (a day), and the replay is given up after `drainSeconds` (printed
 * with `drained: false`). The forwarder's progress lines (replayed/total) go to stderr while it drains.
 * A real influxd (Debian's influxdb 1.x) is started as test/support/influxd.ts does and SIGKILLed before recording
 * starts, so the forwarder meets a refused connection, as in an outage; records are acknowledged as probes would make
 * them, 50 at a time. The replay is timed from influxd's restart to an empty journal, with the buffered store's
 * default batch of 5,000 (or the one given), and the count of points in InfluxDB checked. The baseline, in the same run
 * against the same influxd: the same observations written straight to InfluxDB (the influx store's `recordMany` in
 * batches of the same size, into a second database, no journal), as a Kept without an outbox would write them once
 * the server is up. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/adapters/clock/system.clock.ts';
import { uuid7 } from '../src/adapters/ids/uuid7.ts';
import { openInfluxStore } from '../src/adapters/stores/influx/influx.store.ts';
import { openBufferedStore } from '../src/adapters/stores/outbox/buffered.store.ts';
import type { Logger } from '../src/app/ports.ts';
import type { Claim } from '../src/domain/claim.ts';
import { judge } from '../src/domain/judgement.ts';
import type { Observation } from '../src/domain/observation.ts';
import { influxdMissing, influxScalar, startInfluxd } from '../test/support/influxd.ts';
import { BENCH_NOW, DAY_MS, scaleCatalogue } from './scale-fixture.ts';

const [probes = 1_000, perProbe = 96, batchSize = 5_000, drainSeconds = 300] = process.argv.slice(2).map(Number);
if (!(probes >= 1 && probes <= 1_000 && perProbe >= 1 && perProbe <= 96 && drainSeconds > 0 && batchSize >= 1))
  throw new Error('usage: outbox-replay.bench.ts [probes<=1000] [perProbe<=96] [batchSize] [drainSeconds]');
const missing = influxdMissing();
if (missing !== undefined) throw new Error(missing);
/** Info lines (the forwarder's progress) to stderr, so stdout stays one JSON line. */
const progress: Logger = {
  debug() {},
  info: (message: string, fields?: object) => process.stderr.write(`${message} ${JSON.stringify(fields ?? {})}\n`),
  warn() {},
  error() {},
  child: () => progress,
} as unknown as Logger;
const DATABASE = 'kept_replay';
const catalogue = scaleCatalogue(probes);
const claims = new Map(catalogue.claims.map((c) => [c.id, c]));

/** Probe p's n-th run of the day: answered by a person after 15-55 s, with a 3-line transcript. */
function item(p: number, n: number): { observation: Observation; judgements: ReturnType<typeof judge>[] } {
  const probe = catalogue.probes[p] as (typeof catalogue.probes)[number];
  const startedAt = BENCH_NOW - DAY_MS + n * (DAY_MS / perProbe) + p * 100;
  const humanMs = 15_000 + ((p * 7_919 + n * 104_729) % 40_000);
  const observation: Observation = {
    id: uuid7(startedAt),
    probeId: probe.id,
    kind: 'chat-api',
    startedAt,
    outcome: 'answered',
    timings: { connectMs: 3, firstResponseMs: 800, autoReplyMs: 800, humanMs, totalMs: humanMs + 50 },
    humanReached: true,
    evidence: {
      transcript: [
        { atMs: 0, from: 'customer', text: 'Hi, I was charged twice this month, can someone help?' },
        {
          atMs: 800,
          from: 'bot',
          name: 'Kai',
          text: 'Hi! I am Kai, the virtual assistant. A person will be with you shortly.',
        },
        { atMs: humanMs, from: 'human', name: 'Priya', text: 'Hello, Priya here. Let me look at your bill.' },
      ],
    },
  };
  return { observation, judgements: probe.verifies.map((id) => judge(claims.get(id) as Claim, observation)) };
}

const influxd = await startInfluxd();
const dir = mkdtempSync(join(tmpdir(), 'kept-replay-'));
try {
  const inner = await openInfluxStore({
    url: influxd.url,
    database: DATABASE,
    rawRetention: 'INF',
    waitForServer: false,
    requestTimeoutMs: 10_000,
  });
  const store = await openBufferedStore({
    inner,
    journalPath: join(dir, 'outbox.db'),
    clock: systemClock,
    log: progress,
    batchSize,
    initialRetryMs: 250,
    maxRetryMs: 1_000,
  });
  await influxd.kill('SIGKILL');
  const total = probes * perProbe;
  const journalStart = performance.now();
  for (let n = 0; n < perProbe; n += 1) {
    for (let p = 0; p < probes; p += 50) {
      const burst = Array.from({ length: Math.min(50, probes - p) }, (_, k) => item(p + k, n));
      await Promise.all(burst.map((r) => store.record(r.observation, r.judgements)));
    }
  }
  const journalMs = performance.now() - journalStart;
  const pendingAtRestart = store.pending();
  const load = loadavg()[0] as number;
  await influxd.restart();
  const replayStart = performance.now();
  const drained = await store.drained(drainSeconds * 1_000);
  const replayMs = performance.now() - replayStart;
  const { attempts } = store.status();
  const replayRequests = inner.stats().requests;
  await store.close();
  const points = await influxScalar(influxd.url, 'SELECT count("id") FROM "kept_raw"."observation"', DATABASE);
  // Baseline: the same day written straight to InfluxDB, no journal in between.
  const direct = await openInfluxStore({
    url: influxd.url,
    database: `${DATABASE}_direct`,
    rawRetention: 'INF',
    waitForServer: true,
    requestTimeoutMs: 10_000,
  });
  const day: ReturnType<typeof item>[] = [];
  for (let n = 0; n < perProbe; n += 1) for (let p = 0; p < probes; p += 1) day.push(item(p, n));
  const directStart = performance.now();
  for (let at = 0; at < day.length; at += batchSize) await direct.recordMany(day.slice(at, at + batchSize));
  const directMs = performance.now() - directStart;
  await direct.close();
  console.log(
    JSON.stringify({
      observations: total,
      batchSize,
      drained,
      pendingAtRestart,
      influxPoints: points,
      attempts,
      journalSeconds: +(journalMs / 1000).toFixed(1),
      journalPerSecond: Math.round(total / (journalMs / 1000)),
      replaySeconds: +(replayMs / 1000).toFixed(1),
      replayPerSecond: Math.round(total / (replayMs / 1000)),
      directSeconds: +(directMs / 1000).toFixed(1),
      directPerSecond: Math.round(total / (directMs / 1000)),
      loadAverage: +load.toFixed(1),
      replayRequests,
    }),
  );
} finally {
  await influxd.stop();
  rmSync(dir, { recursive: true, force: true });
}
