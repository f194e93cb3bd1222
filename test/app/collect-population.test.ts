import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openSqlitePopulationStore,
  type SqlitePopulationStore,
} from '../../src/adapters/stores/sqlite/population.store.ts';
import { createPopulationCollection, type PopulationCollectionOptions } from '../../src/app/collect-population.ts';
import { evaluatePopulationClaims } from '../../src/app/collect-population-verdicts.ts';
import type { CollectResult, CollectWindow, PlatformCollector } from '../../src/app/collector.port.ts';
import type { Clock, Logger } from '../../src/app/ports.ts';
import type { Claim } from '../../src/domain/claim.ts';
import type { CollectorSpec } from '../../src/domain/population/collector-spec.ts';
import type { PopulationReading } from '../../src/domain/population/population-reading.ts';
import { Secret } from '../../src/domain/secret.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0);

const claim: Claim = {
  id: 'phone-human-2m',
  copy: 'a real person answers within 2 minutes, 24/7',
  publishedAt: ['https://example.test/contact'],
  owner: 'support-ops',
  channels: ['phone'],
  hours: { kind: 'always', timeZone: 'Europe/London' },
  promise: { kind: 'human', withinMs: 2 * MINUTE },
  target: { kind: 'absolute' },
  minSamples: 1,
};

const spec: CollectorSpec = {
  id: 'desk',
  platform: 'twilio-taskrouter',
  schedule: { cron: '*/5 * * * *', timeZone: 'UTC', jitterMs: 0, timeoutMs: 200 },
  intervalMs: 5 * MINUTE,
  lagMs: MINUTE,
  catchUpMs: 24 * 60 * MINUTE,
  verifies: [claim.id],
  options: { authToken: new Secret('s3cret-token-value') },
};

/** A clock standing still until moved; sleeps run on real time (only the runner's time-out sleeps). */
function testClock(start: number): Clock & { set(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    monotonic: () => now,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('aborted'));
        });
      }),
    set: (ms) => {
      now = ms;
    },
  };
}

const lines: string[] = [];
const log: Logger = {
  info: (m) => lines.push(`info ${m}`),
  warn: (m) => lines.push(`warn ${m}`),
  error: (m, f) => lines.push(`error ${m} ${JSON.stringify(f)}`),
};

/** A platform that follows the port: answers each window with `answer(window)`; records what it was asked. */
function platform(answer: (window: CollectWindow) => CollectResult | Promise<CollectResult>): PlatformCollector & {
  asked: CollectWindow[];
} {
  const asked: CollectWindow[] = [];
  return {
    platform: 'twilio-taskrouter',
    asked,
    collect: async (window) => {
      asked.push(window);
      return answer(window);
    },
  };
}

const reading = (window: CollectWindow, fields: Partial<PopulationReading> = {}): PopulationReading => ({
  collectorId: 'desk',
  queue: 'support',
  channel: 'voice',
  fromMs: window.fromMs,
  toMs: window.toMs,
  contacts: 12,
  withinPromise: 12,
  thresholdMs: 2 * MINUTE,
  abandoned: 0,
  longestWaitMs: 50_000,
  source: 'test',
  ...fields,
});
const ok = (window: CollectWindow): CollectResult => ({ kind: 'read', readings: [reading(window)] });

let dir: string;
let store: SqlitePopulationStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kept-collect-'));
  store = await openSqlitePopulationStore({ path: join(dir, 'kept.db') });
  lines.length = 0;
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function collection(collector: PlatformCollector, clock: Clock, extra: Partial<PopulationCollectionOptions> = {}) {
  return createPopulationCollection({
    collectors: [spec],
    claims: [claim],
    adapters: new Map([[spec.id, collector]]),
    store,
    clock,
    log,
    ...extra,
  });
}

