import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import type { DashboardBuilder, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';

/** Grafana's grid is 24 columns wide. */
export const GRID_COLUMNS = 24;

/** A panel and its size in grid units. */
export interface Cell {
  readonly panel: Builder<Panel>;
  readonly w: number;
  readonly h: number;
}

/** A titled row of the dashboard; each inner array is one line of panels, left to right. */
export interface Section {
  readonly title: string;
  readonly lines: readonly (readonly Cell[])[];
}

const MIXED: DataSourceRef = { type: 'datasource', uid: '-- Mixed --' };

/** The panel's datasource: its targets' one datasource, or Grafana's "Mixed" when they use several. */
function panelDatasource(panel: Panel): DataSourceRef | undefined {
  const refs = (panel.targets ?? []).map((target) => (target as { datasource?: DataSourceRef }).datasource).filter((ref) => ref !== undefined);
  const uids = new Set(refs.map((ref) => ref.uid));
  if (uids.size === 0) return undefined;
  return uids.size === 1 ? refs[0] : MIXED;
}

/**
 * Places sections on the grid and numbers every panel, rows included, from 1. The SDK's own placement can run a
 * line past column 24 (it wraps only when a line ends exactly at 24), so positions are computed here and a line
 * wider than the grid is an error at generation time.
 */
export function layOut(dashboard: DashboardBuilder, sections: readonly Section[]): DashboardBuilder {
  let id = 1;
  let y = 0;
  for (const section of sections) {
    const row: RowPanel = { type: 'row', collapsed: false, id: id++, title: section.title, panels: [], gridPos: { x: 0, y, w: GRID_COLUMNS, h: 1 } };
    dashboard.withRow({ build: () => row });
    y += 1;
    for (const line of section.lines) {
      const width = line.reduce((sum, cell) => sum + cell.w, 0);
      if (width > GRID_COLUMNS) throw new Error(`section "${section.title}": a line is ${width} columns wide, more than ${GRID_COLUMNS}`);
      let x = 0;
      for (const cell of line) {
        const built = cell.panel.build();
        const panel: Panel = { ...built, id: id++, gridPos: { x, y, w: cell.w, h: cell.h } };
        const source = panelDatasource(built);
        if (source !== undefined) panel.datasource = source;
        dashboard.withPanel({ build: () => panel });
        x += cell.w;
      }
      y += Math.max(...line.map((cell) => cell.h));
    }
  }
  return dashboard;
}
