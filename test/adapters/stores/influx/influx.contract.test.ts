import { join } from 'node:path';
import { describe } from 'vitest';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { openInfluxStore, type InfluxStore } from '../../../../src/adapters/stores/influx/influx.store.ts';
import { openBufferedStore, type BufferedStore } from '../../../../src/adapters/stores/outbox/buffered.store.ts';
import { describeStoreContract } from '../../../contract/store.contract.ts';
import { memoryLogger, tempDir } from '../outbox/outbox-helpers.ts';
import { dropDatabase, missing, storeOptions, useInfluxd } from './influx-server.ts';

describe.skipIf(missing !== undefined)('InfluxStore on a real influxd', () => {
  const server = useInfluxd();

  describeStoreContract('InfluxStore', async () => {
    const options = storeOptions(server());
    let store: InfluxStore = await openInfluxStore(options);
    return {
      store,
      async reopen() {
        await store.close();
        store = await openInfluxStore(options);
        return store;
      },
      async cleanup() {
        await store.close();
        await dropDatabase(server(), options.database);
      },
    };
  });

  describeStoreContract('BufferedStore over InfluxStore (the production setup)', async () => {
    const options = storeOptions(server());
    const { dir, cleanup } = await tempDir();
    const open = async (): Promise<BufferedStore> =>
      openBufferedStore({
        inner: await openInfluxStore(options),
        journalPath: join(dir, 'outbox.db'),
        clock: systemClock,
        log: memoryLogger(),
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
        await dropDatabase(server(), options.database);
        await cleanup();
      },
    };
  });
});
