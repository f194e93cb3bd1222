import { InvalidArgumentError, type Command } from 'commander';
import type { Clock, Logger } from '../../app/ports.ts';
import type { FleetJob } from '../../app/fleet.ts';
import { isDescribedClock, PROBE_PROTOCOL_VERSION } from '../../app/worker.port.ts';
import { catalogueLocations, probeLocations, type Catalogue } from '../../domain/catalogue.ts';
import { validationError } from '../../domain/errors.ts';
import type { MonitorFleet } from '../monitor.ts';

/** The roles `kept run --queue` may hold; one process may hold several. */
export const FLEET_ROLES = ['scheduler', 'service'] as const;
export type FleetRole = (typeof FLEET_ROLES)[number];

export interface FleetFlags {
  readonly queue?: string;
  readonly role?: FleetRole[];
}

function rolesFlag(value: string): FleetRole[] {
  const roles = value.split(',').map((r) => r.trim());
  const wrong = roles.filter((r) => !(FLEET_ROLES as readonly string[]).includes(r));
  if (wrong.length > 0 || roles.length === 0)
    throw new InvalidArgumentError(`roles are ${FLEET_ROLES.join(', ')} (comma-separated), not ${wrong.join(', ')}.`);
  return roles as FleetRole[];
}

/** `--queue` and `--role` for `kept run` (docs/architecture/fleet.md). */
export function fleetOptions(command: Command): Command {
  return command
    .option('--queue <url>', 'run as part of a probe fleet on Redis (redis://host:port): workers are `kept worker`')
    .option('--role <roles>', 'with --queue: scheduler, service, or both (scheduler,service, the default)', rolesFlag);
}

/** The roles asked for, or undefined without --queue (the single-machine default). */
export function rolesOf(flags: FleetFlags): readonly FleetRole[] | undefined {
  if (flags.queue === undefined) {
    if (flags.role !== undefined) throw validationError('flags.role', '--role needs --queue redis://host:port');
    return undefined;
  }
  return flags.role ?? FLEET_ROLES;
}

function refuseEmail(catalogue: Catalogue): void {
  const email = catalogue.probes.filter((p) => p.kind === 'email').map((p) => p.id);
  if (email.length > 0) {
    throw validationError(
      'fleet.email',
      `email probes do not run in a fleet yet (${email.join(', ')}): run them with a single-machine kept run`,
    );
  }
}

/**
 * `kept worker --location L`: L must be a location the catalogue's probes run from (their `locations`, or `default`
 * for a probe that names none), or the worker would wait on a queue no scheduler fills.
 */
export function checkWorkerLocation(catalogue: Catalogue, location: string): void {
  const known = catalogueLocations(catalogue.probes);
  if (known.includes(location)) return;
  const shape = /^[a-z0-9][a-z0-9-]*$/.test(location) ? '' : ' (a location is lower-case letters, digits and dashes)';
  throw validationError(
    'fleet.location',
    `--location ${JSON.stringify(location)} is not a location of the catalogue's probes${shape}; they run from ${known.join(', ')}`,
  );
}

/**
 * A single-machine `kept run` (no --queue) runs each probe once per planned time, from this machine, whatever its
 * `locations`: one machine is one place, and N copies of an attempt from here would be N readings of one network
 * presented as N places. Its observations carry no location. Said once at start when the catalogue names locations.
 */
export function noteLocations(catalogue: Catalogue, log: Logger): void {
  const located = catalogue.probes.filter((p) => p.locations !== undefined);
  if (located.length === 0) return;
  log.info('locations are for a fleet (--queue): this single-machine kept run runs each probe once, from here', {
    locations: catalogueLocations(located).join(', '),
    probes: located.map((p) => p.id).join(', '),
  });
}

export interface FleetWiring {
  readonly fleet: MonitorFleet;
  close(): Promise<void>;
}

/**
 * The monitor's fleet hooks for the roles: the scheduler plans each due run as a job on its probe's location queue;
 * the service takes results (and failed jobs, as inconclusive) from the queue. BullMQ is loaded only here.
 */