describe('a collection run', () => {
  it('reads the last settled interval first, then every interval since the last successful read, in order', async () => {
    const clock = testClock(T0 + 6 * MINUTE + 30_000);
    const desk = platform(ok);
    const runs = collection(desk, clock);
    expect(await runs.collect('desk')).toMatchObject({ read: 1, readings: 1, gaps: [] });
    expect(desk.asked).toEqual([{ fromMs: T0, toMs: T0 + 5 * MINUTE, thresholdsMs: [2 * MINUTE] }]);
    clock.set(T0 + 21 * MINUTE + 30_000);
    expect(await runs.collect('desk')).toMatchObject({ read: 3 });
    expect(desk.asked.map((w) => (w.fromMs - T0) / MINUTE)).toEqual([0, 5, 10, 15]);
    expect(await store.lastReadTo('desk')).toBe(T0 + 20 * MINUTE);
  });

  it('stores a failure as a gap, never evidence, and reads the same interval again once the platform is back', async () => {
    const clock = testClock(T0 + 6 * MINUTE);
    let down = true;
    const desk = platform((window) =>
      down
        ? { kind: 'gap', gap: { collectorId: 'desk', ...window, code: 'auth', reason: 'HTTP 401 from TaskRouter' } }
        : ok(window),
    );
    const runs = collection(desk, clock);
    const failed = await runs.collect('desk');
    expect(failed.gaps).toEqual([
      { collectorId: 'desk', fromMs: T0, toMs: T0 + 5 * MINUTE, code: 'auth', reason: 'HTTP 401 from TaskRouter' },
    ]);
    expect(await store.lastReadTo('desk')).toBeUndefined();
    clock.set(T0 + 16 * MINUTE);
    await runs.collect('desk');
    // One row for the outage, grown to the end of what could have been read.
    expect(await store.populationGaps({ collectorIds: ['desk'], from: T0, to: T0 + 60 * MINUTE })).toMatchObject([
      { fromMs: T0, toMs: T0 + 15 * MINUTE, code: 'auth' },
    ]);
    const window = { from: T0, to: T0 + 15 * MINUTE };
    const during = (await evaluatePopulationClaims({ store, claims: [claim], collectors: [spec], window })).get(
      claim.id,
    );
    expect(during?.status).toBe('unproven');
    expect(during?.gaps.count).toBe(1);
    down = false;
    clock.set(T0 + 17 * MINUTE);
    expect(await runs.collect('desk')).toMatchObject({ read: 3 });
    const after = (await evaluatePopulationClaims({ store, claims: [claim], collectors: [spec], window })).get(
      claim.id,
    );
    expect(after?.gaps.count).toBe(0);
    expect(after?.contacts.counted).toBe(36);
  });

  it('honours Retry-After: no request until it has passed', async () => {
    const clock = testClock(T0 + 6 * MINUTE);
    let limited = true;
    const desk = platform((window) =>
      limited
        ? {
            kind: 'gap',
            gap: { collectorId: 'desk', ...window, code: 'rate-limited', reason: 'HTTP 429' },
            retryAfterMs: 10 * MINUTE,
          }
        : ok(window),
    );
    const runs = collection(desk, clock);
    await runs.collect('desk');
    limited = false;
    clock.set(T0 + 11 * MINUTE);
    expect(await runs.collect('desk')).toMatchObject({ skipped: 'retry-after', read: 0 });
    expect(desk.asked).toHaveLength(1);
    clock.set(T0 + 16 * MINUTE + 1);
    expect(await runs.collect('desk')).toMatchObject({ read: 3 });
  });

  it('abandons a platform that does not answer by the time-out: a timeout gap', async () => {
    const clock = testClock(T0 + 6 * MINUTE);
    let aborted = false;
    const desk = platform(
      (_window) =>
        new Promise<CollectResult>(() => {
          // never answers
        }),
    );
    const original = desk.collect;
    desk.collect = (window, signal) => {
      signal.addEventListener('abort', () => {
        aborted = true;
      });
      return original(window, signal);
    };
    const report = await collection(desk, clock).collect('desk');
    expect(report.gaps.map((g) => g.code)).toEqual(['timeout']);
    expect(aborted).toBe(true);
  });

  it('turns a throw into a gap whose reason never holds the credentials', async () => {
    const clock = testClock(T0 + 6 * MINUTE);
    const desk = platform(() => {
      throw new Error('bad header Authorization: Basic s3cret-token-value');
    });
    const report = await collection(desk, clock).collect('desk');
    expect(report.gaps[0]?.code).toBe('collector-failed');
    expect(report.gaps[0]?.reason).not.toContain('s3cret-token-value');
    expect(lines.join('\n')).not.toContain('s3cret-token-value');
  });

  it('refuses figures that are not counts as a changed schema', async () => {
    const clock = testClock(T0 + 6 * MINUTE);
    const desk = platform((window) => ({ kind: 'read', readings: [reading(window, { contacts: -3 })] }));
    const report = await collection(desk, clock).collect('desk');
    expect(report.gaps).toMatchObject([{ code: 'schema-changed' }]);
    expect(await store.readings({ collectorIds: ['desk'], from: 0, to: T0 + 60 * MINUTE })).toEqual([]);
  });

  it('does not overlap: a run while the previous one is going is skipped', async () => {
    const clock = testClock(T0 + 6 * MINUTE);
    let release: () => void = () => undefined;
    const desk = platform(
      (window) =>
        new Promise<CollectResult>((resolve) => {
          release = () => resolve(ok(window));
        }),
    );
    const runs = collection(desk, clock, {
      collectors: [{ ...spec, schedule: { ...spec.schedule, timeoutMs: 5_000 } }],
    });
    const first = runs.collect('desk');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await runs.collect('desk')).toMatchObject({ skipped: 'running' });
    release();
    expect(await first).toMatchObject({ read: 1 });
  });

  it('records what is older than the catch-up limit as a gap and reads on from there', async () => {
    await store.recordReadings(
      'desk',
      { fromMs: T0 - 3 * 24 * 60 * MINUTE - 5 * MINUTE, toMs: T0 - 3 * 24 * 60 * MINUTE },
      [],
    );
    const clock = testClock(T0 + 6 * MINUTE);
    const desk = platform(ok);
    const report = await collection(desk, clock).collect('desk');
    expect(report.gaps).toMatchObject([
      { code: 'not-collected', fromMs: T0 - 3 * 24 * 60 * MINUTE, toMs: T0 + 5 * MINUTE - 24 * 60 * MINUTE },
    ]);
    expect(desk.asked[0]?.fromMs).toBe(T0 + 5 * MINUTE - 24 * 60 * MINUTE);
    expect(report.read).toBe(12);
  });

  it('keeps the cursor when the store cannot write, and reads the same interval again at the next run', async () => {
    const clock = testClock(T0 + 6 * MINUTE);
    const desk = platform(ok);
    let failing = true;
    const flaky = {
      ...store,
      lastReadTo: (id: string) => store.lastReadTo(id),
      readings: (q: Parameters<typeof store.readings>[0]) => store.readings(q),
      populationGaps: (q: Parameters<typeof store.populationGaps>[0]) => store.populationGaps(q),
      recordPopulationGap: (g: Parameters<typeof store.recordPopulationGap>[0]) => store.recordPopulationGap(g),
      close: () => store.close(),
      recordReadings: async (...args: Parameters<typeof store.recordReadings>) => {
        if (failing) throw new Error('SQLITE_FULL: database or disk is full');
        return store.recordReadings(...args);
      },
    };
    const runs = collection(desk, clock, { store: flaky });
    expect(await runs.collect('desk')).toMatchObject({ read: 0, gaps: [] });
    expect(lines.some((line) => line.startsWith('error could not store population readings'))).toBe(true);
    failing = false;
    clock.set(T0 + 7 * MINUTE);
    expect(await runs.collect('desk')).toMatchObject({ read: 1 });
    expect(desk.asked.map((w) => w.fromMs)).toEqual([T0, T0]);
    expect(await store.lastReadTo('desk')).toBe(T0 + 5 * MINUTE);
  });
});
