import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createFleetMetrics } from '../../../src/adapters/metrics/fleet.metrics.ts';
import { locationStatuses, uncoveredLocations, type WorkerAdvert } from '../../../src/app/fleet-status.ts';
import { promtoolCheckMetrics } from '../../support/promtool.ts';

const NOW = Date.parse('2026-12-07T03:30:00Z');
const worker = (location: string, id: string, inFlight: number): WorkerAdvert => ({
  id,
  host: 'w',
  pid: 1,
  location,
  concurrency: 4,
  inFlight,
  version: '0.1.0',
  lastSeen: NOW - 1_000,
  startedAt: NOW - 60_000,
});

// uk lost its last worker at 03:12; eu has two; us-east (a worker's location the catalogue lacks) is not exported.
const status = {
  at: NOW,
  workers: [worker('eu', 'a', 1), worker('eu', 'b', 2), worker('us-east', 'c', 0)],
  locations: locationStatuses({
    now: NOW,
    probed: ['eu', 'uk'],
    workers: [worker('eu', 'a', 1), worker('eu', 'b', 2), worker('us-east', 'c', 0)],
    queues: new Map([
      ['uk', { waiting: 3, active: 0, delayed: 0, failed: 1, lagSeconds: 42.5 }],
      ['eu', { waiting: 0, active: 3, delayed: 0, failed: 0, lagSeconds: 0 }],
    ]),
    lastSeen: new Map([['uk', Date.parse('2026-12-07T03:12:00Z')]]),
  }),
};

describe('the fleet status', () => {
  it('sums each location’s workers and finds the probed location with none', () => {
    const eu = status.locations.find((l) => l.location === 'eu');
    expect(eu).toMatchObject({ liveWorkers: 2, capacity: 8, inFlight: 3, active: 3, lastWorkerAt: NOW });
    expect(uncoveredLocations(status).map((l) => l.location)).toEqual(['uk']);
    expect(status.locations.map((l) => l.location)).toEqual(['eu', 'uk', 'us-east']);
  });
});

describe('fleet metrics', () => {
  it('export depth, lag, live workers and when a location last had one, for the catalogue’s locations only', async () => {
    const registry = new Registry();
    createFleetMetrics(registry, ['eu', 'uk']).setStatus(status, () => NOW - 7_200_000);
    const text = await registry.metrics();
    expect(text).toContain('kept_fleet_queue_up 1');
    expect(text).toContain('kept_fleet_queue_jobs{location="uk",state="waiting"} 3');
    expect(text).toContain('kept_fleet_queue_jobs{location="uk",state="failed"} 1');
    expect(text).toContain('kept_fleet_job_lag_seconds{location="uk"} 42.5');
    expect(text).toContain('kept_fleet_workers_live{location="eu"} 2');
    expect(text).toContain('kept_fleet_workers_live{location="uk"} 0');
    expect(text).toContain('kept_fleet_attempts_in_flight{location="eu"} 3');
    expect(text).toContain(
      `kept_fleet_worker_last_seen_timestamp_seconds{location="uk"} ${Date.parse('2026-12-07T03:12:00Z') / 1_000}`,
    );
    expect(text).toContain(`kept_fleet_worker_last_seen_timestamp_seconds{location="eu"} ${NOW / 1_000}`);
    expect(text).toContain('kept_fleet_location_workerless_seconds{location="uk"} 1080');
    expect(text).toContain('kept_fleet_location_workerless_seconds{location="eu"} 0');
    expect(text).not.toContain('us-east');
    const checked = await promtoolCheckMetrics(text);
    expect(checked.output).toBe('');
  });

  it('count a location never seen from the service start, and say when Redis cannot be read', async () => {
    const registry = new Registry();
    const metrics = createFleetMetrics(registry, ['mars']);
    metrics.setStatus({ at: NOW, workers: [], locations: [] }, () => NOW - 600_000);
    expect(await registry.metrics()).toContain('kept_fleet_location_workerless_seconds{location="mars"} 600');
    metrics.setUnreadable();
    expect(await registry.metrics()).toContain('kept_fleet_queue_up 0');
  });
});
