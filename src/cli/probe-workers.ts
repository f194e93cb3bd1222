import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { systemClock } from '../adapters/clock/system.clock.ts';
import { createChildProcessWorkers } from '../adapters/workers/child-process.workers.ts';
import { createAttemptRunner, type AttemptRunner } from '../app/attempt-runner.ts';
import type { Channel, Clock, Logger, SelfHealth } from '../app/ports.ts';
import { createWorkerAttempts } from '../app/worker-attempts.ts';
import { isDescribedClock } from '../app/worker.port.ts';
import type { Catalogue, ProbeSpec } from '../domain/catalogue.ts';
import { fatalError } from '../domain/errors.ts';
import type { Channels } from './channel-registry.ts';

// Beside this module: probe-worker.ts when Kept runs from source (tsx), probe-worker.js when built (dist/).
const WORKER_ENTRY = fileURLToPath(
  new URL(`./probe-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
);
/** Real ms a worker's result may arrive past the worker's own deadline (a worker restarting, an IPC round trip). */
const BACKSTOP_GRACE_MS = 15_000;

/** What the service tells a probe worker as it starts (the `init` message's settings, src/cli/probe-worker.ts). */
export interface ProbeWorkerSettings {
  /** The catalogue files, loaded by the worker with its environment (the service's, plus WorkerOptions.env). */
  readonly catalogue: readonly string[];
  readonly dataDir: string;
  readonly evidenceDir: string;
}

/** `kept run --workers N` and `kept demo --workers N`: how many probe worker processes, and what they load. */
export interface WorkerOptions {
  /** Probe worker processes; 0 runs every attempt in the service process (tests, debugging). */
  readonly count: number;
  /** The catalogue files the service loaded: each worker loads them itself (secrets never travel in messages). */
  readonly catalogue: readonly string[];
  /** Added to the workers' environment (the service's): the demo's desk URLs the catalogue's ${VARS} name. */
  readonly env?: Readonly<Record<string, string>>;
}

/** `--workers <n>` for `kept run` and `kept demo`: probe worker processes, 1 by default, 0 for in-process attempts. */
export function workersOption(command: Command): Command {
  return command.option(
    '--workers <n>',
    'probe worker processes that make the attempts (0 runs them in the service process, for tests and debugging)',
    workersFlag,
    1,
  );
}

/** A number of worker processes: a whole number from 0 to 64. */
export function workersFlag(value: string): number {
  const count = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(count) || count > 64) throw new InvalidArgumentError('it must be a whole number from 0 to 64.');
  return count;
}

export interface MonitorWorkers {
  /** Attempts for the probe runner: probes that wait long (email) run here, every other probe in a worker. */
  readonly attempts: AttemptRunner;
  /** Channels for the probe runner's hooks (isSuspended, afterStored): a worker's probes have none here. */
  readonly channelFor: (probe: ProbeSpec) => Channel;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Readiness: a worker that keeps failing to start means the probes it serves are not measured. */
  problems(): readonly string[];
}

export interface MonitorWorkersDeps {
  readonly options: WorkerOptions;
  readonly catalogue: Catalogue;
  readonly channels: Channels;
  readonly clock: Clock;
  readonly clockFor?: (probe: ProbeSpec) => Clock;
  readonly log: Logger;
  readonly health?: SelfHealth;
  readonly settings: Omit<ProbeWorkerSettings, 'catalogue'>;
}

/**
 * The probe workers of `kept run` and `kept demo` (docs/architecture/workers.md): child processes that hold the
 * channels and make the attempts, so browsers, audio analysis and the attempts' timing stay off the service's loop.
 * Email probes stay in the service: their pending runs and the inbound SMTP endpoint live here. Undefined when every
 * probe is an email probe.
 */
export function openMonitorWorkers(deps: MonitorWorkersDeps): MonitorWorkers | undefined {
  const { catalogue, channels, clock, log } = deps;
  const clockFor = (probe: ProbeSpec): Clock => deps.clockFor?.(probe) ?? clock;
  const inWorker = (probe: ProbeSpec): boolean => !channels.waitsLong(probe);
  // Only email probes (or none): nothing would run in a worker, so none is started.
  if (!catalogue.probes.some(inWorker)) return undefined;
  for (const probe of catalogue.probes.filter(inWorker)) {
    if (!isDescribedClock(clockFor(probe))) {
      throw fatalError(
        'workers.clock',
        `probe "${probe.id}" runs on a clock a probe worker cannot rebuild; use --workers 0`,
      );
    }
  }
  const settings: ProbeWorkerSettings = { ...deps.settings, catalogue: deps.options.catalogue };
  const workers = createChildProcessWorkers({
    entry: WORKER_ENTRY,
    count: deps.options.count,
    settings: { ...settings },
    env: { ...process.env, ...deps.options.env },
    log,
  });
  const health = deps.health === undefined ? {} : { health: deps.health };
  const clocks = deps.clockFor === undefined ? {} : { clockFor: deps.clockFor };
  const local = createAttemptRunner({
    channelFor: channels.channelFor,
    clock,
    ...clocks,
    log,
    claims: catalogue.claims,
    ...health,
  });
  const remote = createWorkerAttempts({
    workers,
    clock,
    ...clocks,
    log,
    realClock: systemClock,
    graceMs: BACKSTOP_GRACE_MS,
  });
  const hooksOnly = new Map<string, Channel>();
  return {
    attempts: { attempt: (probe, runId, options) => (inWorker(probe) ? remote : local).attempt(probe, runId, options) },
    channelFor(probe) {
      if (!inWorker(probe)) return channels.channelFor(probe);
      let channel = hooksOnly.get(probe.kind);
      if (channel === undefined) {
        const kind = probe.kind;
        const run = (): Promise<never> =>
          Promise.reject(fatalError('workers.local', `${kind} attempts run in probe workers`));
        channel = { kind, run };
        hooksOnly.set(kind, channel);
      }
      return channel;
    },
    start: () => workers.start(),
    stop: () => workers.stop(),
    problems: () => workers.problems(),
  };
}
