import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import {
  openBufferedStore,
  type BufferedStore,
  type BufferedStoreOptions,
} from '../../../../src/adapters/stores/outbox/buffered.store.ts';
import { retryDelay } from '../../../../src/adapters/stores/outbox/outbox.forwarder.ts';
import { OutboxJournal } from '../../../../src/adapters/stores/outbox/outbox.journal.ts';
import { openSqliteStore } from '../../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { describeStoreContract } from '../../../contract/store.contract.ts';
import { MONDAY, mixedWeek, WEEK } from '../../../contract/store-fixtures.ts';
import { FlakyStore, memoryLogger, tempDir } from './outbox-helpers.ts';

const everything = { from: MONDAY, to: MONDAY + WEEK, limit: 10_000 };

describeStoreContract('BufferedStore over SqliteStore', async () => {
  const { dir, cleanup } = await tempDir();
  const options = (inner: BufferedStoreOptions['inner']): BufferedStoreOptions => ({
    inner,
    journalPath: join(dir, 'outbox.db'),
    clock: systemClock,
    log: memoryLogger(),
    initialRetryMs: 5,
  });
  let store = await openBufferedStore(options(await openSqliteStore({ path: join(dir, 'kept.db') })));
  return {
    store,
    async reopen() {
      await store.close();
      store = await openBufferedStore(options(await openSqliteStore({ path: join(dir, 'kept.db') })));
      return store;
    },
    async cleanup() {
      await store.close();
      await cleanup();
    },
  };
});

