import { HeatmapCellLayout } from '@grafana/grafana-foundation-sdk/common';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as Heatmap, RowsHeatmapOptionsBuilder, YAxisConfigBuilder } from '@grafana/grafana-foundation-sdk/heatmap';
import { PanelBuilder as Table } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { channelVariable, keptDashboard } from './dashboard-base.ts';
import { RESPONSE_PERCENTILES } from './influxql.ts';
import { layOut } from './layout.ts';
import { influx, prom, prop, transform } from './panel-kit.ts';
import { responseBuckets, responseQuantile, type ResponseMeasure } from './promql.ts';

const QUANTILES = [['A', 0.5, 'p50'], ['B', 0.9, 'p90'], ['C', 0.99, 'p99']] as const;

function percentiles(title: string, description: string, measure: ResponseMeasure): TimeSeries {
  const panel = new TimeSeries().title(title).description(description).unit('s');
  for (const [refId, q, name] of QUANTILES) panel.withTarget(prom(refId, responseQuantile(q, measure), { legend: `{{channel}} ${name}` }));
  return panel;
}

function distribution(title: string, description: string, measure: ResponseMeasure): Heatmap {
  return new Heatmap()
    .title(title)
    .description(description)
    .withTarget(prom('A', responseBuckets(measure), { legend: '{{le}}', format: 'heatmap' }))
    .calculate(false)
    .rowsFrame(new RowsHeatmapOptionsBuilder().layout(HeatmapCellLayout.Le))
    .yAxis(new YAxisConfigBuilder().unit('s'))
    .cellGap(1);
}

/**
 * Dashboard 3: time to first response and to a human per channel. Percentiles come from the
 * `kept_response_seconds` histogram (estimates within a bucket; every claim's limit is a bucket edge, so "within the
 * promise" is exact) and, for comparison, exact percentiles per probe from the raw observations in InfluxDB.
 */
export function responseTimesDashboard(): Dashboard {
  const firstResponse = percentiles(
    'Time to first response',
    'p50, p90 and p99 of the time from contact to the first reply of any kind (bot, auto-reply, person), per channel.',
    'first_response',
  );
  const human = percentiles(
    'Time to a human',
    'p50, p90 and p99 of the time from contact to a real person, per channel; attempts that never reached one are not in it (they fail the claim instead).',
    'human',
  );
  const firstHeat = distribution('First response, distribution', 'How many first responses fell in each histogram bucket per interval.', 'first_response');
  const humanHeat = distribution('Time to a human, distribution', 'How many attempts reached a person within each bucket per interval.', 'human');

  const exact = new Table()
    .title('Exact percentiles per probe (InfluxDB, raw observations)')
    .description('Computed from every raw observation in the range, not from histogram buckets; seconds.')
    .withTarget(influx('A', RESPONSE_PERCENTILES, 'table'))
    .transformations([transform.organize({ probe: 'Probe' }, ['Time'])])
    .unit('s').decimals(2)
    .overrideByName('attempts', [prop('unit', 'none'), prop('decimals', 0)]);

  const dashboard = keptDashboard({
    uid: 'kept-response-times',
    title: 'Kept / Response times',
    description: 'Time to first response and to a human, per channel: percentiles from the histogram and exact ones from raw observations.',
    from: 'now-6h',
  }).withVariable(channelVariable());
  return layOut(dashboard, [
    { title: 'Percentiles per channel', lines: [[{ panel: firstResponse, w: 12, h: 9 }, { panel: human, w: 12, h: 9 }]] },
    { title: 'Distributions', lines: [[{ panel: firstHeat, w: 12, h: 9 }, { panel: humanHeat, w: 12, h: 9 }]] },
    { title: 'From raw observations', lines: [[{ panel: exact, w: 24, h: 6 }]] },
  ]).build();
}
