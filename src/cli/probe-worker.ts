import { serveProbeJobs, type WorkerRuntime } from '../adapters/workers/worker-serve.ts';
import { validationError } from '../domain/errors.ts';
import { loadCatalogueOrThrow } from './catalogue-input.ts';
import { openProbeAttempts } from './commands/worker-runtime.ts';
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
  const attempts = await openProbeAttempts(
    catalogue,
    { dataDir: settings.dataDir, evidenceDir: settings.evidenceDir },
    log,
  );
  return {
    run(job, context) {
      const probe = attempts.probes.get(job.probeId);
      if (probe === undefined) {
        throw validationError('worker.probe', `the worker's catalogue has no probe "${job.probeId}"`);
      }
      if (probe.kind !== job.kind) {
        const kinds = `is ${probe.kind} in the worker's catalogue, not ${job.kind}`;
        throw validationError('worker.probe', `probe "${probe.id}" ${kinds}`);
      }
      const plannedAt = job.plannedAt === undefined ? {} : { plannedAt: job.plannedAt };
      return attempts.runnerFor(context.clock).attempt(probe, job.runId, { signal: context.signal, ...plannedAt });
    },
    close: () => attempts.close(),
  };
}

// A probe worker process (docs/architecture/workers.md): started by `kept run` and `kept demo`, it runs the attempts
// the service sends and returns their observations. Its log lines go to stderr, which the service relays into its log.
const log = createJsonLogger(process.stderr);
// Ctrl-C reaches the whole process group: the worker stops when the service says so (or goes away), not before.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
serveProbeJobs({ setup, log });
