/**
 * Every query of every dashboard panel, run for real: a real InfluxDB and a real Prometheus (scraping Kept every
 * second), `kept demo --store influx` as its own process, and then each panel target's PromQL through
 * /api/v1/query_range and each InfluxQL through /query, with Grafana's variables substituted as Grafana would. Each
 * must return data; so must each template variable's query. Missing servers skip locally and fail in CI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { influxdMissing, influxql as runInfluxql, startInfluxd, type Influxd, type InfluxqlSeries } from '../../support/influxd.ts';
import { prometheusMissing, startPrometheus, type RangeSeries, type RunningPrometheus } from '../../support/prometheus.ts';
import { spawnKept, type KeptProcess } from '../../support/spawn-kept.ts';
import { committedDashboards, panelQueries, type PanelQuery, type VariableJson } from './dashboard-json.ts';
import { influxql, promql } from './grafana-variables.ts';

const missing = influxdMissing() ?? prometheusMissing();
const dashboards = committedDashboards().map(({ json }) => json);
// The fleet row's queries need a fleet (`kept run --queue`), which the demo is not: test/e2e/fleet/fleet-ops.e2e.test.ts
// runs them against Prometheus scraping a fleet's service.
const queries = panelQueries(dashboards).filter((q) => !q.text.includes('kept_fleet_'));
const name = (q: PanelQuery): string => `${q.dashboard} › ${q.panel} › ${q.refId}`;
const variables: [string, VariableJson][] = dashboards.flatMap((d) => d.templating.list.map((v) => [`${d.uid} $${v.name}`, v] as [string, VariableJson]));

const SCRAPE_SECONDS = 1;
const DEMO_SPEED = 1500;
const DAY_MS = 86_400_000;

/** Retries `attempt` until it returns something `ok` accepts, or the deadline passes (data arrives asynchronously). */
async function eventually<T>(attempt: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const finiteValues = (series: RangeSeries[]): number =>
  series.reduce((n, s) => n + s.values.filter(([, v]) => Number.isFinite(Number(v))).length, 0);

/** Rows with at least one non-null value besides the time column. */
const influxRows = (series: InfluxqlSeries[]): number =>
  series.reduce((n, s) => n + (s.values ?? []).filter((row) => row.slice(1).some((v) => v !== null)).length, 0);

describe.skipIf(missing !== undefined)('dashboards against a real demo run (Prometheus + InfluxDB)', () => {
  let influxd: Influxd | undefined;
  let prometheus: RunningPrometheus | undefined;
  let kept: KeptProcess | undefined;
  let dataDir: string | undefined;
  let scrapingSince = 0;
  const values: Record<string, string[]> = {};

  const runVariable = async (variable: VariableJson): Promise<string[]> => {
    const query = variable.query ?? '';
    const labelValues = /^label_values\((\w+),\s*(\w+)\)$/.exec(query);
    if (variable.datasource?.type === 'prometheus' && labelValues) return prometheus!.labelValues(labelValues[2]!, labelValues[1]!);
    if (variable.datasource?.type === 'influxdb') {
      const [series = []] = await runInfluxql(influxd!.url, query, { db: 'kept' });
      return series.flatMap((s) => (s.values ?? []).map((row) => String(row[1])));
    }
    throw new Error(`no way to run variable query ${query}`);
  };

  beforeAll(async () => {
    influxd = await startInfluxd();
    prometheus = await startPrometheus({ scrapeInterval: `${SCRAPE_SECONDS}s`, job: 'kept' });
    dataDir = mkdtempSync(join(tmpdir(), 'kept-dashboards-demo-'));
    // The demo breaks its 24/7 claim in a bot-only morning window that lasts about a second of real time at the
    // default speed, and a busy machine can miss it; at 1500x the bot-only night follows within ~35 s regardless.
    kept = spawnKept(['demo', '--port', '0', '--speed', String(DEMO_SPEED), '--store', 'influx', '--influx-url', influxd.url, '--influx-db', 'kept', '--data', dataDir]);
    const [, url] = await kept.waitFor(/Kept is running at (http:\/\/127\.0\.0\.1:\d+)/, 30_000);
    await prometheus.setTargets([new URL(url!).host]);
    scrapingSince = Date.now() / 1000;
    await eventually(
      async () => ((await (await fetch(`${url}/api/claims`)).json()) as { claims: { status: string }[] }).claims,
      (claims) => claims.some((c) => c.status === 'broken'),
      50_000,
    ).then((claims) => expect(claims.map((c) => c.status)).toContain('broken'));
    await prometheus.waitForScrapes('kept_build_info', 5, 30_000);
    for (const [, variable] of variables) {
      values[variable.name] = await eventually(() => runVariable(variable), (found) => found.length > 0, 15_000);
    }
  }, 90_000);

  afterAll(async () => {
    await kept?.stop();
    await prometheus?.stop();
    await influxd?.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(variables)('template variable %s lists values', async (_name, variable) => {
    const found = await runVariable(variable);
    expect(found.length).toBeGreaterThan(0);
    if (variable.name === 'claim') expect(found).toEqual(expect.arrayContaining(['chat-live-24-7', 'chat-business-hours']));
  });

  it.each(queries.filter((q) => q.kind === 'prometheus').map((q) => [name(q), q] as const))('%s returns data from Prometheus', async (_name, q) => {
    const run = async () => {
      const end = Date.now() / 1000;
      const expr = promql(q.text, { variables: values, stepSeconds: SCRAPE_SECONDS, scrapeSeconds: SCRAPE_SECONDS, rangeSeconds: end - scrapingSince });
      return prometheus!.queryRange(expr, Math.floor(scrapingSince), Math.ceil(end), SCRAPE_SECONDS);
    };
    const series = await eventually(run, (result) => finiteValues(result) > 0, 15_000);
    expect(finiteValues(series), JSON.stringify(series).slice(0, 500)).toBeGreaterThan(0);
  });

  it.each(queries.filter((q) => q.kind === 'influxdb').map((q) => [name(q), q] as const))('%s returns data from InfluxDB', async (_name, q) => {
    const run = async () => {
      const now = Date.now();
      const statement = influxql(q.text, { variables: values, fromMs: now - 7 * DAY_MS, toMs: now + 60_000, interval: q.interval ?? '10m' });
      const [series = []] = await runInfluxql(influxd!.url, statement, { db: 'kept' });
      return series;
    };
    const series = await eventually(run, (result) => influxRows(result) > 0, 15_000);
    expect(influxRows(series), JSON.stringify(series).slice(0, 500)).toBeGreaterThan(0);
  });
});
