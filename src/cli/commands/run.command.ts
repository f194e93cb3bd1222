import type { Command } from 'commander';
import { systemClock } from '../../adapters/clock/system.clock.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';
import { createJsonLogger } from '../logger.ts';
import { startMonitor } from '../monitor.ts';
import { openStore, storeOptions, type StoreFlags } from '../store-input.ts';
import { untilSignal } from '../signals.ts';

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description('run the scheduler and the service (API, /metrics) on a catalogue')
    .requiredOption('-c, --catalogue <files...>', 'catalogue YAML files')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '9321');
  storeOptions(command)
    .action(async (opts: StoreFlags & { catalogue: string[]; host: string; port: string }) => {
      const catalogue = await loadCatalogueOrThrow(opts.catalogue);
      const log = createJsonLogger();
      const store = await openStore(opts, { clock: systemClock, log });
      const monitor = await startMonitor({ catalogue, store, clock: systemClock, log, host: opts.host, port: Number(opts.port), scheduling: 'cron', dataDir: opts.data, ...(store.prune ? { prune: store.prune.bind(store) } : {}) });
      console.log(`Kept is running at ${monitor.url} (API ${monitor.url}/api/claims, metrics ${monitor.url}/metrics)`);
      await untilSignal();
      await monitor.stop();
      await store.close();
    });
}
