import { join } from 'node:path';
import { systemClock } from '../../adapters/clock/system.clock.ts';
import { clockFromDescription } from '../../adapters/clock/described.clock.ts';
import { createLoopMonitor } from '../../adapters/health/loop-monitor.ts';
import { createAttemptRunner, type AttemptRunner } from '../../app/attempt-runner.ts';
import { lostRunObservation, type FleetJob } from '../../app/fleet.ts';
import type { Logger } from '../../app/ports.ts';
import type { DescribedClock } from '../../app/worker.port.ts';
import type { Catalogue, ProbeSpec } from '../../domain/catalogue.ts';
import type { Observation } from '../../domain/observation.ts';
import { openChannels } from '../channel-registry.ts';

/** What a process that makes attempts for a service holds: its probes, their channels, an attempt runner per clock. */
export interface ProbeAttempts {
  readonly probes: ReadonlyMap<string, ProbeSpec>;
  /** The attempt runner for the clock (one per clock described alike: the demo has the replay's and the media's). */
  runnerFor(clock: DescribedClock): AttemptRunner;
  close(): Promise<void>;
}

/**
 * The channels of the catalogue's probes but email (which stays with the service) and their attempt runners (deadline,
 * a throw or hang is inconclusive, self-health of this process): shared by the local probe worker
 * (src/cli/probe-worker.ts) and the fleet worker (`kept worker`).
 */
export async function openProbeAttempts(
  catalogue: Catalogue,
  dirs: { readonly dataDir: string; readonly evidenceDir: string },
  log: Logger,
): Promise<ProbeAttempts> {
  const channels = await openChannels(
    { log, clock: systemClock, ...dirs },
    catalogue.probes.filter((p) => p.kind !== 'email'),
  );
  const health = createLoopMonitor();
  const runners = new Map<string, AttemptRunner>();
  return {
    probes: new Map(catalogue.probes.map((p) => [p.id, p])),
    runnerFor(clock) {
      const key = JSON.stringify(clock.describe());
      let runner = runners.get(key);
      if (runner === undefined) {
        runner = createAttemptRunner({ channelFor: channels.channelFor, clock, log, claims: catalogue.claims, health });
        runners.set(key, runner);
      }
      return runner;
    },
    close: () => channels.closeAll(),
  };
}

export interface WorkerRuntime {
  /** Makes one planned run's attempt on the job's clock; a probe the catalogue lacks is an inconclusive observation. */
  attempt(job: FleetJob, signal: AbortSignal): Promise<Observation>;
  close(): Promise<void>;
}

/** The fleet worker's (`kept worker`) attempts: a job its catalogue cannot run is an inconclusive observation. */
export async function openWorkerRuntime(catalogue: Catalogue, dataDir: string, log: Logger): Promise<WorkerRuntime> {
  const attempts = await openProbeAttempts(catalogue, { dataDir, evidenceDir: join(dataDir, 'evidence') }, log);
  return {
    async attempt(job, signal) {
      const probe = attempts.probes.get(job.probeId);
      const jobClock = clockFromDescription(job.clock);
      if (probe === undefined || probe.kind !== job.kind || probe.kind === 'email') {
        const why =
          probe === undefined
            ? `the worker's catalogue has no probe "${job.probeId}"`
            : `probe "${job.probeId}" is ${probe.kind} in the worker's catalogue, which a fleet worker cannot run as ${job.kind}`;
        log.error('worker: cannot run the job; recording an inconclusive observation', { runId: job.runId, why });
        return lostRunObservation(job, jobClock.now(), why);
      }
      return attempts.runnerFor(jobClock).attempt(probe, job.runId, { signal, plannedAt: job.plannedAt });
    },
    close: () => attempts.close(),
  };
}
