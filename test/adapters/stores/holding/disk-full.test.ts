import { join } from 'node:path';
import Database from 'libsql';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { createHttpApp, listen, type RunningServer } from '../../../../src/adapters/http/server.ts';
import { createStoreMetrics } from '../../../../src/adapters/metrics/store.metrics.ts';
import { HoldingStore } from '../../../../src/adapters/stores/holding/holding.store.ts';
import { openBufferedStore } from '../../../../src/adapters/stores/outbox/buffered.store.ts';
import { openSqliteStore, type SqliteStore } from '../../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { storeNotReady } from '../../../../src/app/store-health.ts';
import { createVerdictBoard } from '../../../../src/app/verdict-board.ts';
import { KeptError } from '../../../../src/domain/errors.ts';
import type { Observation } from '../../../../src/domain/observation.ts';
import { chatObservation, demoLikeCatalogue } from '../../../support/domain-fixtures.ts';
import { memoryLog } from '../../../support/probe-kit.ts';
import { tempDir } from '../outbox/outbox-helpers.ts';
import { canMountTmpfs, mountSmallDisk, readOnlyView, type SmallDisk } from './small-disk.ts';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const EVERY_MINUTE = 60_000;
const observations = (from: number, count: number): Observation[] =>
  Array.from({ length: count }, (_, i) => chatObservation({ startedAt: T0 + (from + i) * EVERY_MINUTE }));
const window = { from: T0 - 1, to: T0 + 86_400_000, limit: 10_000 };

/** Readiness served over HTTP exactly as `kept run` serves it (src/cli/monitor.ts adds the store's reasons). */
async function readiness(store: HoldingStore): Promise<{ status: number; body: { reasons: string[] } }> {
  const app = createHttpApp({
    catalogue: demoLikeCatalogue,
    store,
    registry: new Registry(),
    clock: systemClock,
    log: memoryLog(),
    board: createVerdictBoard({
      store,
      claims: [],
      clock: systemClock,
      log: memoryLog(),
      windowMs: 86_400_000,
      minIntervalMs: 10,
    }),
    notReady: async () => storeNotReady(store.health()),
  });
  const server: RunningServer = await listen(app, '127.0.0.1', 0);
  try {
    const response = await fetch(`${server.url}/readyz`);
    return { status: response.status, body: (await response.json()) as { reasons: string[] } };
  } finally {
    await server.close();
  }
}

