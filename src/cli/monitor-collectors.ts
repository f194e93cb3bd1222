import type { Scheduler } from '../adapters/scheduler/scheduler.ts';
import { createClockedScheduler } from '../adapters/scheduler/clocked.scheduler.ts';
import { createCronScheduler } from '../adapters/scheduler/cron.scheduler.ts';
import { createPopulationCollection } from '../app/collect-population.ts';
import type { PlatformCollector } from '../app/collector.port.ts';
import type { Clock, Logger, PopulationStore } from '../app/ports.ts';
import type { Catalogue, ProbeSpec } from '../domain/catalogue.ts';
import { validationError } from '../domain/errors.ts';
import type { CollectorSpec } from '../domain/population/collector-spec.ts';

/**
 * The collectors of `kept run` (docs/architecture/collectors.md), loaded only when the catalogue has some: each
 * collector is built once at start (a bad option refuses start-up), then scheduled by the probes' own scheduler
 * (node-cron, jitter, one run at a time) and run through the collection use case into the population store.
 */
export interface CollectorWiring {
  /** Opens where population evidence is stored (beside the observations: the same SQLite file or InfluxDB). */
  readonly openStore: () => Promise<PopulationStore>;
  /** Builds a collector's platform adapter. Default: the collector factory (src/adapters/collectors). */
  readonly collectorFor?: (spec: CollectorSpec, clock: Clock) => Promise<PlatformCollector>;
}

export interface RunningCollectors {
  readonly store: PopulationStore;
  stop(): Promise<void>;
}

/** Scheduler job ids are kept apart from probe ids. */
const JOB = 'collector:';

/**
 * A collector as a job for the probes' scheduler, which reads only its id, schedule and verified claims (none here:
 * collectors need no coverage runs; a run reads every interval since the last successful one anyway).
 */
function asJob(spec: CollectorSpec): ProbeSpec {
  return {
    id: `${JOB}${spec.id}`,
    kind: 'chat-api',
    target: spec.platform,
    schedule: { ...spec.schedule, maxInFlight: 1 },
    verifies: [],
    options: {},
  };
}

/** The collector factory's adapter for a collector (imported only here, and only when collectors run). */
async function factoryCollector(spec: CollectorSpec, clock: Clock): Promise<PlatformCollector> {
  const factory = await import('../adapters/collectors/collector-factory.ts');
  if (!factory.isCollectorPlatform(spec.platform))
    throw validationError(
      'collector.no-adapter',
      `collector "${spec.id}": no ${spec.platform} collector in this build`,
    );
  return factory.createCollector(spec.platform, spec.options, { collectorId: spec.id, clock });
}

export async function startCollectors(input: {
  readonly catalogue: Catalogue;
  readonly clock: Clock;
  /** Times each read's budget: real time, even when `clock` is the demo's compressed one (collect-population.ts). */
  readonly budgetClock: Clock;
  readonly log: Logger;
  readonly scheduling: 'cron' | 'clocked';
  readonly wiring: CollectorWiring;
}): Promise<RunningCollectors> {
  const { catalogue, clock, log, wiring } = input;
  const specs = catalogue.collectors ?? [];
  const build = wiring.collectorFor ?? factoryCollector;
  const adapters = new Map<string, PlatformCollector>();
  for (const spec of specs) adapters.set(spec.id, await build(spec, clock));
  const store = await wiring.openStore();
  const stopping = new AbortController();
  const collection = createPopulationCollection({
    collectors: specs,
    claims: catalogue.claims,
    adapters,
    store,
    clock,
    budgetClock: input.budgetClock,
    log,
    onReadings: (collector, readings) => log.info('population read', { collector, readings: readings.length }),
  });
  const options = {
    probes: specs.map(asJob),
    claims: [],
    clock,
    // A run reads every interval since the last successful read, so a run missed is no gap unless the catch-up limit
    // passes (then the run records it): nothing to count on start, and a run node-cron missed is only logged.
    store: {
      lastRunAt: async () => undefined,
      recordGap: async () => undefined,
    },
    runProbe: async (jobId: string) => {
      await collection.collect(jobId.slice(JOB.length), stopping.signal);
    },
    log,
    coveragePeriodMs: catalogue.evaluation.coveragePeriodMs,
  };
  const scheduler: Scheduler =
    input.scheduling === 'cron' ? createCronScheduler(options) : createClockedScheduler(options);
  try {
    await scheduler.start();
  } catch (error) {
    await store.close();
    throw error;
  }
  log.info('collectors started', { collectors: specs.map((spec) => spec.id) });
  return {
    store,
    async stop() {
      stopping.abort();
      await scheduler.stop();
      await store.close();
    },
  };
}
