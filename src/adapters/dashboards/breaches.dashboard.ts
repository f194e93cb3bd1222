import {
  BarGaugeDisplayMode, GraphDrawStyle, LineStyleBuilder, ReduceDataOptionsBuilder, StackingConfigBuilder, StackingMode, VisibilityMode,
  VizOrientation,
} from '@grafana/grafana-foundation-sdk/common';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGauge } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as StateTimeline } from '@grafana/grafana-foundation-sdk/statetimeline';
import { PanelBuilder as Table } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { METRIC } from '../metrics/metric-names.ts';
import { claimVariable, keptDashboard } from './dashboard-base.ts';
import { FAILED_ATTEMPTS } from './influxql.ts';
import { layOut } from './layout.ts';
import { VERDICT_MAPPINGS, hourOfWeekMappings, influx, prom, prop, thresholds, transform } from './panel-kit.ts';
import { CLAIM, RATE, attemptsPerHour, failureRatio, sel, verdictCode } from './promql.ts';

/**
 * Dashboard 4: breaches over time — when each verdict changed, how often attempts failed while a claim was in force,
 * how the failure ratio compares with what the promise allows, and the failed attempts themselves with their reasons.
 */
export function breachesDashboard(): Dashboard {
  const verdicts = new StateTimeline()
    .title('Verdict over time')
    .description('Each claim\'s verdict as it changed: kept, unproven or broken.')
    .withTarget(prom('A', verdictCode(CLAIM), { legend: '{{claim}}' }))
    .mappings(VERDICT_MAPPINGS)
    .thresholds(thresholds('green'))
    .showValue(VisibilityMode.Never)
    .mergeValues(true);

  const failed = new TimeSeries()
    .title('Failed attempts per hour, in force')
    .description('Attempts that failed the promise while the claim was in force (inconclusive attempts, our own failures, never count).')
    .withTarget(prom('A', attemptsPerHour('failed'), { legend: '{{claim}}' }))
    .unit('suffix:/h')
    .drawStyle(GraphDrawStyle.Bars)
    .fillOpacity(70);

  const ratio = new TimeSeries()
    .title('Failure ratio against what the promise allows')
    .description('Failed / (met + failed) in-force attempts; the dashed line is 1 - target (0 for an absolute claim such as 24/7).')
    .withTarget(prom('A', failureRatio(), { legend: '{{claim}} failed' }))
    .withTarget(prom('B', `1 - ${sel(METRIC.claimTarget, CLAIM)}`, { legend: '{{claim}} allowed' }))
    .unit('percentunit').min(0)
    .overrideByRegexp('/ allowed$/', [prop('custom.lineStyle', new LineStyleBuilder().fill('dash').dash([10, 10]).build())]);

  const byLocation = new TimeSeries()
    .title('Failure ratio by location')
    .description('The same ratio per place the probes ran from (a fleet whose probes name locations, docs/architecture/fleet.md): a claim can be broken in one country and kept in another. One line per claim without locations.')
    .withTarget(prom('A', failureRatio('claim, location'), { legend: '{{claim}} {{location}}' }))
    .unit('percentunit').min(0);

  const results = new BarGauge()
    .title('Attempts by result over the range')
    .description('met and failed count toward the claim; inconclusive (the probe itself failed) and out_of_hours never do.')
    .withTarget(prom('A', `sum by (claim, result) (increase(${sel(METRIC.claimAttempts, CLAIM)}[$__range]))`, { legend: '{{claim}} {{result}}', instant: true }))
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .orientation(VizOrientation.Horizontal)
    .displayMode(BarGaugeDisplayMode.Basic)
    .decimals(0)
    .overrideByRegexp('/failed$/', [prop('color', { mode: 'fixed', fixedColor: 'red' })])
    .overrideByRegexp('/met$/', [prop('color', { mode: 'fixed', fixedColor: 'green' })]);

  const outcomes = new TimeSeries()
    .title('Probe attempts by outcome')
    .description('answered, unanswered and rejected are the desk\'s doing; inconclusive is ours (a probe that could not run).')
    .withTarget(prom('A', `sum by (probe, outcome) (rate(${sel(METRIC.probeRuns)}${RATE})) * 3600`, { legend: '{{probe}} {{outcome}}' }))
    .unit('suffix:/h')
    .drawStyle(GraphDrawStyle.Bars)
    .fillOpacity(70)
    .stacking(new StackingConfigBuilder().mode(StackingMode.Normal));

  const evidence = new Table()
    .title('Failed attempts, newest first (InfluxDB)')
    .description('Every in-force attempt that failed its claim in the range, with the reason; the full observation, evidence included, is in Kept\'s API at /api/claims/<claim>/observations.')
    .withTarget(influx('A', FAILED_ATTEMPTS, 'table'))
    .transformations([
      transform.toNumber('hour_of_week'),
      transform.organize(
        { claim: 'Claim', hour_of_week: 'Hour of week', reason: 'Reason', observation_id: 'Observation' },
        [],
        ['Time', 'claim', 'hour_of_week', 'reason', 'observation_id'],
      ),
    ])
    .overrideByName('Hour of week', [prop('mappings', hourOfWeekMappings())]);

  const dashboard = keptDashboard({
    uid: 'kept-breaches',
    title: 'Kept / Breaches',
    description: 'When and how promises were broken: verdict history, failed attempts while in force, failure ratio against what is allowed, and the evidence.',
    from: 'now-24h',
  }).withVariable(claimVariable('prometheus'));
  return layOut(dashboard, [
    { title: 'Verdicts', lines: [[{ panel: verdicts, w: 24, h: 6 }]] },
    { title: 'Failures', lines: [[{ panel: failed, w: 12, h: 8 }, { panel: ratio, w: 12, h: 8 }], [{ panel: results, w: 12, h: 8 }, { panel: outcomes, w: 12, h: 8 }], [{ panel: byLocation, w: 24, h: 8 }]] },
    { title: 'Evidence', lines: [[{ panel: evidence, w: 24, h: 10 }]] },
  ]).build();
}