// A real small file system (tmpfs) filled to the last byte: SQLite meets ENOSPC as on a full disk. Needs root.
describe.skipIf(!canMountTmpfs)('a store on a full disk', () => {
  let disk: SmallDisk;
  beforeEach(() => {
    disk = mountSmallDisk(2 * 1024 * 1024);
  });
  afterEach(() => disk.unmount());

  it('says the disk is full, holds what it cannot write, drops past the bound into a gap, and replays once freed', async () => {
    const log = memoryLog();
    const sqlite: SqliteStore = await openSqliteStore({ path: join(disk.dir, 'kept.db') });
    const store = new HoldingStore({
      inner: sqlite,
      clock: systemClock,
      log,
      maxHeld: 50,
      initialRetryMs: 20,
      maxRetryMs: 200,
    });
    const registry = new Registry();
    createStoreMetrics(registry, () => store.health());
    const before = observations(0, 10);
    for (const o of before) await store.record(o, []);

    expect(disk.fill()).toBeGreaterThan(0);
    // The driver's own error, straight: the code and the cause, never "cannot rollback".
    const direct = await sqlite.record(observations(1000, 1)[0]!, []).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(direct).toBeInstanceOf(KeptError);
    expect(direct).toMatchObject({ kind: 'transient', code: 'storage.full' });
    expect((direct as Error).message).toMatch(/disk is full \(SQLITE_FULL: database or disk is full\)/);
    expect((direct as Error).message).not.toMatch(/rollback/);

    const during = observations(10, 70);
    for (const o of during) await store.record(o, []); // acknowledged: held in memory, none refused
    const health = store.health();
    expect(health).toMatchObject({ healthy: false, held: 50, problem: { code: 'storage.full' } });
    expect(health.dropped.get(during[0]!.probeId)).toBe(20);
    expect(health.writeFailures).toBeGreaterThan(0);
    const ready = await readiness(store);
    expect(ready.status).toBe(503);
    expect(ready.body.reasons.join()).toMatch(
      /store cannot write \(storage\.full\).*disk is full.*50 observation\(s\) held/,
    );
    const failing = await registry.metrics();
    expect(failing).toMatch(/^kept_store_healthy 0$/m);
    expect(failing).toMatch(/^kept_store_held_observations 50$/m);
    expect(failing).toMatch(
      new RegExp(`^kept_store_dropped_observations_total\\{probe="${during[0]!.probeId}"\\} 20$`, 'm'),
    );
    expect(log.lines.some((l) => /rollback/.test(JSON.stringify(l)))).toBe(false);

    disk.free();
    await vi.waitFor(() => expect(store.health()).toMatchObject({ healthy: true, held: 0 }), {
      timeout: 10_000,
      interval: 20,
    });
    const kept = [...before, ...during.slice(20)];
    const stored = await store.observations(window);
    expect(stored.map((o) => o.id).sort()).toEqual(kept.map((o) => o.id).sort()); // nothing lost within the bound, no duplicate
    const gaps = await store.gaps({ from: window.from, to: window.to });
    expect(gaps).toEqual([
      {
        probeId: during[0]!.probeId,
        from: during[0]!.startedAt,
        to: during[19]!.startedAt + during[19]!.timings.totalMs,
        missedRuns: 20,
        reason: 'Kept could not store observations: disk full',
      },
    ]);
    expect((await readiness(store)).status).toBe(200);
    expect(await registry.metrics()).toMatch(/^kept_store_healthy 1$/m);
    await store.close();
    // Written in the order they were recorded: the store numbers rows as it writes them.
    const db = new Database(join(disk.dir, 'kept.db'));
    const bySeq = (db.prepare('SELECT id FROM observations ORDER BY seq').raw().all([]) as [string][]).map(
      ([id]) => id,
    );
    db.close();
    expect(bySeq).toEqual(kept.map((o) => o.id));
  });

  it('holds observations the outbox journal cannot append on a full disk, and forwards them once freed', async () => {
    const elsewhere = await tempDir();
    const log = memoryLog();
    const inner = await openSqliteStore({ path: join(elsewhere.dir, 'kept.db') });
    const outbox = await openBufferedStore({
      inner,
      journalPath: join(disk.dir, 'outbox.db'),
      clock: systemClock,
      log,
      initialRetryMs: 20,
    });
    const store = new HoldingStore({ inner: outbox, clock: systemClock, log, initialRetryMs: 20, maxRetryMs: 200 });
    try {
      const all = observations(0, 30);
      for (const o of all.slice(0, 5)) await store.record(o, []);
      disk.fill();
      for (const o of all.slice(5)) await store.record(o, []);
      expect(store.health()).toMatchObject({ healthy: false, held: 25, problem: { code: 'storage.full' } });
      expect(store.health().problem?.message).toMatch(/^outbox journal .*outbox\.db: append failed: the disk is full/);

      disk.free();
      await vi.waitFor(() => expect(store.health()).toMatchObject({ healthy: true, held: 0 }), {
        timeout: 10_000,
        interval: 20,
      });
      expect(await outbox.drained(10_000)).toBe(true);
      const stored = await inner.observations(window);
      expect(stored.map((o) => o.id).sort()).toEqual(all.map((o) => o.id).sort());
      expect(store.health().dropped.size).toBe(0);
    } finally {
      await store.close();
      await elsewhere.cleanup();
    }
  });
});

describe.skipIf(!canMountTmpfs)('a store on a read-only file system', () => {
  it('reads, refuses writes with storage.unwritable and the reason, holds them, and closes', async () => {
    const { dir, cleanup } = await tempDir();
    const writable = await openSqliteStore({ path: join(dir, 'kept.db') });
    const [first, ...later] = observations(0, 4);
    await writable.record(first!, []);
    // Kept open while the read-only view is used: a WAL database can be read read-only only while its -wal and -shm
    // files exist (SQLite 3.22+), and the last connection to close deletes them. (A store opened on a file system
    // read-only from the start fails at once with storage.unwritable, and `kept run` exits 4.)
    const view = readOnlyView(dir);
    const log = memoryLog();
    try {
      const store = new HoldingStore({
        inner: await openSqliteStore({ path: join(view.dir, 'kept.db') }),
        clock: systemClock,
        log,
      });
      for (const o of later) await store.record(o, []);
      expect(store.health()).toMatchObject({ healthy: false, held: 3, problem: { code: 'storage.unwritable' } });
      expect(store.health().problem?.message).toBe(
        'sqlite store: record failed: the file cannot be written (read-only file system, permissions or an I/O error) ' +
          '(SQLITE_READONLY: attempt to write a readonly database)',
      );
      expect((await store.observations(window)).map((o) => o.id)).toEqual([first!.id]);
      const ready = await readiness(store);
      expect(ready.status).toBe(503);
      expect(ready.body.reasons.join()).toContain('the store cannot write (storage.unwritable)');
      await store.close();
      expect(log.lines.find((l) => l.message.startsWith('closing while the store cannot write'))?.fields).toMatchObject(
        { held: 3 },
      );
    } finally {
      view.unmount();
      await writable.close();
      await cleanup();
    }
  });
});
