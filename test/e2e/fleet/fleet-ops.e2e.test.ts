import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { openSqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { loadCatalogueOrThrow } from '../../../src/cli/catalogue-input.ts';
import { fleetWiring } from '../../../src/cli/commands/run-fleet.ts';
import { createLogger } from '../../../src/cli/logger.ts';
import { startMonitor } from '../../../src/cli/monitor.ts';
import { prometheusMissing, startPrometheus } from '../../support/prometheus.ts';
import { spawnKept, type KeptProcess } from '../../support/spawn-kept.ts';
import { committedDashboards, panelQueries } from '../../adapters/dashboards/dashboard-json.ts';
import { promql } from '../../adapters/dashboards/grafana-variables.ts';
import { freePort } from './fleet-harness.ts';

// Operating a fleet against a real redis-server (a password set, a free loopback port, stopped by PID): workers
// advertise themselves with a 1.5 s heartbeat TTL, `kept fleet status` and the service's /metrics show them per
// location; a worker killed with -9 drops out after the TTL, one stopped cleanly at once, and a location with probes
// and no worker is reported ("NO WORKER in uk", kept_fleet_workers_live 0, seconds without one growing).

const PASSWORD = 'fleet-s3cret';
const dir = mkdtempSync(join(tmpdir(), 'kept-fleet-ops-'));
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

function writeCatalogue(): string {
  const file = join(dir, 'ops.yaml');
  writeFileSync(
    file,
    [
      'version: kept/v1',
      'service: { name: Ops Ltd, timeZone: UTC }',
      'evaluation: { window: 7d, coveragePeriod: 7d, minSamples: 3 }',
      'claims:',
      '  - { id: chat-24-7, copy: "24/7 chat with a person within 30 minutes", publishedAt: https://ops.invalid,',
      '      owner: ops, channels: [chat], hours: 24/7, promise: { human: 30m }, target: 90% }',
      'probes:',
      '  - id: chat-a',
      '    channel: chat-api',
      '    target: ws://127.0.0.1:9/chat',
      '    schedule: { cron: "0 0 1 1 *", jitter: 0s, timeout: 20m }',
      '    verifies: [chat-24-7]',
      '    locations: [eu, uk]',
      '    options:',
      '      transport: websocket',
      '      persona: Sam Taylor',
      '      message: "Hi"',
      '      send: { type: message, text: "{message}" }',
      '      receive: { textPath: "$.text", senderPath: "$.from.role" }',
      '      human: [{ path: "$.from.role", equals: agent }]',
      '',
    ].join('\n'),
  );
  return file;
}

async function startRedis(port: number): Promise<void> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--requirepass', PASSWORD],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanup.push(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  for (let i = 0; i < 200 && !out.includes('Ready to accept connections'); i++) await systemClock.sleep(50);
  expect(out).toContain('Ready to accept connections');
}

const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
};

