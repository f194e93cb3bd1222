import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { openBufferedStore, type BufferedStore } from '../../../../src/adapters/stores/outbox/buffered.store.ts';
import { mixedWeek, MONDAY, WEEK } from '../../../contract/store-fixtures.ts';
import { FlakyStore, memoryLogger, tempDir } from './outbox-helpers.ts';

const READ_WAIT_MS = 5_000;

// During an outage a read must not wait for the inner store (up to READ_WAIT_MS) and a close must not wait for the
// outage to end. Both only touch the local journal: a few ms idle, up to LOADED_SLACK_MS (200 ms,
// test/support/timing.ts) with two CPU hogs beside. The bound, 1 s, is a fifth of the wait they must not make.
describe('BufferedStore during an outage, timed', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let flaky: FlakyStore;
  let store: BufferedStore;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    flaky = await FlakyStore.open(join(dir, 'kept.db'));
    store = await openBufferedStore({
      inner: flaky,
      journalPath: join(dir, 'outbox.db'),
      clock: systemClock,
      log: memoryLogger(),
      initialRetryMs: 5,
      maxRetryMs: 40,
      readWaitMs: READ_WAIT_MS,
    });
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  it('answers a read in under 1 s, without the records it could not deliver', async () => {
    const [a, b] = mixedWeek(2, 5);
    await store.record(a!.observation, a!.judgements);
    flaky.down = true;
    await store.record(b!.observation, b!.judgements);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    expect((await store.observations({ from: MONDAY, to: MONDAY + WEEK, limit: 10_000 })).map((o) => o.id)).toEqual([
      a!.observation.id,
    ]);
    expect(performance.now() - started).toBeLessThan(READ_WAIT_MS / 5);
    flaky.down = false;
  });

  it('closes in under 1 s', async () => {
    flaky.down = true;
    const [a] = mixedWeek(1, 6);
    await store.record(a!.observation, a!.judgements);
    const started = performance.now();
    await store.close();
    expect(performance.now() - started).toBeLessThan(READ_WAIT_MS / 5);
  });
});
