import type { Command } from 'commander';
import { systemClock } from '../../adapters/clock/system.clock.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';
import { createJsonLogger } from '../logger.ts';
import { startMonitor } from '../monitor.ts';
import { openStore } from '../store-input.ts';
import { untilSignal } from '../signals.ts';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the scheduler and the service (API, /metrics) on a catalogue')
    .requiredOption('-c, --catalogue <files...>', 'catalogue YAML files')
    .option('--data <dir>', 'data directory for the embedded store', 'data')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '9321')
    .action(async (opts: { catalogue: string[]; data: string; host: string; port: string }) => {
      const catalogue = await loadCatalogueOrThrow(opts.catalogue);
      const log = createJsonLogger();
      const store = await openStore(opts.data);
      const monitor = await startMonitor({ catalogue, store, clock: systemClock, log, host: opts.host, port: Number(opts.port), scheduling: 'cron' });
      console.log(`Kept is running at ${monitor.url} (API ${monitor.url}/api/claims, metrics ${monitor.url}/metrics)`);
      await untilSignal();
      await monitor.stop();
      await store.close();
    });
}
