import { BarGaugeDisplayMode, BigValueColorMode, BigValueGraphMode, BigValueTextMode, VisibilityMode, VizOrientation } from '@grafana/grafana-foundation-sdk/common';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGauge } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as Stat } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as StateTimeline } from '@grafana/grafana-foundation-sdk/statetimeline';
import { PanelBuilder as Table } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { METRIC } from '../metrics/metric-names.ts';
import { claimVariable, keptDashboard } from './dashboard-base.ts';
import { LAST_RUN, PROBED_SLOTS } from './influxql.ts';
import { fleetSection } from './fleet.panels.ts';
import { layOut } from './layout.ts';
import { IN_FORCE_MAPPINGS, influx, lastValue, prom, prop, thresholds, transform } from './panel-kit.ts';
import { CLAIM, sel } from './promql.ts';

/**
 * Dashboard 5: coverage — silence is a finding. Which promised hours were probed, which never were (a claim with
 * unprobed hours is unproven, never kept), runs missed while Kept was down, when each claim is in force, and for a
 * fleet, locations without a worker and the queues.
 */
export function coverageDashboard(): Dashboard {
  const ratio = new BarGauge()
    .title('Promised hours probed')
    .description('Share of the promised hour-of-week slots with at least one attempt over the verdict window.')
    .withTarget(prom('A', sel(METRIC.claimCoverage, CLAIM), { legend: '{{claim}}', instant: true }))
    .unit('percentunit').min(0).max(1).decimals(0)
    .thresholds(thresholds('red', [0.9, 'orange'], [1, 'green']))
    .reduceOptions(lastValue())
    .orientation(VizOrientation.Horizontal)
    .displayMode(BarGaugeDisplayMode.Basic);

  const unprobed = new Stat()
    .title('Promised hours never probed')
    .description('Hour-of-week slots the claim promises that have no attempt in the window: any makes the verdict unproven.')
    .withTarget(prom('A', sel(METRIC.claimUnprobedSlots, CLAIM), { legend: '{{claim}}', instant: true }))
    .reduceOptions(lastValue())
    .colorMode(BigValueColorMode.Background)
    .graphMode(BigValueGraphMode.None)
    .textMode(BigValueTextMode.ValueAndName)
    .thresholds(thresholds('green', [1, 'orange']));

  const missed = new Stat()
    .title('Runs missed while Kept was down')
    .description('Scheduled probe runs that never started in the range (Kept stopped, or its scheduler fell behind): coverage gaps.')
    .withTarget(prom('A', `sum by (probe) (increase(${sel(METRIC.coverageGapRuns)}[$__range]))`, { legend: '{{probe}}', instant: true }))
    .reduceOptions(lastValue())
    .decimals(0)
    .graphMode(BigValueGraphMode.None)
    .textMode(BigValueTextMode.ValueAndName)
    .thresholds(thresholds('green', [1, 'orange']));

  const inForce = new StateTimeline()
    .title('In force')
    .description('When each claim\'s promise holds: its hours, time zone, daylight saving and holidays, as Kept computes them.')
    .withTarget(prom('A', sel(METRIC.claimInForce, CLAIM), { legend: '{{claim}}' }))
    .mappings(IN_FORCE_MAPPINGS)
    .showValue(VisibilityMode.Never)
    .mergeValues(true);

  const overTime = new TimeSeries()
    .title('Coverage over time')
    .description('Share of promised hours probed (left) and promised hours never probed (right).')
    .withTarget(prom('A', sel(METRIC.claimCoverage, CLAIM), { legend: '{{claim}} coverage' }))
    .withTarget(prom('B', sel(METRIC.claimUnprobedSlots, CLAIM), { legend: '{{claim}} unprobed hours' }))
    .unit('percentunit').min(0)
    .overrideByRegexp('/unprobed hours$/', [prop('unit', 'none'), prop('custom.axisPlacement', 'right')]);

  const lastRunAge = new TimeSeries()
    .title('Time since each probe last ran')
    .description('Grows between runs and drops at each one; a line that keeps climbing is a probe gone silent (KeptProbeSilent pages).')
    .withTarget(prom('A', `time() - ${sel(METRIC.probeLastRun)}`, { legend: '{{probe}}' }))
    .unit('s');

  const gapsOverTime = new TimeSeries()
    .title('Missed runs over time')
    .description('Scheduled runs not started, per probe.')
    .withTarget(prom('A', `sum by (probe) (increase(${sel(METRIC.coverageGapRuns)}[$__rate_interval]))`, { legend: '{{probe}}' }))
    .decimals(0);

  const probedSlots = new Table()
    .title('Probed hours of the week per claim (InfluxDB)')
    .description('Distinct hour-of-week slots with counted attempts in the range, from the hourly rollup.')
    .withTarget(influx('A', PROBED_SLOTS, 'table'))
    .transformations([transform.organize({ claim: 'Claim' }, ['Time'])]);

  const lastRun = new Table()
    .title('Last run per probe (InfluxDB)')
    .description('When each probe last started an attempt, from the store.')
    .withTarget(influx('A', LAST_RUN, 'table'))
    .transformations([transform.organize({ probe: 'Probe', 'last run': 'Last run' }, ['Time'])])
    .overrideByName('Last run', [prop('unit', 'dateTimeAsIso')]);

  const dashboard = keptDashboard({
    uid: 'kept-coverage',
    title: 'Kept / Coverage',
    description: 'Silence is a finding: promised hours probed and never probed, runs missed while Kept was down, and when each claim is in force.',
    from: 'now-24h',
  }).withVariable(claimVariable('prometheus'));
  return layOut(dashboard, [
    { title: 'Now', lines: [[{ panel: ratio, w: 10, h: 6 }, { panel: unprobed, w: 7, h: 6 }, { panel: missed, w: 7, h: 6 }]] },
    { title: 'Over time', lines: [[{ panel: inForce, w: 24, h: 5 }], [{ panel: overTime, w: 8, h: 8 }, { panel: lastRunAge, w: 8, h: 8 }, { panel: gapsOverTime, w: 8, h: 8 }]] },
    { title: 'From the store', lines: [[{ panel: probedSlots, w: 12, h: 6 }, { panel: lastRun, w: 12, h: 6 }]] },
    fleetSection(),
  ]).build();
}
