import { GraphDrawStyle, StackingConfigBuilder, StackingMode, TableCellDisplayMode } from '@grafana/grafana-foundation-sdk/common';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as Table } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { claimVariable, keptDashboard } from './dashboard-base.ts';
import { ATTEMPTS_OVER_TIME, COMPLIANCE_BY_HOUR_OF_WEEK, COMPLIANCE_OVER_TIME } from './influxql.ts';
import { layOut } from './layout.ts';
import { complianceThresholds, hourOfWeekMappings, influx, prop, transform } from './panel-kit.ts';

const HOUR = 'hour_of_week';

/**
 * Dashboard 2: promise against delivery by hour of the week, from InfluxDB's hourly rollup. Each claim's promise
 * holds in its own hours and time zone; the grid shows, for every promised hour that was probed, the share of
 * attempts that met the promise: the nights and weekends a "24/7" claim does not deliver stand out in red.
 */
export function promiseVsDeliveryDashboard(): Dashboard {
  const byHour = () => influx('A', COMPLIANCE_BY_HOUR_OF_WEEK, 'table');
  const colouredCompliance = [
    prop('unit', 'percentunit'), prop('decimals', 0), prop('min', 0), prop('max', 1),
    prop('custom.cellOptions', { type: TableCellDisplayMode.ColorBackground }),
  ];

  const grid = new Table()
    .title('Compliance by hour of week')
    .description('Rows are hours of the week in each claim\'s time zone, columns are claims; a cell is met / counted attempts in that hour over the range. Empty: out of hours, or never probed (see Kept / Coverage).')
    .withTarget(byHour())
    .transformations([
      transform.toNumber(HOUR),
      transform.matrix(HOUR, 'claim', 'compliance'),
      transform.toNumber(`${HOUR}\\claim`),
      transform.sortBy(`${HOUR}\\claim`),
    ])
    .thresholds(complianceThresholds())
    .unit('percentunit').decimals(0)
    .cellOptions({ type: TableCellDisplayMode.ColorBackground })
    .overrideByName(`${HOUR}\\claim`, [prop('displayName', 'Hour of week'), prop('mappings', hourOfWeekMappings()), prop('custom.cellOptions', { type: TableCellDisplayMode.Auto })]);

  const worst = new Table()
    .title('Worst hours')
    .description('Every probed hour of the week per claim, lowest compliance first, with the attempts behind it.')
    .withTarget(byHour())
    .transformations([
      transform.toNumber(HOUR),
      transform.organize({ claim: 'Claim', [HOUR]: 'Hour of week', compliance: 'Compliance', attempts: 'Attempts' }, ['Time'], ['claim', HOUR, 'compliance', 'attempts']),
      transform.sortBy('Compliance'),
    ])
    .thresholds(complianceThresholds())
    .overrideByName('Hour of week', [prop('mappings', hourOfWeekMappings())])
    .overrideByName('Compliance', colouredCompliance);

  const overTime = new TimeSeries()
    .title('Compliance per hour')
    .description('Met / counted in-force attempts in each interval (at least an hour: the rollup\'s grain).')
    .withTarget(influx('A', COMPLIANCE_OVER_TIME, 'time_series', '$tag_claim'))
    .interval('1h')
    .unit('percentunit').min(0).max(1)
    .thresholds(complianceThresholds())
    .drawStyle(GraphDrawStyle.Points)
    .pointSize(6);

  const attempts = new TimeSeries()
    .title('Attempts in force, met and failed')
    .description('Counted attempts per interval; failed ones are the breaches behind a low compliance.')
    .withTarget(influx('A', ATTEMPTS_OVER_TIME, 'time_series', '$tag_claim met=$tag_met'))
    .interval('1h')
    .drawStyle(GraphDrawStyle.Bars)
    .fillOpacity(80)
    .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
    .overrideByRegexp('/met=false$/', [prop('color', { mode: 'fixed', fixedColor: 'red' })])
    .overrideByRegexp('/met=true$/', [prop('color', { mode: 'fixed', fixedColor: 'green' })]);

  const dashboard = keptDashboard({
    uid: 'kept-promise-vs-delivery',
    title: 'Kept / Promise vs delivery by hour of week',
    description: 'For every hour of the week a claim promises, what was delivered: compliance per claim and hour of week from InfluxDB.',
    from: 'now-7d',
  }).withVariable(claimVariable('influxdb'));
  return layOut(dashboard, [
    { title: 'By hour of week', lines: [[{ panel: grid, w: 12, h: 22 }, { panel: worst, w: 12, h: 22 }]] },
    { title: 'Over time', lines: [[{ panel: overTime, w: 12, h: 9 }, { panel: attempts, w: 12, h: 9 }]] },
  ]).build();
}
