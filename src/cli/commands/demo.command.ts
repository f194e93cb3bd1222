import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync } from 'node:fs';
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
import { createStatusLine, demoStatusLine } from '../demo-status.ts';
import { createLogger } from '../logger.ts';
import { startMonitor } from '../monitor.ts';
import { workersOption } from '../probe-workers.ts';
import { openStore, storeOptions, type StoreFlags } from '../store-input.ts';
import { untilSignal } from '../signals.ts';
import { METRIC } from '../../adapters/metrics/metric-names.ts';

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
 * 06:00 UK time on the latest Friday at least a day before `now`: the demo replays from there, so the desk's bot-only
 * early morning breaks the 24/7 claim at once, a working day of business hours follows, and the weekend shows what
 * an email auto-reply's "within 24 hours" is worth (Friday evening's mail is answered on Monday). Two hours of night:
 * the replay's clock runs while the desk, the store and the probe workers start, and a loaded machine can take ten
 * real seconds (over an hour of replay) for that; the runs missed meanwhile are a coverage gap.
 */
export function demoStart(now: number, timeZone = 'Europe/London'): number {
  let day = now - DAY_MS;
  while (localTime(day, timeZone).weekday !== FRIDAY) day -= DAY_MS;
  const local = localTime(day, timeZone);
  const guess = Date.parse(`${local.date}T06:00:00Z`);
  return guess - (localTime(guess, timeZone).hour - 6) * 3_600_000;
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
    .option(
      '--speed <factor>',
      'simulated seconds per real second until the replay reaches now',
      positiveNumberFlag,
      400,
    )
    .option('--verbose', 'log every observation (to the log file in the data directory)');
  // The demo's data directory defaults to a new temporary one, so every demo starts from an empty history.
  storeOptions(workersOption(command), null).action(
    async (
      opts: Omit<StoreFlags, 'data'> & {
        data?: string;
        host: string;
        port: number;
        speed: number;
        verbose?: boolean;
        workers: number;
      },
    ) => {
      // The terminal shows one status line; everything else goes to <data>/kept.log as JSON lines.
      const dataDir = opts.data ?? mkdtempSync(join(tmpdir(), 'kept-demo-'));
      const logFile = createWriteStream(join(dataDir, 'kept.log'), { flags: 'a' });
      const log = createLogger({ stream: logFile, level: opts.verbose ? 'info' : 'warn' });
      const clock = createCatchUpClock({ start: demoStart(Date.now()), factor: opts.speed });
      // Calls and browsers cannot keep up with the replay: they run at most 20x real time (docs/architecture/desk.md).
      const mediaClock = clock.capped(MEDIA_PACE);
      const desk = await startDemoDesk({ clock, mediaClock, host: opts.host, log });
      const token = process.env.KEPT_API_TOKEN || randomBytes(12).toString('base64url');
      const catalogue = withoutUnavailableProbes(
        await loadCatalogueOrThrow([DEMO_CATALOGUE], { ...process.env, ...desk.env }),
        desk.unavailable,
      );
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
        // The desk's TaskRouter-shaped queue statistics, read by the demo's collector, stored beside the observations.
        collectors: {
          openStore: async () =>
            (await import('../population-store-input.ts')).openPopulationStore({ ...opts, data: dataDir }),
        },
        // Sign-off works in the demo's web page out of the box: a token of its own unless one is set.
        env: { ...process.env, KEPT_API_TOKEN: token },
      });
      console.log(`Kept demo: desk at ${desk.urls.join(', ')}; data and log (kept.log) in ${dataDir}`);
      for (const [kind, why] of desk.unavailable) console.log(`Kept demo: ${kind} probes left out: ${why}`);
      console.log(`Kept is running at ${monitor.url}  (API ${monitor.url}/api/claims, metrics ${monitor.url}/metrics)`);
      console.log(`Sign off marketing copy at ${monitor.url}/signoff with the API token ${token}`);
      const status = createStatusLine(process.stdout);
      const show = async (): Promise<void> => {
        const { verdicts } = monitor.board.current();
        const runs = await monitor.registry.getSingleMetric(METRIC.probeRuns)?.get();
        const count = (outcome?: string): number =>
          (runs?.values ?? [])
            .filter((v) => outcome === undefined || v.labels.outcome === outcome)
            .reduce((n, v) => n + v.value, 0);
        status.show(
          demoStatusLine({
            at: clock.now(),
            live: clock.caughtUp(),
            speed: opts.speed,
            verdicts,
            attempts: count(),
            inconclusive: count('inconclusive'),
          }),
        );
      };
      const progress = setInterval(() => void show(), process.stdout.isTTY ? 1_000 : 5_000);
      await untilSignal();
      clearInterval(progress);
      status.end();
      await monitor.stop();
      await desk.stop();
      await store.close();
      await new Promise((resolve) => logFile.end(resolve));
    },
  );
}
