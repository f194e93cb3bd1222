import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as Stat } from '@grafana/grafana-foundation-sdk/stat';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderAll } from '../../../src/adapters/dashboards/dashboards.ts';
import { layOut } from '../../../src/adapters/dashboards/layout.ts';
import { METRIC } from '../../../src/adapters/metrics/metric-names.ts';
import { M, RP } from '../../../src/adapters/stores/influx/influx.schema.ts';
import { REPO_ROOT } from '../../support/spawn-kept.ts';
import { allPanels, committedDashboards, metricNames, panelQueries, type DashboardJson, type DatasourceJson } from './dashboard-json.ts';
import { promql, usedVariables } from './grafana-variables.ts';

const dashboards = committedDashboards();
const byUid = dashboards.map(({ json }) => [json.uid, json] as [string, DashboardJson]);
const queries = panelQueries(dashboards.map(({ json }) => json));
const GOLDEN = new Set<string>([...Object.values(METRIC), ...['bucket', 'sum', 'count'].map((s) => `${METRIC.responseSeconds}_${s}`)]);

interface ProvisionedDatasource { readonly uid: string; readonly type: string; readonly jsonData?: Record<string, unknown> }
const provisioned = async (): Promise<ProvisionedDatasource[]> =>
  (parse(await readFile(join(REPO_ROOT, 'dashboards/provisioning/datasources/kept.yaml'), 'utf8')) as { datasources: ProvisionedDatasource[] }).datasources;

function datasourcesUsed(dashboard: DashboardJson): DatasourceJson[] {
  const panels = allPanels(dashboard).flatMap((panel) => [panel.datasource, ...(panel.targets ?? []).map((t) => t.datasource)]);
  return [...panels, ...dashboard.templating.list.map((v) => v.datasource)].filter((ref): ref is DatasourceJson => ref !== undefined);
}

describe('generated dashboards and provisioning files', () => {
  it.each(renderAll().map((f) => [f.file, f.text]))('dashboards/%s equals the generator output', async (file, text) => {
    expect(await readFile(join(REPO_ROOT, 'dashboards', file), 'utf8')).toBe(text);
  });

  it('has five dashboards with distinct uids, each with panels', () => {
    expect(new Set(byUid.map(([uid]) => uid)).size).toBe(5);
    for (const [, json] of byUid) expect(allPanels(json).filter((p) => p.type !== 'row').length).toBeGreaterThan(2);
  });
});

describe.each(byUid)('dashboard %s', (_uid, dashboard) => {
  const panels = allPanels(dashboard);

  it('numbers every panel with a distinct positive id', () => {
    const ids = panels.map((p) => p.id);
    for (const id of ids) expect(Number.isInteger(id) && (id as number) > 0).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps every panel within the 24 grid columns, without overlaps', () => {
    const boxes = panels.map((p) => ({ title: p.title, ...p.gridPos! }));
    for (const box of boxes) {
      expect(box.x, box.title).toBeGreaterThanOrEqual(0);
      expect(box.w, box.title).toBeGreaterThan(0);
      expect(box.h, box.title).toBeGreaterThan(0);
      expect(box.x + box.w, box.title).toBeLessThanOrEqual(24);
    }
    const overlaps = boxes.flatMap((a, i) => boxes.slice(i + 1)
      .filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
      .map((b) => `${a.title} / ${b.title}`));
    expect(overlaps).toEqual([]);
  });

  it('uses only datasources the provisioning file creates, with the same type', async () => {
    const known = new Map((await provisioned()).map((ds) => [ds.uid, ds.type]));
    const used = datasourcesUsed(dashboard).filter((ref) => ref.uid !== '-- Mixed --');
    expect(used.length).toBeGreaterThan(0);
    for (const ref of used) expect(known.get(ref.uid), ref.uid).toBe(ref.type);
  });

  it('declares every template variable its queries use', () => {
    const declared = new Set(dashboard.templating.list.map((v) => v.name));
    for (const q of queries.filter((q) => q.dashboard === dashboard.uid)) {
      for (const name of usedVariables(q.text)) expect(declared.has(name), `${q.panel}: $${name}`).toBe(true);
    }
  });

  it('gives every target of a panel its own refId', () => {
    for (const panel of panels) {
      const refIds = (panel.targets ?? []).map((t) => t.refId);
      expect(refIds.every((r) => typeof r === 'string' && r !== ''), panel.title).toBe(true);
      expect(new Set(refIds).size, panel.title).toBe(refIds.length);
    }
  });
});

