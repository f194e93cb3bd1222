import { catalogueLocations, type ProbeSpec } from '../domain/catalogue.ts';

/**
 * What the fleet looks like now (docs/architecture/fleet.md, "Operations"): the workers that advertise themselves on
 * the queue, and per location its queue and whether any worker takes it. Pure: the adapters read Redis, this file
 * decides what it means. Used by `kept fleet status` and the service's fleet metrics.
 */

/** What a live `kept worker` advertises (its heartbeat key, refreshed well within its TTL). */
export interface WorkerAdvert {
  /** `<host>:<pid>:<start ms>`: unique per process, readable. */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly location: string;
  /** Attempts it may have in flight at once (`--concurrency`). */
  readonly concurrency: number;
  readonly inFlight: number;
  readonly version: string;
  /** Epoch ms (the worker's clock) of its last heartbeat. */
  readonly lastSeen: number;
  /** Epoch ms it started. */
  readonly startedAt: number;
}

/** A location's queue, by BullMQ state, and the age of its oldest waiting job. */
export interface QueueDepth {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  /** Real seconds the oldest waiting job has waited; 0 when none waits. */
  readonly lagSeconds: number;
}

export interface LocationStatus extends QueueDepth {
  readonly location: string;
  /** Whether the catalogue has probes here (a location known only from a worker or a queue has none). */
  readonly probed: boolean;
  readonly liveWorkers: number;
  readonly capacity: number;
  readonly inFlight: number;
  /**
   * Epoch ms a worker was last seen here: now while one lives; else its last heartbeat (kept in Redis), or undefined
   * when no worker was ever seen in this location.
   */
  readonly lastWorkerAt: number | undefined;
}

export interface FleetStatus {
  readonly at: number;
  readonly workers: readonly WorkerAdvert[];
  readonly locations: readonly LocationStatus[];
}

/** Whether a value read from a heartbeat key is a worker advert. */
export function isWorkerAdvert(value: unknown): value is WorkerAdvert {
  const w = value as Partial<WorkerAdvert> | null;
  return (
    typeof w === 'object' &&
    w !== null &&
    typeof w.id === 'string' &&
    typeof w.host === 'string' &&
    typeof w.pid === 'number' &&
    typeof w.location === 'string' &&
    typeof w.concurrency === 'number' &&
    typeof w.inFlight === 'number' &&
    typeof w.version === 'string' &&
    typeof w.lastSeen === 'number' &&
    typeof w.startedAt === 'number'
  );
}

/** Per location: its queue, its live workers and when it last had one. Locations sorted by name. */
export function locationStatuses(input: {
  readonly now: number;
  /** Locations the catalogue's probes run from. */
  readonly probed: readonly string[];
  readonly workers: readonly WorkerAdvert[];
  readonly queues: ReadonlyMap<string, QueueDepth>;
  /** A location's last heartbeat from any worker (kept after the workers are gone). */
  readonly lastSeen: ReadonlyMap<string, number>;
}): LocationStatus[] {
  const names = new Set([...input.probed, ...input.workers.map((w) => w.location), ...input.queues.keys()]);
  return [...names].sort().map((location) => {
    const here = input.workers.filter((w) => w.location === location);
    const depth = input.queues.get(location) ?? { waiting: 0, active: 0, delayed: 0, failed: 0, lagSeconds: 0 };
    return {
      location,
      probed: input.probed.includes(location),
      ...depth,
      liveWorkers: here.length,
      capacity: here.reduce((sum, w) => sum + w.concurrency, 0),
      inFlight: here.reduce((sum, w) => sum + w.inFlight, 0),
      lastWorkerAt: here.length > 0 ? input.now : input.lastSeen.get(location),
    };
  });
}

/** Locations that have probes (or waiting jobs) and no live worker: their runs wait, and nothing measures them. */
export function uncoveredLocations(status: FleetStatus): LocationStatus[] {
  return status.locations.filter((l) => l.liveWorkers === 0 && (l.probed || l.waiting > 0));
}

/** The locations a catalogue's probes run from, sorted: the bound on the fleet metrics' `location` label. */
export function probedLocations(probes: readonly Pick<ProbeSpec, 'locations'>[]): string[] {
  return [...catalogueLocations(probes)];
}
