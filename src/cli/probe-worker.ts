import { systemClock } from '../adapters/clock/system.clock.ts';
import { createLoopMonitor } from '../adapters/health/loop-monitor.ts';
import { serveProbeJobs, type WorkerRuntime } from '../adapters/workers/worker-serve.ts';
import { createAttemptRunner, type AttemptRunner } from '../app/attempt-runner.ts';
import type { DescribedClock } from '../app/worker.port.ts';
import { validationError } from '../domain/errors.ts';
import { loadCatalogueOrThrow } from './catalogue-input.ts';
import { openChannels } from './channel-registry.ts';
import { createJsonLogger } from './logger.ts';
import type { ProbeWorkerSettings } from './probe-workers.ts';

function settingsOf(settings: Readonly<Record<string, unknown>>): ProbeWorkerSettings {
  const { catalogue, dataDir, evidenceDir } = settings;
  const paths =
    Array.isArray(catalogue) && catalogue.every((p) => typeof p === 'string') ? (catalogue as string[]) : undefined;
  if (paths === undefined || typeof dataDir !== 'string' || typeof evidenceDir !== 'string') {
    throw validationError(
      'worker.settings',
      `a probe worker needs catalogue paths, dataDir and evidenceDir, not ${JSON.stringify(settings)}`,
    );
  }
  return { catalogue: paths, dataDir, evidenceDir };
}

/**
 * Loads the catalogue and builds the channels that run in workers (every kind but email, which stays in the service);
 * each attempt goes through the attempt runner (deadline, a throw or hang is inconclusive, self-health of this process).
 */
async function setup(raw: Readonly<Record<string, unknown>>): Promise<WorkerRuntime> {
  const settings = settingsOf(raw);
  // The service logged the catalogue's warnings at start; each worker would only repeat them.
  const catalogue = await loadCatalogueOrThrow(settings.catalogue, process.env, 'connect', () => undefined);
  const probes = new Map(catalogue.probes.map((p) => [p.id, p]));
  const channels = await openChannels(
    { log, clock: systemClock, dataDir: settings.dataDir, evidenceDir: settings.evidenceDir },
    catalogue.probes.filter((p) => p.kind !== 'email'),
  );
  const health = createLoopMonitor();
  // One attempt runner per clock the service uses (the demo has two: the replay's and the capped media clock).
  const runners = new Map<string, AttemptRunner>();
  const runnerFor = (clock: DescribedClock): AttemptRunner => {
    const key = JSON.stringify(clock.describe());
    let runner = runners.get(key);
    if (runner === undefined) {
      runner = createAttemptRunner({ channelFor: channels.channelFor, clock, log, claims: catalogue.claims, health });
      runners.set(key, runner);
    }
    return runner;
  };
  return {
    run(job, context) {
      const probe = probes.get(job.probeId);
      if (probe === undefined) {
        throw validationError('worker.probe', `the worker's catalogue has no probe "${job.probeId}"`);
      }
      if (probe.kind !== job.kind) {
        const kinds = `is ${probe.kind} in the worker's catalogue, not ${job.kind}`;
        throw validationError('worker.probe', `probe "${probe.id}" ${kinds}`);
      }
      const plannedAt = job.plannedAt === undefined ? {} : { plannedAt: job.plannedAt };
      return runnerFor(context.clock).attempt(probe, job.runId, { signal: context.signal, ...plannedAt });
    },
    close: () => channels.closeAll(),
  };
}

// A probe worker process (docs/architecture/workers.md): started by `kept run` and `kept demo`, it runs the attempts
// the service sends and returns their observations. Its log lines go to stderr, which the service relays into its log.
const log = createJsonLogger(process.stderr);
// Ctrl-C reaches the whole process group: the worker stops when the service says so (or goes away), not before.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
serveProbeJobs({ setup, log });
