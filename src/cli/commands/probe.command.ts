import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createProbeRunner } from '../../app/run-probe.ts';
import type { ObservationStore } from '../../app/ports.ts';
import { systemClock } from '../../adapters/clock/system.clock.ts';
import { observationToJson } from '../../adapters/json/observation.json.ts';
import { formatDuration } from '../../domain/duration.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';
import { createChannels } from '../channel-registry.ts';
import { createJsonLogger } from '../logger.ts';
import { openStore, storeOptions, type StoreFlags } from '../store-input.ts';

/** A store that keeps nothing: `kept probe` without --record only prints. */
const discard = { record: async () => {}, close: async () => {} } as unknown as ObservationStore;

export function registerProbe(program: Command): void {
  const command = program
    .command('probe')
    .description('run one probe now and print its observation')
    .argument('<id>', 'probe id from the catalogue')
    .requiredOption('-c, --catalogue <files...>', 'catalogue YAML files')
    .option('--json', 'print the observation as JSON (see docs/observation-json.md)')
    .option('--record', 'also store the observation in the data directory');
  storeOptions(command)
    .action(async (id: string, opts: StoreFlags & { catalogue: string[]; json?: boolean; record?: boolean }) => {
      const catalogue = await loadCatalogueOrThrow(opts.catalogue);
      const log = createJsonLogger(process.stderr, true);
      const store = opts.record ? await openStore(opts, { clock: systemClock, log }) : discard;
      try {
        const channels = createChannels({ log, evidenceDir: join(opts.data, 'evidence') });
        const runner = createProbeRunner({ catalogue, channelFor: channels.channelFor, store, clock: systemClock, log, newId: randomUUID });
        const observation = await runner.run(id).finally(() => channels.closeAll());
        if (opts.json) {
          console.log(JSON.stringify(observationToJson(observation), null, 2));
          return;
        }
        const t = observation.timings;
        const show = (ms: number | undefined): string => (ms === undefined ? '-' : formatDuration(ms));
        console.log(`${observation.probeId}: ${observation.outcome}${observation.reason ? ` (${observation.reason})` : ''}`);
        console.log(`  first response ${show(t.firstResponseMs)}, human ${show(t.humanMs)}, total ${show(t.totalMs)}`);
        for (const line of observation.evidence.transcript ?? []) console.log(`  +${line.atMs}ms ${line.from}: ${line.text}`);
      } finally {
        await store.close();
      }
    });
}