describe('BufferedStore with a flaky inner store', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let flaky: FlakyStore;
  let store: BufferedStore;
  const log = memoryLogger();
  const open = async (inner: FlakyStore): Promise<BufferedStore> =>
    openBufferedStore({
      inner,
      journalPath: join(dir, 'outbox.db'),
      clock: systemClock,
      log,
      initialRetryMs: 5,
      maxRetryMs: 40,
      readWaitMs: 5_000,
    });

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    flaky = await FlakyStore.open(join(dir, 'kept.db'));
    store = await open(flaky);
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  it('acknowledges while the inner store is down, then delivers everything once, in the order recorded', async () => {
    flaky.down = true;
    const items = mixedWeek(60, 1);
    await Promise.all(items.slice(0, 30).map((i) => store.record(i.observation, i.judgements)));
    for (const i of items.slice(30)) await store.record(i.observation, i.judgements);
    expect(store.pending()).toBe(60);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(store.status()).toMatchObject({ pending: 60, failing: true, lastError: 'flaky store: down' });
    expect(await flaky.observations(everything)).toEqual([]);
    flaky.down = false;
    expect(await store.drained(10_000)).toBe(true);
    expect(flaky.received).toEqual(items.map((i) => i.observation.id));
    expect((await store.observations(everything)).length).toBe(60);
    expect(store.status()).toMatchObject({ pending: 0, failing: false, delivered: 60 });
    expect(store.status().attempts).toBeGreaterThan(3);
    expect(log.lines.map((l) => l.message)).toEqual(
      expect.arrayContaining([
        'store unavailable: observations stay in the outbox and are retried',
        'store reachable again: delivering buffered observations',
      ]),
    );
  });

  it('logs replayed/total while a backlog drains, and once when it is done', async () => {
    await store.close();
    const progressLog = memoryLogger();
    flaky = await FlakyStore.open(join(dir, 'kept.db'));
    store = await openBufferedStore({
      inner: flaky,
      journalPath: join(dir, 'outbox.db'),
      clock: systemClock,
      log: progressLog,
      batchSize: 10,
      progressEveryMs: 0,
      initialRetryMs: 5,
      maxRetryMs: 40,
    });
    flaky.down = true;
    const items = mixedWeek(60, 5);
    await Promise.all(items.map((i) => store.record(i.observation, i.judgements)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    flaky.down = false;
    expect(await store.drained(10_000)).toBe(true);
    const lines = progressLog.lines;
    const progress = lines.filter((l) => l.message === 'outbox: replaying').map((l) => l.fields);
    expect(progress.map((f) => f?.replayed)).toEqual([20, 30, 40, 50]);
    expect(progress.every((f) => f?.total === 60)).toBe(true);
    expect(lines.find((l) => l.message === 'outbox: replaying a backlog')?.fields).toMatchObject({
      replayed: 10,
      total: 60,
    });
    expect(lines.find((l) => l.message === 'outbox: backlog replayed')?.fields).toMatchObject({ replayed: 60 });
  });

  it('stores each observation once when replies are lost and deliveries are repeated', async () => {
    flaky.loseAcks = 3;
    const items = mixedWeek(40, 2);
    for (const i of items) await store.record(i.observation, i.judgements);
    expect(await store.drained(10_000)).toBe(true);
    const stored = await store.observations(everything);
    expect(flaky.received.length).toBeGreaterThan(40);
    expect(stored).toHaveLength(40);
    expect(new Set(stored.map((o) => o.id)).size).toBe(40);
  });

  it('replays after a restart what the previous run recorded but could not deliver', async () => {
    flaky.down = true;
    const items = mixedWeek(25, 3);
    for (const i of items) await store.record(i.observation, i.judgements);
    await store.recordGap({
      probeId: 'chat-1',
      from: MONDAY,
      to: MONDAY + 3_600_000,
      missedRuns: 2,
      reason: 'Kept was down',
    });
    await store.close();
    expect(journalCount(join(dir, 'outbox.db'))).toBe(26);
    flaky = await FlakyStore.open(join(dir, 'kept.db'));
    store = await open(flaky);
    expect(await store.drained(10_000)).toBe(true);
    expect(flaky.received).toEqual(items.map((i) => i.observation.id));
    expect(await store.observations(everything)).toHaveLength(25);
    expect(await store.gaps(everything)).toHaveLength(1);
    expect(log.lines).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('replaying'), fields: { pending: 26 } }),
    );
  });

  it('sets aside an entry the inner store refuses as invalid and delivers the rest', async () => {
    const items = mixedWeek(10, 4);
    flaky.poison.add(items[4]!.observation.id);
    for (const i of items) await store.record(i.observation, i.judgements);
    expect(await store.drained(10_000)).toBe(true);
    expect(await store.observations(everything)).toHaveLength(9);
    expect(store.status()).toMatchObject({ pending: 0, rejected: 1, delivered: 9 });
    const journal = OutboxJournal.open(join(dir, 'outbox.db'));
    expect(journal.rejected().map((r) => r.payload.kind === 'record' && r.payload.observation.id)).toEqual([
      items[4]!.observation.id,
    ]);
    journal.close();
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  // How fast the read and the close are during an outage: buffered.store.timing.test.ts.
  it('lets a read see earlier records while healthy, and answers without them during an outage', async () => {
    const [a, b] = mixedWeek(2, 5);
    await store.record(a!.observation, a!.judgements);
    expect((await store.observations(everything)).map((o) => o.id)).toEqual([a!.observation.id]);
    flaky.down = true;
    await store.record(b!.observation, b!.judgements);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await store.observations(everything)).map((o) => o.id)).toEqual([a!.observation.id]);
    flaky.down = false;
  });

  it('leaves undelivered entries in the journal when closed during an outage', async () => {
    flaky.down = true;
    const [a] = mixedWeek(1, 6);
    await store.record(a!.observation, a!.judgements);
    await store.close();
    expect(journalCount(join(dir, 'outbox.db'))).toBe(1);
    await expect(store.record(a!.observation, a!.judgements)).rejects.toMatchObject({ code: 'store.closed' });
    store = await open(await FlakyStore.open(join(dir, 'kept.db')));
    expect(await store.drained(5_000)).toBe(true);
  });
});

function journalCount(path: string): number {
  const journal = OutboxJournal.open(path);
  const count = journal.count();
  journal.close();
  return count;
}

describe('retry delays', () => {
  it.each([
    [0, 125, 250],
    [1, 250, 500],
    [3, 1_000, 2_000],
    [10, 15_000, 30_000],
    [1_000, 15_000, 30_000],
  ])('after %i failures wait between %i and %i ms (initial 250 ms, at most 30 s)', (attempt, low, high) => {
    expect(retryDelay(attempt, 250, 30_000, () => 0)).toBe(low);
    expect(retryDelay(attempt, 250, 30_000, () => 1)).toBe(high);
  });
});
