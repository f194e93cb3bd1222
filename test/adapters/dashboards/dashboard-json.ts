import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/spawn-kept.ts';
import { KEPT_DASHBOARDS } from '../../../src/adapters/dashboards/dashboards.ts';

/** The parts of Grafana dashboard JSON the tests read, from the committed files (what Grafana would load). */
export interface DatasourceJson {
  readonly type: string;
  readonly uid: string;
}
export interface TargetJson {
  readonly refId?: string;
  readonly datasource?: DatasourceJson;
  readonly expr?: string;
  readonly query?: string;
  readonly rawQuery?: boolean;
}
export interface PanelJson {
  readonly id?: number;
  readonly type: string;
  readonly title?: string;
  readonly gridPos?: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly datasource?: DatasourceJson;
  readonly interval?: string;
  readonly targets?: readonly TargetJson[];
  readonly panels?: readonly PanelJson[];
}
export interface VariableJson {
  readonly name: string;
  readonly type: string;
  readonly query?: string;
  readonly datasource?: DatasourceJson;
}
export interface DashboardJson {
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly PanelJson[];
  readonly templating: { readonly list: readonly VariableJson[] };
}

export function committedDashboards(): { file: string; json: DashboardJson }[] {
  return KEPT_DASHBOARDS.map(({ file }) => ({ file, json: JSON.parse(readFileSync(join(REPO_ROOT, 'dashboards', file), 'utf8')) as DashboardJson }));
}

/** Every panel, rows and the panels inside collapsed rows included. */
export function allPanels(dashboard: DashboardJson): PanelJson[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

export interface PanelQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly refId: string;
  readonly kind: 'prometheus' | 'influxdb';
  readonly text: string;
  /** The panel's minimum interval, if any (Grafana's `$__interval` never goes below it). */
  readonly interval?: string;
}

export function panelQueries(dashboards: readonly DashboardJson[]): PanelQuery[] {
  return dashboards.flatMap((dashboard) => allPanels(dashboard).flatMap((panel) => (panel.targets ?? []).map((target): PanelQuery => {
    const kind = (target.datasource ?? panel.datasource)?.type;
    if (kind !== 'prometheus' && kind !== 'influxdb') throw new Error(`${dashboard.uid} "${panel.title}": unknown datasource type ${kind}`);
    const text = kind === 'prometheus' ? target.expr : target.query;
    if (text === undefined) throw new Error(`${dashboard.uid} "${panel.title}" ${target.refId}: no query`);
    return {
      dashboard: dashboard.uid, panel: panel.title ?? '', refId: target.refId ?? '', kind, text,
      ...(panel.interval === undefined ? {} : { interval: panel.interval }),
    };
  })));
}

/**
 * The metric names a PromQL expression selects, found without a full parser: string literals, label matchers,
 * range selectors and grouping clauses are removed, then every identifier left that is not a function call, a
 * keyword or a number is a metric name. Good enough for the dashboards' expressions, and strict: an unexpected token
 * shows up as a "metric" and fails the golden-name check rather than slipping through.
 */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b\d+(?:ms|s|m|h|d|w|y)\b/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const token = match[0];
    const after = stripped.slice((match.index ?? 0) + token.length).trimStart();
    if (after.startsWith('(')) continue;
    if (KEYWORDS.has(token.toLowerCase())) continue;
    names.add(token);
  }
  return [...names];
}
