import { Gauge, type Registry } from 'prom-client';
import type { FleetStatus } from '../../app/fleet-status.ts';
import { KeptRegistry } from './kept.registry.ts';
import { METRIC } from './metric-names.ts';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
const NAMES = [
  METRIC.fleetQueueUp,
  METRIC.fleetQueueJobs,
  METRIC.fleetJobLag,
  METRIC.fleetWorkersLive,
  METRIC.fleetWorkerCapacity,
  METRIC.fleetAttemptsInFlight,
  METRIC.fleetWorkerLastSeen,
  METRIC.fleetWorkerless,
];

export interface FleetMetrics {
  /** The fleet as last read from Redis. Locations outside the catalogue's are not exported (bounded labels). */
  setStatus(status: FleetStatus, since: (location: string) => number): void;
  /** Redis could not be read: `kept_fleet_queue_up` 0, the other series keep their last values. */
  setUnreadable(): void;
}

/**
 * The probe fleet as the service sees it (docs/architecture/fleet.md, "Operations"): queue depth by state, the age of
 * the oldest waiting job, live workers, their capacity and attempts in flight, and when each location last had a live
 * worker (`KeptFleetNoWorker` fires on it). Label `location`, bounded by the catalogue's locations.
 */
export function createFleetMetrics(registry: Registry, locations: readonly string[]): FleetMetrics {
  const registers = [registry];
  const cache = registry instanceof KeptRegistry ? registry : undefined;
  for (const name of NAMES) cache?.cacheUntilChanged(name);
  const gauge = (name: string, help: string, labelNames: string[] = ['location']): Gauge =>
    new Gauge({ name, help, labelNames, registers });
  const up = gauge(METRIC.fleetQueueUp, '1 while the service can read the fleet queue in Redis, else 0.', []);
  const jobs = gauge(METRIC.fleetQueueJobs, 'Probe jobs in the location queue, by BullMQ state.', [
    'location',
    'state',
  ]);
  const lag = gauge(METRIC.fleetJobLag, 'Seconds the oldest waiting probe job of the location has waited (0: none).');
  const live = gauge(METRIC.fleetWorkersLive, 'Live kept worker processes taking the location (unexpired heartbeats).');
  const capacity = gauge(METRIC.fleetWorkerCapacity, 'Attempts the live workers of the location may run at once.');
  const inFlight = gauge(METRIC.fleetAttemptsInFlight, 'Attempts the live workers of the location are making.');
  const lastSeen = gauge(
    METRIC.fleetWorkerLastSeen,
    'When the location last had a live worker (now while it has one; the service start if none was ever seen).',
  );
  const workerless = gauge(
    METRIC.fleetWorkerless,
    'Seconds since the location last had a live worker; 0 while it has one.',
  );
  const changed = (): void => {
    for (const name of NAMES) cache?.changed(name);
  };
  return {
    setStatus(status, since) {
      up.set(1);
      for (const location of locations) {
        const l = status.locations.find((x) => x.location === location);
        for (const state of STATES) jobs.set({ location, state }, l?.[state] ?? 0);
        lag.set({ location }, l?.lagSeconds ?? 0);
        live.set({ location }, l?.liveWorkers ?? 0);
        capacity.set({ location }, l?.capacity ?? 0);
        inFlight.set({ location }, l?.inFlight ?? 0);
        const at = l?.liveWorkers ? status.at : (l?.lastWorkerAt ?? since(location));
        lastSeen.set({ location }, Math.floor(at / 1_000));
        workerless.set({ location }, l?.liveWorkers ? 0 : Math.max(0, (status.at - at) / 1_000));
      }
      changed();
    },
    setUnreadable() {
      up.set(0);
      changed();
    },
  };
}
