import { BigValueColorMode, BigValueGraphMode, BigValueTextMode } from '@grafana/grafana-foundation-sdk/common';
import { MappingType, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as Stat } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { METRIC } from '../metrics/metric-names.ts';
import type { Section } from './layout.ts';
import { complianceThresholds, lastValue, prom, prop, thresholds } from './panel-kit.ts';
import { CLAIM, sel } from './promql.ts';

/** `kept_claim_witness_discrepancy` as words. */
const DISCREPANCY_MAPPINGS: ValueMapping[] = [{
  type: MappingType.ValueToText,
  options: {
    0: { text: 'agree', color: 'green', index: 0 },
    1: { text: 'discrepancy', color: 'red', index: 1 },
  },
}];

/**
 * The "Two witnesses" row of the verdicts dashboard (docs/architecture/dashboards.md): for each claim a collector
 * verifies, what the platform counted for every real customer beside what Kept's probes lived through, and whether
 * the two disagree beyond their 95% intervals (the platform's clock missing the IVR or the bot).
 */
export function witnessesSection(): Section {
  const discrepancy = new Stat()
    .title('Platform and probes')
    .description('Agree, or a discrepancy: the platform\'s share of real customers served as promised and the probes\' share are apart beyond their 95% intervals (GET /api/claims/<id> names what the platform does not count).')
    .withTarget(prom('A', `max by (claim) (${sel(METRIC.witnessDiscrepancy, CLAIM)})`, { legend: '{{claim}}', instant: true }))
    .mappings(DISCREPANCY_MAPPINGS)
    .reduceOptions(lastValue())
    .colorMode(BigValueColorMode.Background)
    .graphMode(BigValueGraphMode.None)
    .textMode(BigValueTextMode.ValueAndName);

  const compliance = new TimeSeries()
    .title('Compliance: platform against probes')
    .description('Share of the contacts the platform counted in force that met the promise, against the share of Kept\'s attempts that did, over the verdict window.')
    .withTarget(prom('A', sel(METRIC.populationCompliance, CLAIM), { legend: '{{claim}} platform' }))
    .withTarget(prom('B', `${sel(METRIC.claimCompliance, CLAIM)} and on (claim) ${sel(METRIC.witnessDiscrepancy, CLAIM)}`, { legend: '{{claim}} probes' }))
    .unit('percentunit').min(0).max(1).decimals(1)
    .thresholds(complianceThresholds())
    .overrideByRegexp('/ probes$/', [prop('custom.lineStyle', { fill: 'dash', dash: [10, 10] })]);

  const counts = new TimeSeries()
    .title('Contacts counted and attempts made')
    .description('N behind each witness: contacts the platform counted in force (every real customer it saw) and Kept\'s counted attempts.')
    .withTarget(prom('A', sel(METRIC.populationContacts, CLAIM), { legend: '{{claim}} contacts (platform)' }))
    .withTarget(prom('B', `${sel(METRIC.claimSamples, CLAIM)} and on (claim) ${sel(METRIC.witnessDiscrepancy, CLAIM)}`, { legend: '{{claim}} attempts (probes)' }))
    .overrideByRegexp('/ attempts \\(probes\\)$/', [prop('custom.axisPlacement', 'right')]);

  const longest = new Stat()
    .title('Platform\'s longest wait')
    .description('Longest in-force wait the platform reported over the verdict window, as its clock counts it (from the hand-over).')
    .withTarget(prom('A', sel(METRIC.populationLongestWait, CLAIM), { legend: '{{claim}}', instant: true }))
    .unit('s')
    .reduceOptions(lastValue())
    .graphMode(BigValueGraphMode.None)
    .textMode(BigValueTextMode.ValueAndName)
    .thresholds(thresholds('blue'));

  return {
    title: 'Two witnesses: the platform and the probes',
    lines: [[{ panel: discrepancy, w: 6, h: 8 }, { panel: compliance, w: 8, h: 8 }, { panel: counts, w: 6, h: 8 }, { panel: longest, w: 4, h: 8 }]],
  };
}
