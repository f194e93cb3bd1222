import { BigValueColorMode, BigValueGraphMode, BigValueTextMode } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as Stat } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { METRIC } from '../metrics/metric-names.ts';
import type { Section } from './layout.ts';
import { lastValue, prom, prop, thresholds } from './panel-kit.ts';
import { sel } from './promql.ts';

/**
 * The "Fleet" row of the coverage dashboard (docs/architecture/fleet.md, "Operations"): for a fleet (`kept run
 * --queue`), live workers and time without one per location (a location with no worker is silence: KeptFleetNoWorker
 * pages), queue depth by state, job lag, and attempts in flight against capacity. Empty for a single-machine Kept.
 */
export function fleetSection(): Section {
  const live = new Stat()
    .title('Live workers')
    .description('kept worker processes taking each location (heartbeats not expired). None: the location\'s runs wait and nothing measures from there.')
    .withTarget(prom('A', `max by (location) (${sel(METRIC.fleetWorkersLive)})`, { legend: '{{location}}', instant: true }))
    .reduceOptions(lastValue())
    .decimals(0)
    .colorMode(BigValueColorMode.Background)
    .graphMode(BigValueGraphMode.None)
    .textMode(BigValueTextMode.ValueAndName)
    .thresholds(thresholds('red', [1, 'green']));

  const workerless = new Stat()
    .title('Without a worker for')
    .description('Seconds since each location last had a live worker (0 while it has one); KeptFleetNoWorker pages past 5 minutes.')
    .withTarget(prom('A', `max by (location) (${sel(METRIC.fleetWorkerless)})`, { legend: '{{location}}', instant: true }))
    .unit('s')
    .reduceOptions(lastValue())
    .colorMode(BigValueColorMode.Background)
    .graphMode(BigValueGraphMode.None)
    .textMode(BigValueTextMode.ValueAndName)
    .thresholds(thresholds('green', [1, 'orange'], [300, 'red']));

  const depth = new TimeSeries()
    .title('Queue depth')
    .description('Planned runs in each location\'s queue by state: waiting (no free worker yet), active (an attempt running), delayed, failed (a worker died mid-attempt; recorded as inconclusive, then removed).')
    .withTarget(prom('A', `max by (location, state) (${sel(METRIC.fleetQueueJobs)})`, { legend: '{{location}} {{state}}' }))
    .decimals(0);

  const lag = new TimeSeries()
    .title('Job lag')
    .description('Age of the oldest waiting run per location: how late the next attempt starts. KeptFleetQueueLag opens a ticket past 60 s for 5 minutes.')
    .withTarget(prom('A', `max by (location) (${sel(METRIC.fleetJobLag)})`, { legend: '{{location}}' }))
    .unit('s')
    .min(0);

  const load = new TimeSeries()
    .title('Attempts in flight and capacity')
    .description('Attempts the live workers of each location are making, against the most they may run at once (their --concurrency summed).')
    .withTarget(prom('A', `max by (location) (${sel(METRIC.fleetAttemptsInFlight)})`, { legend: '{{location}} in flight' }))
    .withTarget(prom('B', `max by (location) (${sel(METRIC.fleetWorkerCapacity)})`, { legend: '{{location}} capacity' }))
    .decimals(0)
    .min(0)
    .overrideByRegexp('/ capacity$/', [prop('custom.lineStyle', { fill: 'dash', dash: [10, 10] })]);

  return {
    title: 'Fleet: workers and queues (kept run --queue)',
    lines: [[{ panel: live, w: 4, h: 8 }, { panel: workerless, w: 4, h: 8 }, { panel: depth, w: 6, h: 8 }, { panel: lag, w: 5, h: 8 }, { panel: load, w: 5, h: 8 }]],
  };
}
