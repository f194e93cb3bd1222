import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createCatchUpClock } from '../../adapters/clock/catch-up.clock.ts';
import { localTime } from '../../domain/calendar/zoned-time.ts';
import { DEMO_STAFFING, startDesk } from '../../desk/desk.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';
import { createJsonLogger } from '../logger.ts';
import { startMonitor } from '../monitor.ts';
import { openStore, storeOptions, type StoreFlags } from '../store-input.ts';
import { untilSignal } from '../signals.ts';

const DEMO_CATALOGUE = fileURLToPath(new URL('../../../probes/demo.yaml', import.meta.url));
const DAY_MS = 86_400_000;

/**
 * 07:00 UK time on the latest weekday at least a day before `now`: the demo replays from there, so the desk's
 * bot-only early morning breaks the 24/7 claim at once and a working day of business hours follows.
 */
export function demoStart(now: number, timeZone = 'Europe/London'): number {
  let day = now - DAY_MS;
  while (localTime(day, timeZone).weekday > 4) day -= DAY_MS;
  const local = localTime(day, timeZone);
  const guess = Date.parse(`${local.date}T07:00:00Z`);
  return guess - (localTime(guess, timeZone).hour - 7) * 3_600_000;
}

export function registerDemo(program: Command): void {
  const command = program
    .command('demo')
    .description('start the simulated support desk and monitor it, replaying the last days fast')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port for the Kept service', '9321')
    .option('--speed <factor>', 'simulated seconds per real second until the replay reaches now', '400')
    .option('--verbose', 'log every observation');
  // The demo's data directory defaults to a new temporary one, so every demo starts from an empty history.
  storeOptions(command, null)
    .action(async (opts: Omit<StoreFlags, 'data'> & { data?: string; host: string; port: string; speed: string; verbose?: boolean }) => {
      const log = createJsonLogger(process.stderr, !opts.verbose);
      const clock = createCatchUpClock({ start: demoStart(Date.now()), factor: Number(opts.speed) });
      const desk = await startDesk({ clock, staffing: DEMO_STAFFING, host: opts.host, port: 0, seed: 7 });
      const catalogue = await loadCatalogueOrThrow([DEMO_CATALOGUE], { ...process.env, KEPT_DESK_CHAT_URL: desk.chatUrl });
      const dataDir = opts.data ?? mkdtempSync(join(tmpdir(), 'kept-demo-'));
      const store = await openStore({ ...opts, data: dataDir }, { clock, log });
      const monitor = await startMonitor({ catalogue, store, clock, log, host: opts.host, port: Number(opts.port), scheduling: 'clocked', dataDir, refreshMs: 500 });
      console.log(`Kept demo: desk at ${desk.httpUrl}, data in ${dataDir}`);
      console.log(`Kept is running at ${monitor.url}  (API ${monitor.url}/api/claims, metrics ${monitor.url}/metrics)`);
      const progress = setInterval(() => {
        const { verdicts } = monitor.board.current();
        const statuses = verdicts.map((v) => `${v.claimId}=${v.status}`).join(' ');
        console.log(`[simulated ${new Date(clock.now()).toISOString().slice(0, 16)}Z${clock.caughtUp() ? ', live' : ''}] ${statuses}`);
      }, 5_000);
      await untilSignal();
      clearInterval(progress);
      await monitor.stop();
      await desk.stop();
      await store.close();
    });
}