describe('queries', () => {
  const prom = queries.filter((q) => q.kind === 'prometheus');
  const influx = queries.filter((q) => q.kind === 'influxdb');

  it('include both Prometheus and InfluxDB queries', () => {
    expect(prom.length).toBeGreaterThan(10);
    expect(influx.length).toBeGreaterThan(3);
  });

  it.each(prom.map((q) => [`${q.dashboard} › ${q.panel} › ${q.refId}`, q.text]))('%s selects only golden metric names', (_name, expr) => {
    const names = metricNames(expr);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !GOLDEN.has(name))).toEqual([]);
  });

  it.each(influx.map((q) => [`${q.dashboard} › ${q.panel} › ${q.refId}`, q.text]))('%s reads only the Influx store\'s policies and measurements', (_name, query) => {
    const sources = [...query.matchAll(/FROM\s+"(\w+)"\."(\w+)"/g)].map((m) => [m[1], m[2]]);
    expect(sources.length).toBeGreaterThan(0);
    for (const [rp, measurement] of sources) {
      expect(Object.values(RP)).toContain(rp);
      expect(Object.values(M)).toContain(measurement);
    }
  });

  it('are all valid PromQL once Grafana\'s variables are substituted (promtool check rules)', async () => {
    const context = { variables: { claim: ['a', 'b'], channel: ['chat'] }, stepSeconds: 15, scrapeSeconds: 15, rangeSeconds: 3600 };
    const rules = prom.map((q, i) => `      - record: dashboard:check:${i}\n        expr: ${JSON.stringify(promql(q.text, context))}\n`).join('');
    const dir = await mkdtemp(join(tmpdir(), 'kept-dashboard-promql-'));
    try {
      await writeFile(join(dir, 'check.yml'), `groups:\n  - name: dashboards\n    rules:\n${rules}`);
      const result = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile('promtool', ['check', 'rules', join(dir, 'check.yml')], (error, stdout, stderr) => {
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
        });
      });
      expect(result.output).toContain(`SUCCESS: ${prom.length} rules found`);
      expect(result.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('provisioning', () => {
  it('creates the Prometheus and InfluxQL datasources with the uids the dashboards use, on database kept', async () => {
    const sources = await provisioned();
    expect(sources.map((s) => [s.uid, s.type])).toEqual([['kept-prometheus', 'prometheus'], ['kept-influxdb', 'influxdb']]);
    expect(sources[1]?.jsonData).toMatchObject({ version: 'InfluxQL', dbName: 'kept' });
  });

  it('loads the dashboards from files into a Kept folder', async () => {
    const { providers } = parse(await readFile(join(REPO_ROOT, 'dashboards/provisioning/dashboards/kept.yaml'), 'utf8')) as {
      providers: { type: string; folder: string; options: { path: string } }[];
    };
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({ type: 'file', folder: 'Kept', options: { path: '/opt/kept/dashboards' } });
  });
});

describe('layOut', () => {
  const stat = (title: string) => new Stat().title(title);

  it.each([
    ['two halves fit on a line', [12, 12], undefined],
    ['a line may be narrower than the grid', [8, 8], undefined],
    ['two two-thirds panels do not fit', [16, 16], 'a line is 32 columns wide'],
  ])('%s', (_name, widths, error) => {
    const build = () => layOut(new DashboardBuilder('t'), [{ title: 'r', lines: [widths.map((w, i) => ({ panel: stat(`p${i}`), w, h: 4 }))] }]).build();
    if (error === undefined) {
      const panels = build().panels ?? [];
      expect(panels.map((p) => [p.id, p.gridPos])).toEqual([
        [1, { x: 0, y: 0, w: 24, h: 1 }],
        ...widths.map((w, i) => [i + 2, { x: widths.slice(0, i).reduce((a, b) => a + b, 0), y: 1, w, h: 4 }]),
      ]);
    } else {
      expect(build).toThrow(error);
    }
  });
});
