import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { HeldQueue, type HeldWrite } from '../../../../src/adapters/stores/holding/held-queue.ts';
import { HoldingStore, lostReason } from '../../../../src/adapters/stores/holding/holding.store.ts';
import { openSqliteStore } from '../../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { describeStoreContract } from '../../../contract/store.contract.ts';
import { chatObservation } from '../../../support/domain-fixtures.ts';
import { memoryLog } from '../../../support/probe-kit.ts';
import { tempDir } from '../outbox/outbox-helpers.ts';

describeStoreContract('HoldingStore over SqliteStore', async () => {
  const { dir, cleanup } = await tempDir();
  const open = async (): Promise<HoldingStore> =>
    new HoldingStore({
      inner: await openSqliteStore({ path: join(dir, 'kept.db') }),
      clock: systemClock,
      log: memoryLog(),
    });
  let store = await open();
  return {
    store,
    async reopen() {
      await store.close();
      store = await open();
      return store;
    },
    async cleanup() {
      await store.close();
      await cleanup();
    },
  };
});

const T0 = Date.parse('2026-11-23T10:00:00Z');
const record = (minute: number): HeldWrite => ({
  kind: 'record',
  observation: chatObservation({ startedAt: T0 + minute * 60_000 }),
  judgements: [],
});
const gap = (minute: number): HeldWrite => ({
  kind: 'gap',
  gap: { probeId: 'p', from: T0 + minute * 60_000, to: T0 + (minute + 1) * 60_000, missedRuns: 1, reason: 'down' },
});
const startOf = (w: HeldWrite | Record<string, never>): number =>
  'kind' in w && w.kind === 'record' ? w.observation.startedAt : -1;
const minutes = (list: readonly { startedAt: number }[]): number[] => list.map((o) => (o.startedAt - T0) / 60_000);

describe('HeldQueue', () => {
  it.each([
    ['keeps everything up to the bound', 3, [0, 1, 2], [], 3],
    ['drops the oldest observation past the bound', 3, [0, 1, 2, 3, 4], [0, 1], 3],
    ['drops nothing with room to spare', 10, [0, 1], [], 2],
  ])('%s', (_name, bound, pushed, expectDropped, expectHeld) => {
    const queue = new HeldQueue(bound);
    const dropped = pushed.flatMap((m) => queue.push(record(m)));
    expect(minutes(dropped)).toEqual(expectDropped);
    expect(queue.records).toBe(expectHeld);
  });

  it('never drops a gap, and gives runs of consecutive observations or one gap, oldest first', () => {
    const queue = new HeldQueue(2);
    queue.push(gap(0));
    queue.push(record(1));
    queue.push(record(2));
    expect(minutes(queue.push(record(3)).map((o) => o))).toEqual([1]);
    expect(queue.size).toBe(3);
    const first = queue.take(10);
    expect(first.map((w) => w.kind)).toEqual(['gap']);
    queue.written();
    expect(queue.take(10).map(startOf)).toEqual([T0 + 2 * 60_000, T0 + 3 * 60_000]);
    queue.written();
    expect(queue.size).toBe(0);
  });

  it('does not drop observations being written; a failed run stays first in line', () => {
    const queue = new HeldQueue(2);
    queue.push(record(0));
    queue.push(record(1));
    expect(queue.take(2).map(startOf)).toEqual([T0, T0 + 60_000]);
    // While that run is in flight, two more arrive: nothing in flight may go, so the bound waits.
    expect(queue.push(record(2))).toEqual([]);
    queue.unwritten();
    expect(minutes(queue.push(record(3)))).toEqual([0, 1]);
    expect(queue.take(5).map(startOf)).toEqual([T0 + 2 * 60_000, T0 + 3 * 60_000]);
  });

  it('knows the newest held run of a probe', () => {
    const queue = new HeldQueue(10);
    for (const m of [3, 1, 2]) queue.push(record(m));
    expect(queue.lastRunAt('desk-chat-api')).toBe(T0 + 3 * 60_000);
    expect(queue.lastRunAt('other')).toBeUndefined();
  });
});

describe('lostReason', () => {
  it.each([
    ['storage.full', 'Kept could not store observations: disk full'],
    ['storage.unwritable', 'Kept could not store observations: storage not writable'],
    ['store.unavailable', 'Kept could not store observations: the store was unavailable'],
  ])('names %s', (code, reason) => expect(lostReason(code)).toBe(reason));
});
