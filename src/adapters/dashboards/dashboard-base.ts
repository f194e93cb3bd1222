import {
  DashboardBuilder, DashboardCursorSync, DashboardLinkBuilder, DashboardLinkType, QueryVariableBuilder, VariableRefresh, VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { METRIC } from '../metrics/metric-names.ts';
import { INFLUXDB, PROMETHEUS } from './provisioning.ts';
import { CLAIM_VALUES } from './influxql.ts';

/** Every Kept dashboard carries this tag; the dashboards link to each other through it. */
export const KEPT_TAG = 'kept';

export interface DashboardHead {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  /** Default range, e.g. `now-6h`; the verdict window is 7 days. */
  readonly from: string;
}

export function keptDashboard(head: DashboardHead): DashboardBuilder {
  return new DashboardBuilder(head.title)
    .uid(head.uid)
    .description(head.description)
    .tags([KEPT_TAG])
    .editable()
    .timezone('browser')
    .time({ from: head.from, to: 'now' })
    .refresh('1m')
    .tooltip(DashboardCursorSync.Crosshair)
    .link(new DashboardLinkBuilder('Kept').type(DashboardLinkType.Dashboards).tags([KEPT_TAG]).asDropdown(true).includeVars(true).keepTime(true));
}

const ALL = { text: 'All', value: '$__all', selected: true };

/** The `claim` variable: every claim Kept reports, from Prometheus or (for InfluxDB-only dashboards) InfluxDB. */
export function claimVariable(source: 'prometheus' | 'influxdb'): QueryVariableBuilder {
  const query = source === 'prometheus' ? `label_values(${METRIC.claimVerdict}, claim)` : CLAIM_VALUES;
  return new QueryVariableBuilder('claim')
    .label('Claim')
    .description('Claims from the catalogue, by id')
    .datasource(source === 'prometheus' ? PROMETHEUS : INFLUXDB)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .current(ALL);
}

/** The `channel` variable (phone, chat, email) from the response-time histogram. */
export function channelVariable(): QueryVariableBuilder {
  const query = `label_values(${METRIC.responseSeconds}_bucket, channel)`;
  return new QueryVariableBuilder('channel')
    .label('Channel')
    .datasource(PROMETHEUS)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .current(ALL);
}