export async function fleetWiring(options: {
  readonly url: string;
  readonly roles: readonly FleetRole[];
  readonly catalogue: Catalogue;
  readonly clock: Clock;
  readonly realClock: Clock;
  readonly log: Logger;
  readonly lostGraceMs?: number;
  readonly stalledIntervalMs?: number;
  /** Real ms between the service's reads of the fleet's state (metrics). Default 5 s. */
  readonly watchMs?: number;
}): Promise<FleetWiring> {
  const { catalogue, clock, log } = options;
  refuseEmail(catalogue);
  const { redisConnection } = await import('../../adapters/queue/redis-connection.ts');
  const connection = redisConnection(options.url);
  const closers: (() => Promise<void>)[] = [];
  let plan: MonitorFleet['plan'];
  if (options.roles.includes('scheduler')) {
    if (!isDescribedClock(clock)) throw validationError('fleet.clock', 'the fleet needs a clock workers can rebuild');
    const { createQueuePlanner } = await import('../../adapters/queue/bullmq.planner.ts');
    const planner = createQueuePlanner(connection, log);
    closers.push(() => planner.close());
    const probes = new Map(catalogue.probes.map((p) => [p.id, p]));
    plan = async (probeId, scheduledAt) => {
      const probe = probes.get(probeId);
      if (probe === undefined) return;
      // One job per location the probe runs from, each on that location's queue.
      for (const location of probeLocations(probe)) {
        const job: Omit<FleetJob, 'runId'> = {
          v: PROBE_PROTOCOL_VERSION,
          probeId,
          kind: probe.kind,
          clock: clock.describe(),
          location,
          plannedAt: scheduledAt,
        };
        // Not awaited: a Redis outage delays the add (the connection waits and resends), never drops it, and the
        // scheduler's no-overlap guard must not take a waiting add for a run still going.
        void planner.plan(job).then(
          (key) => log.info('fleet: run planned', { probe: probeId, location, job: key }),
          (error: unknown) =>
            log.error('fleet: a run could not be planned', { probe: probeId, location, error: String(error) }),
        );
      }
    };
  }
  let intake: MonitorFleet['intake'];
  if (options.roles.includes('service')) {
    const { startQueueResults } = await import('../../adapters/queue/bullmq.results.ts');
    const locations = catalogueLocations(catalogue.probes);
    const { startFleetWatch } = await import('../../adapters/queue/fleet-watch.ts');
    intake = async (record, stored, registry) => {
      // Queue depth, job lag and worker liveness as metrics; a location that loses its last worker is logged.
      const watch = startFleetWatch({
        connection,
        locations,
        registry,
        clock: options.realClock,
        log,
        ...(options.watchMs === undefined ? {} : { pollMs: options.watchMs }),
      });
      const running = startQueueResults({
        connection,
        locations,
        record,
        stored,
        realClock: options.realClock,
        log,
        ...(options.lostGraceMs === undefined ? {} : { lostGraceMs: options.lostGraceMs }),
        ...(options.stalledIntervalMs === undefined ? {} : { stalledIntervalMs: options.stalledIntervalMs }),
      });
      return { close: async () => void (await Promise.all([running.close(), watch.close()])) };
    };
  }
  return {
    fleet: { ...(plan === undefined ? {} : { plan }), ...(intake === undefined ? {} : { intake }) },
    async close() {
      for (const close of closers) await close();
    },
  };
}

/**
 * The scheduler role alone (`kept run --queue … --role scheduler`): the catalogue's cron and coverage runs planned as
 * queue jobs, with no store, API or probes here. Gaps (runs missed while no scheduler ran) are the service's to see
 * from the stored runs; this scheduler starts without a last run.
 */
export async function startFleetScheduler(options: {
  readonly catalogue: Catalogue;
  readonly clock: Clock;
  readonly scheduling: 'cron' | 'clocked';
  readonly plan: NonNullable<MonitorFleet['plan']>;
  readonly log: Logger;
}): Promise<{ stop(): Promise<void> }> {
  const { catalogue, clock, log } = options;
  const deps = {
    probes: catalogue.probes,
    claims: catalogue.claims,
    clock,
    store: { lastRunAt: async () => undefined, recordGap: async () => undefined },
    runProbe: options.plan,
    log,
    coveragePeriodMs: catalogue.evaluation.coveragePeriodMs,
    // Every scheduler of the fleet plans the same coverage runs: the queue keeps one of each.
    sharedCoverage: true,
  };
  const { createCronScheduler } = await import('../../adapters/scheduler/cron.scheduler.ts');
  const { createClockedScheduler } = await import('../../adapters/scheduler/clocked.scheduler.ts');
  const scheduler = options.scheduling === 'cron' ? createCronScheduler(deps) : createClockedScheduler(deps);
  await scheduler.start();
  return { stop: () => scheduler.stop() };
}