describe('kept fleet status, the worker registry and the fleet metrics', () => {
  it('show live workers per location, drop a killed one after its TTL, and report a location with none', async () => {
    const port = await freePort();
    await startRedis(port);
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const catalogue = writeCatalogue();
    const loaded = await loadCatalogueOrThrow([catalogue], process.env, 'connect', () => undefined);
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      format: 'json',
      stream: { write: (l: string) => lines.push(l) } as never,
    });
    const store = await openSqliteStore({ path: join(dir, 'service.db') });
    cleanup.push(() => store.close());
    const wiring = await fleetWiring({
      url,
      roles: ['service'],
      catalogue: loaded,
      clock: systemClock,
      realClock: systemClock,
      log,
      watchMs: 250,
    });
    cleanup.push(() => wiring.close());
    const monitor = await startMonitor({
      catalogue: loaded,
      store,
      clock: systemClock,
      log,
      host: '127.0.0.1',
      port: 0,
      scheduling: 'clocked',
      fleet: wiring.fleet,
    });
    cleanup.push(() => monitor.stop());
    const metrics = async (): Promise<string> => (await fetch(`${monitor.url}/metrics`)).text();
    // Prometheus scrapes the service every second, for the dashboards' fleet row (its queries run below).
    const prometheus = prometheusMissing() === undefined ? await startPrometheus({ scrapeInterval: '1s' }) : undefined;
    if (prometheus !== undefined) {
      cleanup.push(() => prometheus.stop());
      await prometheus.setTargets([new URL(monitor.url).host]);
    }
    const scrapingSince = Math.floor(Date.now() / 1_000);
    // Two runs waiting in uk, where no worker is.
    const uk = new Queue('probes.uk', { connection: { host: '127.0.0.1', port, password: PASSWORD }, prefix: 'kept' });
    cleanup.push(() => uk.close());
    await uk.add('probe', { test: 1 }, { jobId: 'waiting-1' });
    await uk.add('probe', { test: 2 }, { jobId: 'waiting-2' });

    const worker = (name: string): KeptProcess => {
      const w = spawnKept([
        ...['worker', '-c', catalogue, '--queue', url, '--location', 'eu', '--concurrency', '3'],
        ...['--data', join(dir, name), '--heartbeat-ttl-ms', '1500'],
      ]);
      cleanup.push(() => w.stop());
      return w;
    };
    const [w1, w2] = [worker('w1'), worker('w2')];
    await Promise.all([w1, w2].map((w) => w.waitFor(/Kept worker \d+ takes location eu/, 30_000)));

    const json = spawnKept(['fleet', 'status', '--queue', url, '-c', catalogue, '--json']);
    const code = await json.exited();
    const out = json.output();
    expect(out).not.toContain(PASSWORD);
    expect(code, out).toBe(1); // uk has probes and no worker
    const status = JSON.parse(out.split('\n--- stderr ---\n')[0] ?? '') as {
      queue: string;
      workers: { pid: number; location: string; concurrency: number }[];
      locations: { location: string; liveWorkers: number; capacity: number; waiting: number; lagSeconds: number }[];
      uncovered: string[];
    };
    console.log(`fleet status: ${JSON.stringify(status.locations)}`);
    expect(status.queue).toBe(`redis://:<redacted>@127.0.0.1:${port}`);
    expect(status.workers.map((w) => w.pid).sort()).toEqual([w1.child.pid, w2.child.pid].sort());
    expect(status.locations.find((l) => l.location === 'eu')).toMatchObject({ liveWorkers: 2, capacity: 6 });
    expect(status.locations.find((l) => l.location === 'uk')).toMatchObject({ liveWorkers: 0, waiting: 2 });
    expect(status.locations.find((l) => l.location === 'uk')?.lagSeconds).toBeGreaterThan(0);
    expect(status.uncovered).toEqual(['uk']);
    let text = await metrics();
    expect(sample(text, 'kept_fleet_workers_live{location="eu"}')).toBe(2);
    expect(sample(text, 'kept_fleet_workers_live{location="uk"}')).toBe(0);
    expect(sample(text, 'kept_fleet_queue_jobs{location="uk",state="waiting"}')).toBe(2);
    expect(lines.join('')).toMatch(/fleet: no worker in uk since/);
    if (prometheus !== undefined) {
      // Each query of the coverage dashboard's fleet row returns data, as Grafana would run it.
      await prometheus.waitForScrapes('kept_fleet_workers_live', 2, 15_000);
      const fleetQueries = panelQueries(committedDashboards().map((d) => d.json)).filter((q) =>
        q.text.includes('kept_fleet_'),
      );
      expect(fleetQueries.length).toBeGreaterThanOrEqual(5);
      for (const q of fleetQueries) {
        const end = Math.ceil(Date.now() / 1_000);
        const context = { variables: {}, stepSeconds: 1, scrapeSeconds: 1, rangeSeconds: end - scrapingSince };
        const series = await prometheus.queryRange(promql(q.text, context), scrapingSince, end, 1);
        expect(series.length, `${q.panel} ${q.refId}: ${q.text}`).toBeGreaterThan(0);
      }
      console.log(`fleet dashboards: ${fleetQueries.length} queries of the fleet row returned data from Prometheus`);
    }

    // kill -9: no clean shutdown, so the advert stays until its TTL (1.5 s) runs out.
    w1.child.kill('SIGKILL');
    const killedAt = Date.now();
    let live = 2;
    while (live !== 1 && Date.now() - killedAt < 10_000) {
      await systemClock.sleep(100);
      live = sample(await metrics(), 'kept_fleet_workers_live{location="eu"}') ?? -1;
    }
    console.log(
      `fleet: the killed worker left the metrics after ${Date.now() - killedAt} ms (TTL 1500 ms, read every 250 ms)`,
    );
    expect(live).toBe(1);
    // A clean stop removes the advert at once; then eu has no worker either.
    await w2.stop();
    const stoppedAt = Date.now();
    while (live !== 0 && Date.now() - stoppedAt < 10_000) {
      await systemClock.sleep(100);
      live = sample(await metrics(), 'kept_fleet_workers_live{location="eu"}') ?? -1;
    }
    expect(live).toBe(0);
    await systemClock.sleep(1_200);
    text = await metrics();
    const lastSeen = sample(text, 'kept_fleet_worker_last_seen_timestamp_seconds{location="eu"}') ?? 0;
    expect(lastSeen * 1_000).toBeLessThanOrEqual(stoppedAt);
    expect(sample(text, 'kept_fleet_location_workerless_seconds{location="eu"}')).toBeGreaterThan(1);
    expect(lines.join('')).toMatch(/fleet: no worker in eu since/);

    const human = spawnKept(['fleet', 'status', '--queue', url, '-c', catalogue]);
    expect(await human.exited()).toBe(1);
    console.log(human.output());
    expect(human.output()).toMatch(/No live worker\./);
    expect(human.output()).toMatch(/NO WORKER in eu since \d\d:\d\d UTC/);
    expect(human.output()).toMatch(/NO WORKER in uk: none has been seen there \(2 runs waiting\)/);
    expect(human.output()).not.toContain(PASSWORD);
  }, 60_000);
});
