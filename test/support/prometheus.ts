/**
 * Starts a real Prometheus (Debian's `prometheus`) on loopback for integration tests: its own config and TSDB under a
 * temp dir, the web API on a free 127.0.0.1 port, stopped by PID.
 *
 *   const prometheus = await startPrometheus({ scrapeInterval: '1s' });   // in beforeAll
 *   await prometheus.setTargets(['127.0.0.1:40123']);                   // once the target's port is known
 *   await prometheus.waitForScrapes('kept_build_info', 3, 15_000);
 *   await prometheus.queryRange('up', start, end, 1);
 *   await prometheus.stop();                                            // in afterAll
 *
 * Targets are discovered from a file (file_sd), so Prometheus can start before what it scrapes: a process started
 * with `--port 0` reports its port only once it runs. Where `prometheus` is missing, `prometheusMissing()` says
 * why: tests skip locally but FAIL when the CI variable is set.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './influxd.ts';
import { spawnLogged } from './server-process.ts';

export interface PrometheusOptions {
  /** Scrape and rule evaluation interval (default 1s). */
  readonly scrapeInterval?: string;
  /** Job name of the scraped targets (default `kept`, as the generated alert rules expect). */
  readonly job?: string;
  /** Absolute paths of rule files to load. */
  readonly ruleFiles?: readonly string[];
  readonly readyTimeoutMs?: number;
}

/** One series of a range query: its labels and [unix seconds, value] pairs (values as Prometheus prints them). */
export interface RangeSeries {
  readonly metric: Record<string, string>;
  readonly values: [number, string][];
}

export interface RunningPrometheus {
  readonly url: string;
  readonly pid: number;
  /** The temp dir holding prometheus.yml, targets.json, data/ and prometheus.log. */
  readonly dir: string;
  /** Replaces the scraped targets (`host:port`), written atomically to the file_sd file. */
  setTargets(targets: readonly string[]): Promise<void>;
  /** Waits until `count_over_time(metric[1h])` reaches `scrapes` for some series. */
  waitForScrapes(metric: string, scrapes: number, timeoutMs: number): Promise<void>;
  /** `/api/v1/query_range`; throws on any error Prometheus reports. */
  queryRange(expr: string, startSeconds: number, endSeconds: number, stepSeconds: number): Promise<RangeSeries[]>;
  /** `/api/v1/label/<label>/values?match[]=<metric>`: what Grafana's `label_values(metric, label)` lists. */
  labelValues(label: string, metric: string): Promise<string[]>;
  /** What the process wrote so far (for failure messages). */
  log(): string;
  /** SIGTERM by PID (SIGKILL after 5 s), then removes the temp dir. */
  stop(): Promise<void>;
}

/** Why Prometheus cannot run here, or undefined. Throws instead when `CI` is set: CI must install it, never skip. */
export function prometheusMissing(): string | undefined {
  const probe = spawnSync('prometheus', ['--version'], { encoding: 'utf8' });
  if (probe.error === undefined && probe.status === 0) return undefined;
  const why = 'prometheus is not installed (apt-get install --no-install-recommends prometheus)';
  if (process.env.CI) throw new Error(`${why}: integration tests must not be skipped in CI`);
  return why;
}

function config(dir: string, options: PrometheusOptions): string {
  const interval = options.scrapeInterval ?? '1s';
  const rules = (options.ruleFiles ?? []).map((file) => `  - ${JSON.stringify(file)}\n`).join('');
  return `global:
  scrape_interval: ${interval}
  scrape_timeout: ${interval}
  evaluation_interval: ${interval}
${rules === '' ? '' : `rule_files:\n${rules}`}scrape_configs:
  - job_name: ${JSON.stringify(options.job ?? 'kept')}
    file_sd_configs:
      - files: [${JSON.stringify(join(dir, 'targets.json'))}]
        refresh_interval: 1s
`;
}

async function api<T>(url: string, path: string, params: Record<string, string>): Promise<T> {
  const response = await fetch(`${url}${path}`, { method: 'POST', body: new URLSearchParams(params) });
  const json = (await response.json()) as { status: string; data?: T; error?: string };
  if (json.status !== 'success' || json.data === undefined)
    throw new Error(`prometheus ${path} ${response.status}: ${json.error ?? 'no data'} (${JSON.stringify(params)})`);
  return json.data;
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`prometheus: ${what} within ${timeoutMs} ms; log:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startPrometheus(options: PrometheusOptions = {}): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'kept-prometheus-'));
  const targetsFile = join(dir, 'targets.json');
  writeFileSync(targetsFile, '[]\n');
  writeFileSync(join(dir, 'prometheus.yml'), config(dir, options));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { child, log, stop } = spawnLogged(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { dir, logName: 'prometheus.log', signal: 'SIGTERM', killAfterMs: 5_000 },
  );

  try {
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    await until(
      'not ready',
      options.readyTimeoutMs ?? 15_000,
      async () => {
        if (child.exitCode !== null) throw new Error('exited');
        return (await fetch(`${url}/-/ready`)).status === 200;
      },
      log,
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    pid: child.pid ?? -1,
    dir,
    async setTargets(targets) {
      const next = `${targetsFile}.next`;
      writeFileSync(next, `${JSON.stringify([{ targets, labels: {} }])}\n`);
      renameSync(next, targetsFile);
    },
    async waitForScrapes(metric, scrapes, timeoutMs) {
      await until(
        `fewer than ${scrapes} scrapes of ${metric}`,
        timeoutMs,
        async () => {
          const data = await api<{ result: { value: [number, string] }[] }>(url, '/api/v1/query', {
            query: `max(count_over_time(${metric}[1h]))`,
          });
          return Number(data.result[0]?.value[1] ?? 0) >= scrapes;
        },
        log,
      );
    },
    async queryRange(expr, start, end, step) {
      const data = await api<{ resultType: string; result: RangeSeries[] }>(url, '/api/v1/query_range', {
        query: expr,
        start: String(start),
        end: String(end),
        step: String(step),
      });
      return data.result;
    },
    async labelValues(label, metric) {
      const response = await fetch(
        `${url}/api/v1/label/${encodeURIComponent(label)}/values?${new URLSearchParams({ 'match[]': metric })}`,
      );
      const json = (await response.json()) as { status: string; data?: string[]; error?: string };
      if (json.status !== 'success')
        throw new Error(`prometheus label values ${label}: ${json.error ?? response.status}`);
      return json.data ?? [];
    },
    log,
    stop,
  };
}
