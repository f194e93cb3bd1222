/**
 * Starts a real InfluxDB 1.x (`influxd`, Debian's `influxdb` package) on loopback for integration tests: its own
 * config, data, meta and WAL directories under a temp dir, HTTP and RPC on free 127.0.0.1 ports, stopped by PID.
 *
 *   const influxd = await startInfluxd();           // in beforeAll
 *   ... new InfluxDB({ host: '127.0.0.1', port: influxd.port }) ...
 *   influxd.kill('SIGKILL'); await influxd.restart(); // an outage, same data dir and port
 *   await influxd.stop();                           // in afterAll: SIGTERM, then removes the temp dir
 *
 * Where `influxd` is missing, `influxdMissing()` says why: tests skip locally but FAIL when the CI variable is set.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Influxd {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The temp dir holding influxd.conf, meta/, data/, wal/ and influxd.log. */
  readonly dir: string;
  /** PID of the running server (changes on restart). */
  pid(): number;
  /** Sends a signal to the server by PID and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same directories and port; resolves once /ping answers 204. */
  restart(): Promise<void>;
  /** Stops the server (SIGTERM, SIGKILL after 5 s) and removes its directory. */
  stop(): Promise<void>;
}

/** Why influxd cannot run here, or undefined. Throws instead when `CI` is set: CI must install it, never skip. */
export function influxdMissing(): string | undefined {
  const probe = spawnSync('influxd', ['version'], { encoding: 'utf8' });
  if (probe.error === undefined && probe.status === 0) return undefined;
  const why = 'influxd is not installed (apt-get install --no-install-recommends influxdb)';
  if (process.env.CI) throw new Error(`${why}: integration tests must not be skipped in CI`);
  return why;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function config(dir: string, httpPort: number, rpcPort: number, cqInterval: string, auth: boolean): string {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${join(dir, 'meta')}"
  logging-enabled = false
[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  pprof-enabled = false
  auth-enabled = ${auth}
[continuous_queries]
  run-interval = "${cqInterval}"
[logging]
  level = "warn"
  suppress-logo = true
`;
}

async function pingUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`influxd exited (${child.exitCode ?? child.signalCode}) before answering /ping`);
    }
    try {
      const response = await fetch(`${url}/ping`);
      if (response.status === 204) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`influxd did not answer ${url}/ping within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export interface InfluxdOptions {
  /** How often influxd checks whether continuous queries are due (default 1s, so tests need not wait a minute). */
  readonly cqRunInterval?: string;
  readonly readyTimeoutMs?: number;
  /** Turn on authentication; create the first admin with `CREATE USER ... WITH ALL PRIVILEGES` (allowed while none exists). */
  readonly auth?: boolean;
}

export async function startInfluxd(options: InfluxdOptions = {}): Promise<Influxd> {
  const dir = mkdtempSync(join(tmpdir(), 'kept-influxd-'));
  const port = await freePort();
  const configPath = join(dir, 'influxd.conf');
  writeFileSync(configPath, config(dir, port, await freePort(), options.cqRunInterval ?? '1s', options.auth ?? false));
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const log = join(dir, 'influxd.log');
    const fd = openSync(log, 'a');
    const started = spawn('influxd', ['run', '-config', configPath], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child = started;
    await new Promise<void>((resolve, reject) => {
      started.once('spawn', resolve);
      started.once('error', reject);
    });
    await pingUntilReady(url, started, options.readyTimeoutMs ?? 15_000);
  };

  const kill = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const running = child;
    if (running?.pid === undefined) return;
    const done = exited(running);
    if (running.exitCode === null && running.signalCode === null) process.kill(running.pid, signal);
    const timer = setTimeout(() => {
      if (running.exitCode === null && running.signalCode === null && running.pid !== undefined)
        process.kill(running.pid, 'SIGKILL');
    }, 5_000);
    await done;
    clearTimeout(timer);
  };

  try {
    await launch();
  } catch (error) {
    await kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    host: '127.0.0.1',
    port,
    dir,
    pid: () => child?.pid ?? -1,
    kill,
    restart: launch,
    async stop() {
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface InfluxqlSeries {
  readonly name?: string;
  readonly tags?: Record<string, string>;
  readonly columns: string[];
  readonly values?: unknown[][];
}

/**
 * Runs InfluxQL over HTTP (POST, times in epoch ms) and returns each statement's series; throws on any error, so a
 * test reads InfluxDB independently of the store under test.
 */
export async function influxql(
  url: string,
  statement: string,
  options: { readonly db?: string; readonly user?: string; readonly password?: string } = {},
): Promise<InfluxqlSeries[][]> {
  const body = new URLSearchParams({
    q: statement,
    epoch: 'ms',
    ...(options.db === undefined ? {} : { db: options.db }),
  });
  const headers: Record<string, string> = {};
  if (options.user !== undefined)
    headers.Authorization = `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
  const response = await fetch(`${url}/query`, { method: 'POST', body, headers });
  const json = (await response.json()) as { error?: string; results?: { error?: string; series?: InfluxqlSeries[] }[] };
  if (!response.ok || json.error !== undefined)
    throw new Error(`influxql ${response.status}: ${json.error ?? ''} (${statement})`);
  return (json.results ?? []).map((result) => {
    if (result.error !== undefined) throw new Error(`influxql: ${result.error} (${statement})`);
    return result.series ?? [];
  });
}

/** The single value of a one-row, one-series answer such as `SELECT count(x) FROM m`, or 0 when there are no rows. */
export async function influxScalar(url: string, statement: string, db: string): Promise<number> {
  const [series = []] = await influxql(url, statement, { db });
  const value = series[0]?.values?.[0]?.[1];
  return typeof value === 'number' ? value : 0;
}
