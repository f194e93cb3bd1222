import { Option, type Command } from 'commander';
import { systemClock } from '../../adapters/clock/system.clock.ts';
import type { Logger } from '../../app/ports.ts';
import type { Catalogue } from '../../domain/catalogue.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';
import { portFlag } from '../flags.ts';
import type { EmailInboundSettings } from '../channel-registry.ts';
import { createLogger, LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../logger.ts';
import { startMonitor } from '../monitor.ts';
import { workersOption } from '../probe-workers.ts';
import { openStore, storeOptions, type StoreFlags } from '../store-input.ts';
import { untilSignal } from '../signals.ts';
import { lockDataDir } from '../../adapters/lock/data-dir.lock.ts';
import {
  fleetOptions,
  fleetWiring,
  noteLocations,
  rolesOf,
  startFleetScheduler,
  type FleetFlags,
  type FleetWiring,
} from './run-fleet.ts';
import { mkdirSync } from 'node:fs';

export interface EmailFlags {
  readonly emailInboundDomain?: string[];
  readonly emailInboundHost: string;
  readonly emailInboundPort: number;
}

/** Flags for Kept's inbound SMTP endpoint (email probes with `receive.via: inbound`), shared by `run` and `probe`. */
export function emailOptions(command: Command): Command {
  return command
    .option(
      '--email-inbound-domain <domain...>',
      "persona domains whose MX points at Kept: starts Kept's inbound SMTP endpoint for email probes that read replies there",
    )
    .option('--email-inbound-host <host>', 'address the inbound SMTP endpoint listens on', '127.0.0.1')
    .option(
      '--email-inbound-port <port>',
      'port of the inbound SMTP endpoint (an MX delivers to 25; 0 picks a free port)',
      portFlag,
      25,
    );
}

/** The inbound endpoint's settings from the flags, or undefined when no domain was given. */
export function emailInboundOf(flags: EmailFlags): EmailInboundSettings | undefined {
  const domains = flags.emailInboundDomain ?? [];
  if (domains.length === 0) return undefined;
  return { domains, host: flags.emailInboundHost, port: flags.emailInboundPort };
}

interface RunFlags {
  readonly catalogue: string[];
  readonly host: string;
  readonly port: number;
  readonly workers: number;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
}

/** The `kept run` command's arguments, flags and action (its name and summary are in src/main.ts). */
export function defineRun(command: Command): void {
  command
    .requiredOption('-c, --catalogue <files...>', 'catalogue YAML files')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free port)', portFlag, 9321)
    .addOption(
      new Option('--log-level <level>', 'the least severe log lines written (to stderr)')
        .choices(LOG_LEVELS)
        .default('info'),
    )
    .addOption(
      new Option('--log-format <format>', 'json: a JSON object a line, for log shippers; pretty: for people')
        .choices(LOG_FORMATS)
        .default('json'),
    );
  type Flags = StoreFlags & EmailFlags & RunFlags & FleetFlags;
  storeOptions(emailOptions(workersOption(fleetOptions(command)))).action(async (opts: Flags) => {
    const log = createLogger({ level: opts.logLevel, format: opts.logFormat });
    const catalogue = await loadCatalogueOrThrow(opts.catalogue, process.env, 'connect', (lines) => {
      for (const warning of lines) log.warn('catalogue warning', { warning });
    });
    const roles = rolesOf(opts);
    if (roles === undefined) noteLocations(catalogue, log);
    const wiring =
      roles === undefined || opts.queue === undefined
        ? undefined
        : await fleetWiring({ url: opts.queue, roles, catalogue, clock: systemClock, realClock: systemClock, log });
    if (wiring !== undefined && roles?.includes('service') !== true && wiring.fleet.plan !== undefined) {
      const scheduler = await startFleetScheduler({
        catalogue,
        clock: systemClock,
        scheduling: 'cron',
        plan: wiring.fleet.plan,
        log,
      });
      console.log(`Kept scheduler ${process.pid} plans runs on ${opts.queue}`);
      await untilSignal();
      await scheduler.stop();
      await wiring.close();
      return;
    }
    // One single-machine Kept per data directory (a fleet shares work through --queue, not a store).
    mkdirSync(opts.data, { recursive: true });
    const lock = lockDataDir(opts.data);
    try {
      await serve(opts, log, catalogue, wiring);
    } finally {
      await wiring?.close();
      lock.release();
    }
  });
}

async function serve(
  opts: StoreFlags & EmailFlags & RunFlags,
  log: Logger,
  catalogue: Catalogue,
  wiring: FleetWiring | undefined,
): Promise<void> {
  const inbound = emailInboundOf(opts);
  const store = await openStore(opts, { clock: systemClock, log });
  const monitor = await startMonitor({
    catalogue,
    store,
    clock: systemClock,
    log,
    host: opts.host,
    port: opts.port,
    scheduling: 'cron',
    // In a fleet the attempts are made by `kept worker`s, not by local probe workers.
    workers: { count: wiring === undefined ? opts.workers : 0, catalogue: opts.catalogue },
    dataDir: opts.data,
    ...(store.prune ? { prune: store.prune.bind(store) } : {}),
    ...(inbound === undefined ? {} : { email: { inbound } }),
    ...(wiring === undefined ? {} : { fleet: wiring.fleet }),
    collectors: {
      openStore: async () => (await import('../population-store-input.ts')).openPopulationStore(opts),
    },
  }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const endpoint =
    monitor.emailInbound === undefined
      ? ''
      : `, inbound SMTP ${monitor.emailInbound.host}:${monitor.emailInbound.port}`;
  console.log(
    `Kept is running at ${monitor.url} (API ${monitor.url}/api/claims, metrics ${monitor.url}/metrics${endpoint})`,
  );
  await untilSignal();
  await monitor.stop();
  await store.close();
}
