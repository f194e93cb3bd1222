// A fleet scheduler on a compressed clock (what `kept run --queue … --role scheduler` does on real time), for the
// fleet end-to-end test: two of these, on the same clock description, plan the same runs. Prints "ready" once
// started; its JSON log lines (stderr) include every "fleet: run planned" with the job key.
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import { loadCatalogueOrThrow } from '../../../src/cli/catalogue-input.ts';
import { fleetWiring, startFleetScheduler } from '../../../src/cli/commands/run-fleet.ts';
import { createLogger } from '../../../src/cli/logger.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';

const [catalogueFile, url, factor, start, originWallMs] = process.argv.slice(2);
const log = createLogger({ level: 'info', format: 'json' });
const clock = createCompressedClock({
  factor: Number(factor),
  start: Number(start),
  originWallMs: Number(originWallMs),
});
const catalogue = await loadCatalogueOrThrow([catalogueFile ?? ''], process.env, 'connect', () => undefined);
const wiring = await fleetWiring({
  url: url ?? '',
  roles: ['scheduler'],
  catalogue,
  clock,
  realClock: systemClock,
  log,
});
const plan = wiring.fleet.plan;
if (plan === undefined) throw new Error('no planner');
const scheduler = await startFleetScheduler({ catalogue, clock, scheduling: 'clocked', plan, log });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void scheduler
    .stop()
    .then(() => wiring.close())
    .then(() => process.exit(0));
});
