/**
 * Measures the embedded store (numbers quoted in docs/architecture/store.md). Not part of the test run.
 * Usage: node --import tsx test/adapters/stores/measure-sqlite.script.ts [observations=1000000] [dir=/tmp] [keep]
 *
 * 1. Writes N synthetic chat observations (3-line transcript, details), each judged with the real `judge()` against
 *    the 2 claims its probe verifies (500 probes, 1,000 claims), spread over 35 days, in batches of 1,000.
 * 2. Times single `record()` calls (one fsync each), observation queries and a prune of one day.
 * 3. Adds the rollup of 1,000 claims x 90 days (day rows written straight into the table) and times `tallies()`,
 *    `slotTallies()` and `evaluateClaims()` (slot tallies plus the pure verdicts) for all 1,000 claims over 7, 28 and
 *    90 days.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'libsql';
import { evaluateClaims } from '../../../src/app/evaluate-claims.ts';
import { encodeDay } from '../../../src/adapters/stores/sqlite/sqlite.days.ts';
import { openSqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { Claim } from '../../../src/domain/claim.ts';
import { judge } from '../../../src/domain/judgement.ts';
import type { Observation } from '../../../src/domain/observation.ts';
import { chatAlways, DAY, HOUR, MONDAY, officeHuman, random } from '../../contract/store-fixtures.ts';

const total = Number(process.argv[2] ?? 1_000_000);
const dir = await mkdtemp(join(process.argv[3] ?? '/tmp', 'kept-measure-'));
const path = join(dir, 'kept.db');
const CLAIMS = 1_000;
const PROBES = 500;
const SPAN = 35 * DAY;
const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];
const claims: Claim[] = Array.from({ length: CLAIMS }, (_, i) => {
  const base = i % 2 === 0 ? chatAlways : officeHuman;
  return { ...base, id: `claim-${i}`, hours: { ...base.hours, timeZone: zones[i % zones.length] as string } };
});
const next = random(42);
const seconds = (ms: number): string => (ms / 1_000).toFixed(2);
const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(1);

function synthetic(i: number, startedAt: number): Observation {
  const first = Math.floor(next() * 90_000);
  return {
    id: `0b6f${i.toString(16).padStart(8, '0')}-4c1e-4f0a-9d7e-5a3c2b1d${(i % 65_536).toString(16).padStart(4, '0')}`,
    probeId: `probe-${i % PROBES}`,
    kind: 'chat-api',
    startedAt,
    outcome: next() < 0.95 ? 'answered' : 'unanswered',
    timings: { connectMs: 35, firstResponseMs: first, humanMs: first + 4_000, totalMs: first + 30_000 },
    humanReached: true,
    evidence: {
      transcript: [
        { atMs: 0, from: 'customer', text: 'Hello, I need help with my order' },
        { atMs: first, from: 'human', text: 'Hi, this is Sam. How can I help?', name: 'Sam' },
        { atMs: first + 20_000, from: 'customer', text: 'Thanks, that was a test from Kept.' },
      ],
      details: { status: 200, conversationId: `c-${i}` },
    },
  };
}

const store = await openSqliteStore({ path, rawRetentionMs: 34 * DAY });
let started = performance.now();
const BATCH = 1_000;
for (let i = 0; i < total; i += BATCH) {
  const items = [];
  for (let k = i; k < Math.min(total, i + BATCH); k += 1) {
    const o = synthetic(k, MONDAY + Math.floor((k / total) * SPAN));
    const probe = k % PROBES;
    items.push({
      observation: o,
      judgements: [judge(claims[probe] as Claim, o), judge(claims[probe + PROBES] as Claim, o)],
    });
  }
  await store.recordMany(items);
}
let elapsed = performance.now() - started;
const size = store.sizeBytes();
console.log(
  `batched write: ${total} observations + ${2 * total} judgements in ${seconds(elapsed)} s = ${Math.round(total / (elapsed / 1_000))} observations/s`,
);
console.log(`size: ${mb(size)} MiB = ${Math.round(size / total)} bytes per observation`);

const probe = new Database(path);
const dbstat = probe.prepare('SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC');
try {
  for (const [name, bytes] of dbstat.raw().all([]) as [string, number][]) console.log(`  ${name}: ${mb(bytes)} MiB`);
} catch (error) {
  console.log(`  (no dbstat: ${(error as Error).message})`);
}
probe.close();

started = performance.now();
for (let k = 0; k < 500; k += 1) {
  const o = synthetic(total + k, MONDAY + SPAN - HOUR + k);
  await store.record(o, [judge(claims[0] as Claim, o), judge(claims[PROBES] as Claim, o)]);
}
elapsed = performance.now() - started;
console.log(`single record(): ${(elapsed / 500).toFixed(2)} ms each (one fsync per call)`);

async function timed(label: string, run: () => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let k = 0; k < 5; k += 1) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${times[2]?.toFixed(1)} ms, worst ${times[4]?.toFixed(1)} ms`);
}
const end = MONDAY + SPAN + DAY;
await timed('observations() newest 100, no filter', () => store.observations({ from: MONDAY, to: end }));
await timed('observations() newest 100 of one claim', () =>
  store.observations({ from: MONDAY, to: end, claimId: 'claim-7' }),
);
await timed('observations() 100 unanswered of one claim', () =>
  store.observations({ from: MONDAY, to: end, claimId: 'claim-7', outcome: 'unanswered' }),
);
await timed('observations() 10,000 of one probe', () =>
  store.observations({ from: MONDAY, to: end, probeId: 'probe-3', limit: 10_000 }),
);

started = performance.now();
const pruned = await store.prune(MONDAY + 35 * DAY);
console.log(
  `prune of the oldest day: ${pruned.observations} observations in ${seconds(performance.now() - started)} s`,
);
await store.close();

const db = new Database(path);
started = performance.now();
db.exec('BEGIN');
const addDay = db.prepare('INSERT OR REPLACE INTO daily VALUES (?, ?, ?)');
const claimKeys = db.prepare('SELECT key FROM claims').raw().all([]) as [number][];
for (let c = 0; c < CLAIMS; c += 1) {
  db.prepare('INSERT OR IGNORE INTO claims (id, monitoring_since) VALUES (?, ?)').run([`claim-${c}`, MONDAY]);
}
const keys = (db.prepare('SELECT key FROM claims').raw().all([]) as [number][]).map(([k]) => k);
const firstDay = MONDAY - 55 * DAY;
for (const key of keys) {
  for (let d = 0; d < 90; d += 1) {
    const hours = new Map(
      Array.from({ length: 24 }, (_, h) => [
        h * 1000 + ((d * 24 + h) % 168),
        [12, 0, 0, 0] as [number, number, number, number],
      ]),
    );
    addDay.run([key, firstDay + d * DAY, encodeDay(hours)]);
  }
}
db.exec('COMMIT');
db.close();
console.log(
  `rollup filled for ${keys.length} claims x 90 days (${claimKeys.length} claims existed) in ${seconds(performance.now() - started)} s`,
);

const reopened = await openSqliteStore({ path });
console.log(`size with 90 days of rollups: ${mb(reopened.sizeBytes())} MiB`);
const ids = claims.map((c) => c.id);
const now = MONDAY + 35 * DAY;
for (const days of [7, 28, 90]) {
  await timed(`tallies() all 1,000 claims, ${days} days`, () => reopened.tallies(ids, now - days * DAY, now));
  await timed(`slotTallies() all 1,000 claims, ${days} days`, () => reopened.slotTallies(ids, now - days * DAY, now));
  await timed(`evaluateClaims() all 1,000 claims, ${days} days`, () =>
    evaluateClaims(reopened, claims, now, days * DAY),
  );
}
await reopened.close();
if (process.argv[4] === 'keep') console.log(`kept ${path}`);
else await rm(dir, { recursive: true, force: true });
