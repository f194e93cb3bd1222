import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createCatchUpClock } from '../../adapters/clock/catch-up.clock.ts';
import { localTime } from '../../domain/calendar/zoned-time.ts';
import type { Catalogue } from '../../domain/catalogue.ts';
import type { ProbeKind } from '../../domain/channel.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';
import { portFlag, positiveNumberFlag } from '../flags.ts';
import { startDemoDesk } from '../demo-desk.ts';
import { createJsonLogger } from '../logger.ts';
import { startMonitor } from '../monitor.ts';
import { workersOption } from '../probe-workers.ts';
import { openStore, storeOptions, type StoreFlags } from '../store-input.ts';
import { untilSignal } from '../signals.ts';

const DEMO_CATALOGUE = fileURLToPath(new URL('../../../probes/demo.yaml', import.meta.url));
const DAY_MS = 86_400_000;
/** localTime's weekday: 0 = Monday. */
const FRIDAY = 4;
/**
 * The pace of calls and browsers during the replay: fast enough to gather their evidence, slow enough for the SIP
 * channel and the browser to measure truly and to leave CPU for the other probes (docs/architecture/desk.md).
 */
const MEDIA_PACE = 20;
const MEDIA_KINDS: ReadonlySet<ProbeKind> = new Set(['sip', 'browser-chat']);

/**
 * 07:00 UK time on the latest Friday at least a day before `now`: the demo replays from there, so the desk's bot-only
 * early morning breaks the 24/7 claim at once, a working day of business hours follows, and the weekend shows what
 * an email auto-reply's "within 24 hours" is worth (Friday evening's mail is answered on Monday).
 */
export function demoStart(now: number, timeZone = 'Europe/London'): number {
  let day = now - DAY_MS;
  while (localTime(day, timeZone).weekday !== FRIDAY) day -= DAY_MS;
  const local = localTime(day, timeZone);
  const guess = Date.parse(`${local.date}T07:00:00Z`);
  return guess - (localTime(guess, timeZone).hour - 7) * 3_600_000;
}

/** The catalogue without the probes this machine cannot run (their claims stay, unproven). */
function withoutUnavailableProbes(catalogue: Catalogue, unavailable: ReadonlyMap<ProbeKind, string>): Catalogue {
  return { ...catalogue, probes: catalogue.probes.filter((probe) => !unavailable.has(probe.kind)) };
}

/** The `kept demo` command's arguments, flags and action (its name and summary are in src/main.ts). */
export function defineDemo(command: Command): void {
  command
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port for the Kept service (0 picks a free port)', portFlag, 9321)
    .option('--speed <factor>', 'simulated seconds per real second until the replay reaches now', positiveNumberFlag, 400)
    .option('--verbose', 'log every observation');
  // The demo's data directory defaults to a new temporary one, so every demo starts from an empty history.
  storeOptions(workersOption(command), null)
    .action(async (opts: Omit<StoreFlags, 'data'> & { data?: string; host: string; port: number; speed: number; verbose?: boolean; workers: number }) => {
      const log = createJsonLogger(process.stderr, !opts.verbose);
      const clock = createCatchUpClock({ start: demoStart(Date.now()), factor: opts.speed });
      // Calls and browsers cannot keep up with the replay: they run at most 20x real time (docs/architecture/desk.md).
      const mediaClock = clock.capped(MEDIA_PACE);
      const desk = await startDemoDesk({ clock, mediaClock, host: opts.host, log });
      const catalogue = withoutUnavailableProbes(await loadCatalogueOrThrow([DEMO_CATALOGUE], { ...process.env, ...desk.env }), desk.unavailable);
      const dataDir = opts.data ?? mkdtempSync(join(tmpdir(), 'kept-demo-'));
      const store = await openStore({ ...opts, data: dataDir }, { clock, log });
      const monitor = await startMonitor({
        catalogue,
        store,
        clock,
        clockFor: (probe) => (MEDIA_KINDS.has(probe.kind) ? mediaClock : clock),
        log,
        host: opts.host,
        port: opts.port,
        scheduling: 'clocked',
        workers: { count: opts.workers, catalogue: [DEMO_CATALOGUE], env: desk.env },
        dataDir,
        refreshMs: 500,
        email: { inbound: desk.emailInbound },
      });
      console.log(`Kept demo: desk at ${desk.urls.join(', ')}; data in ${dataDir}`);
      for (const [kind, why] of desk.unavailable) console.log(`Kept demo: ${kind} probes left out: ${why}`);
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
