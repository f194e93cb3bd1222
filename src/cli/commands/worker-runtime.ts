import { join } from 'node:path';
import { clockFromDescription } from '../../adapters/clock/described.clock.ts';
import { createLoopMonitor } from '../../adapters/health/loop-monitor.ts';
import { createAttemptRunner, type AttemptRunner } from '../../app/attempt-runner.ts';
import { lostRunObservation, type FleetJob } from '../../app/fleet.ts';
import type { Logger } from '../../app/ports.ts';
import type { Catalogue } from '../../domain/catalogue.ts';
import type { Observation } from '../../domain/observation.ts';
import { openChannels } from '../channel-registry.ts';

export interface WorkerRuntime {
  /** Makes one planned run's attempt on the job's clock; a probe the catalogue lacks is an inconclusive observation. */
  attempt(job: FleetJob, signal: AbortSignal): Promise<Observation>;
  close(): Promise<void>;
}

/**
 * The channels and attempt runners of a fleet worker (`kept worker`): the catalogue's probes but email (which stays
 * with the service), one attempt runner per clock the jobs name, as in the local probe worker (src/cli/probe-worker.ts).
 */
export async function openWorkerRuntime(catalogue: Catalogue, dataDir: string, log: Logger): Promise<WorkerRuntime> {
  const probes = new Map(catalogue.probes.map((p) => [p.id, p]));
  const clock = clockFromDescription({ kind: 'system' });
  const channels = await openChannels(
    { log, clock, dataDir, evidenceDir: join(dataDir, 'evidence') },
    catalogue.probes.filter((p) => p.kind !== 'email'),
  );
  const health = createLoopMonitor();
  const runners = new Map<string, AttemptRunner>();
  const runnerFor = (job: FleetJob): AttemptRunner => {
    const key = JSON.stringify(job.clock);
    let runner = runners.get(key);
    if (runner === undefined) {
      const jobClock = clockFromDescription(job.clock);
      runner = createAttemptRunner({
        channelFor: channels.channelFor,
        clock: jobClock,
        log,
        claims: catalogue.claims,
        health,
      });
      runners.set(key, runner);
    }
    return runner;
  };
  return {
    async attempt(job, signal) {
      const probe = probes.get(job.probeId);
      if (probe === undefined || probe.kind !== job.kind || probe.kind === 'email') {
        const why =
          probe === undefined
            ? `the worker's catalogue has no probe "${job.probeId}"`
            : `probe "${job.probeId}" is ${probe.kind} in the worker's catalogue, which a fleet worker cannot run as ${job.kind}`;
        log.error('worker: cannot run the job; recording an inconclusive observation', { runId: job.runId, why });
        return lostRunObservation(job, clockFromDescription(job.clock).now(), why);
      }
      return runnerFor(job).attempt(probe, job.runId, { signal, plannedAt: job.plannedAt });
    },
    close: () => channels.closeAll(),
  };
}
