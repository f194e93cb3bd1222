import {
  BarGaugeDisplayMode, BigValueColorMode, BigValueGraphMode, BigValueTextMode, LineStyleBuilder, VizOrientation,
} from '@grafana/grafana-foundation-sdk/common';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGauge } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as Stat } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as Table } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { METRIC } from '../metrics/metric-names.ts';
import { claimVariable, keptDashboard } from './dashboard-base.ts';
import { layOut } from './layout.ts';
import { ABSOLUTE_MAPPINGS, IN_FORCE_MAPPINGS, VERDICT_MAPPINGS, complianceThresholds, lastValue, prom, prop, thresholds, transform } from './panel-kit.ts';
import { CLAIM, sel, verdictCode, type Series } from './promql.ts';
import { witnessesSection } from './witnesses.panels.ts';

/** Dashboard 1: where each claim stands now — verdict, compliance against its target, samples and coverage. */
export function verdictsDashboard(): Dashboard {
  const verdict = new Stat()
    .title('Verdict')
    .description('Kept, broken or unproven over the verdict window (too few samples, or promised hours never probed, is unproven).')
    .withTarget(prom('A', verdictCode(CLAIM), { legend: '{{claim}}', instant: true }))
    .mappings(VERDICT_MAPPINGS)
    .reduceOptions(lastValue())
    .colorMode(BigValueColorMode.Background)
    .graphMode(BigValueGraphMode.None)
    .textMode(BigValueTextMode.ValueAndName);

  const compliance = new BarGauge()
    .title('Compliance')
    .description('Share of in-force conclusive attempts that met the promise, over the verdict window.')
    .withTarget(prom('A', sel(METRIC.claimCompliance, CLAIM), { legend: '{{claim}}', instant: true }))
    .unit('percentunit').min(0).max(1).decimals(1)
    .thresholds(complianceThresholds())
    .reduceOptions(lastValue())
    .orientation(VizOrientation.Horizontal)
    .displayMode(BarGaugeDisplayMode.Basic);

  const samples = new Stat()
    .title('Samples in the window')
    .description('Counted attempts (in force, not inconclusive) behind each verdict.')
    .withTarget(prom('A', sel(METRIC.claimSamples, CLAIM), { legend: '{{claim}}', instant: true }))
    .reduceOptions(lastValue())
    .graphMode(BigValueGraphMode.None)
    .textMode(BigValueTextMode.ValueAndName)
    .thresholds(thresholds('blue'));

  const coverage = new Stat()
    .title('Promised hours probed')
    .description('Share of the promised hours of the week with at least one attempt in the window.')
    .withTarget(prom('A', sel(METRIC.claimCoverage, CLAIM), { legend: '{{claim}}', instant: true }))
    .unit('percentunit').decimals(0)
    .reduceOptions(lastValue())
    .graphMode(BigValueGraphMode.None)
    .textMode(BigValueTextMode.ValueAndName)
    .thresholds(thresholds('red', [0.9, 'orange'], [1, 'green']));

  // One column per query, each reduced to the claim label alone (verdictCode already is) so that Grafana's merge
  // joins them into one line per claim.
  const table = { instant: true, format: 'table' } as const;
  const column = (refId: string, series: Series) => prom(refId, `max by (claim) (${sel(series, CLAIM)})`, table);
  const claims = new Table()
    .title('Claims')
    .description('One line per claim: verdict, compliance against the promised share, samples, coverage, and whether the claim is in force now.')
    .targets([
      prom('A', verdictCode(CLAIM), table),
      column('B', METRIC.claimCompliance),
      column('C', METRIC.claimTarget),
      column('D', METRIC.claimSamples),
      column('E', METRIC.claimCoverage),
      column('F', METRIC.claimUnprobedSlots),
      column('G', METRIC.claimInForce),
      column('H', METRIC.claimAbsolute),
    ])
    .transformations([
      transform.merge(),
      transform.organize(
        {
          claim: 'Claim', 'Value #A': 'Verdict', 'Value #B': 'Compliance', 'Value #C': 'Target', 'Value #D': 'Samples',
          'Value #E': 'Coverage', 'Value #F': 'Unprobed hours', 'Value #G': 'Now', 'Value #H': 'Absolute',
        },
        ['Time'],
        ['claim', 'Value #A', 'Value #B', 'Value #C', 'Value #D', 'Value #E', 'Value #F', 'Value #G', 'Value #H'],
      ),
    ])
    .overrideByName('Verdict', [prop('mappings', VERDICT_MAPPINGS), prop('custom.cellOptions', { type: 'color-background' })])
    .overrideByName('Compliance', [prop('unit', 'percentunit'), prop('decimals', 2)])
    .overrideByName('Target', [prop('unit', 'percentunit'), prop('decimals', 2)])
    .overrideByName('Coverage', [prop('unit', 'percentunit'), prop('decimals', 0)])
    .overrideByName('Now', [prop('mappings', IN_FORCE_MAPPINGS)])
    .overrideByName('Absolute', [prop('mappings', ABSOLUTE_MAPPINGS)]);

  const overTime = new TimeSeries()
    .title('Compliance against target')
    .description('Compliance over the verdict window as it moved, with each claim\'s promised share as a dashed line.')
    .withTarget(prom('A', sel(METRIC.claimCompliance, CLAIM), { legend: '{{claim}} compliance' }))
    .withTarget(prom('B', sel(METRIC.claimTarget, CLAIM), { legend: '{{claim}} target' }))
    .unit('percentunit').decimals(1)
    .overrideByRegexp('/ target$/', [prop('custom.lineStyle', new LineStyleBuilder().fill('dash').dash([10, 10]).build())]);

  const samplesOverTime = new TimeSeries()
    .title('Samples and coverage')
    .description('Counted attempts in the window (left) and the share of promised hours probed (right).')
    .withTarget(prom('A', sel(METRIC.claimSamples, CLAIM), { legend: '{{claim}} samples' }))
    .withTarget(prom('B', sel(METRIC.claimCoverage, CLAIM), { legend: '{{claim}} coverage' }))
    .overrideByRegexp('/ coverage$/', [prop('unit', 'percentunit'), prop('custom.axisPlacement', 'right')]);

  const dashboard = keptDashboard({
    uid: 'kept-verdicts',
    title: 'Kept / Verdicts',
    description: 'Is each published claim kept? Verdict, compliance against the promise, samples and coverage per claim.',
    from: 'now-24h',
  }).withVariable(claimVariable('prometheus'));
  return layOut(dashboard, [
    { title: 'Now', lines: [[{ panel: verdict, w: 8, h: 6 }, { panel: compliance, w: 8, h: 6 }, { panel: samples, w: 4, h: 6 }, { panel: coverage, w: 4, h: 6 }]] },
    { title: 'Claims', lines: [[{ panel: claims, w: 24, h: 7 }]] },
    { title: 'Over time', lines: [[{ panel: overTime, w: 12, h: 9 }, { panel: samplesOverTime, w: 12, h: 9 }]] },
    witnessesSection(),
  ]).build();
}
