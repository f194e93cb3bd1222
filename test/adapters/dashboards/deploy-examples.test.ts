/**
 * The deployment examples in docs/deploy, checked with the tools that will read them: promtool (config and the rule
 * files it loads), amtool (config and routing), systemd-analyze (where available), and Kept itself started with the
 * systemd unit's command line. Missing promtool or amtool fails in CI; systemd-analyze is optional.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_RULES } from '../../../src/adapters/alerting/rules/demo-rules.ts';
import { SCRAPE_INTERVAL } from '../../../src/adapters/dashboards/provisioning.ts';
import { DEMO_PLACEHOLDER_ENV } from '../../../src/adapters/catalogue/demo-env.ts';
import { REPO_ROOT, spawnKept } from '../../support/spawn-kept.ts';

const DEPLOY = join(REPO_ROOT, 'docs/deploy');

function run(command: string, args: readonly string[], cwd = DEPLOY): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error(`${command} is not installed`));
      else resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

const installed = (command: string, versionFlag = '--version'): boolean => spawnSync(command, [versionFlag], { stdio: 'ignore' }).error === undefined;
/** amtool ships with Debian's prometheus-alertmanager, which CI installs: there it must run, never skip. */
const amtoolMissing = !installed('amtool') && !process.env.CI;

describe('docs/deploy/prometheus.yml', () => {
  it('passes promtool check config, with the alert rule files it loads', async () => {
    const result = await run('promtool', ['check', 'config', 'prometheus.yml']);
    expect(result.output).toContain('SUCCESS: prometheus.yml is valid prometheus config file syntax');
    expect(result.output).toContain('kept-demo.rules.yml');
    expect(result.output).not.toContain('FAILED');
    expect(result.code).toBe(0);
  });

  it('scrapes Kept as the job the rules select, at the interval Grafana is provisioned with', async () => {
    const config = parse(await readFile(join(DEPLOY, 'prometheus.yml'), 'utf8')) as {
      global: { scrape_interval: string };
      scrape_configs: { job_name: string; scrape_interval?: string }[];
    };
    const kept = config.scrape_configs.find((job) => job.job_name === DEMO_RULES.options.job);
    expect(kept).toBeDefined();
    expect(kept?.scrape_interval ?? config.global.scrape_interval).toBe(SCRAPE_INTERVAL);
  });
});

describe.skipIf(amtoolMissing)('docs/deploy/alertmanager.yml', () => {
  it('passes amtool check-config', async () => {
    const result = await run('amtool', ['check-config', 'alertmanager.yml']);
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it.each([
    ['a page for a claim owned by support-ops', 'severity=page owner=support-ops claim=chat-live-24-7', 'support-ops-pager'],
    ['a page about Kept itself (KeptDown, KeptProbeSilent)', 'severity=page owner=kept alertname=KeptDown', 'monitoring-pager'],
    ['a page for an owner without a route of their own', 'severity=page owner=billing', 'oncall-pager'],
    ['a ticket for support-ops', 'severity=ticket owner=support-ops alertname=KeptClaimUnprobed', 'support-ops-tickets'],
    ['a ticket for an owner without a route of their own', 'severity=ticket owner=billing', 'unrouted-tickets'],
  ])('routes %s to %s', async (_name, labels, receiver) => {
    const result = await run('amtool', ['config', 'routes', 'test', '--config.file=alertmanager.yml', ...labels.split(' ')]);
    expect(result.output.split('\n')[0]?.trim()).toBe(receiver);
  });
});

const execStart = async (): Promise<string[]> => {
  const unit = await readFile(join(DEPLOY, 'kept.service'), 'utf8');
  const line = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  if (line === undefined) throw new Error('kept.service has no ExecStart');
  return line.slice('ExecStart='.length).trim().split(/\s+/);
};

describe('docs/deploy/kept.service', () => {
  it.skipIf(!installed('systemd-analyze'))('passes systemd-analyze verify (with this machine\'s node in ExecStart)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kept-unit-'));
    try {
      const unit = (await readFile(join(DEPLOY, 'kept.service'), 'utf8')).replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `);
      await writeFile(join(dir, 'kept.service'), unit);
      const result = await run('systemd-analyze', ['verify', join(dir, 'kept.service')], dir);
      expect(result.output).not.toMatch(/unknown|invalid|failed|not executable/i);
      expect(result.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts Kept with its ExecStart arguments (catalogue and data moved to a temp dir, port 0)', async () => {
    const [node, main, ...args] = await execStart();
    expect([node, main]).toEqual(['/usr/bin/node', '/opt/kept/bin/kept.js']);
    const dir = await mkdtemp(join(tmpdir(), 'kept-unit-run-'));
    const moved = args.map((arg) => ({
      '/etc/kept/catalogue.yaml': join(REPO_ROOT, 'probes/demo.yaml'), '/var/lib/kept': dir, 9321: '0',
    } as Record<string, string>)[arg] ?? arg);
    // The demo catalogue's email probe reads replies at Kept's inbound SMTP endpoint (docs/deploy/README.md).
    const kept = spawnKept([...moved, '--email-inbound-domain', 'customers.kept.invalid', '--email-inbound-port', '0'], DEMO_PLACEHOLDER_ENV);
    try {
      // This asserts that Kept starts with these arguments, not how fast: start-up spawns a probe worker process and
      // opens the stores, which in the parallel pass beside two CPU hogs took more than 20 s (2.3 s when quiet).
      const [, url] = await kept.waitFor(/Kept is running at (http:\/\/127\.0\.0\.1:\d+)/, 90_000);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain('kept_build_info');
    } finally {
      await kept.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('docs/deploy/Containerfile', () => {
  const instructions = async (): Promise<string[]> =>
    (await readFile(join(DEPLOY, 'Containerfile'), 'utf8')).replace(/\\\n/g, ' ').split('\n').filter((l) => /^[A-Z]+ /.test(l));

  it('builds dist/ in a build stage from node:20-slim, installs the image without dev dependencies, and copies only paths that exist', async () => {
    const lines = await instructions();
    expect(lines.filter((l) => l.startsWith('FROM '))).toEqual(['FROM node:20-slim AS build', 'FROM node:20-slim']);
    expect(lines).toContain('RUN npm run build');
    expect(lines).toContain('RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force');
    expect(lines).toContain('COPY --from=build /opt/kept/dist ./dist');
    const fromContext = lines.filter((l) => l.startsWith('COPY ') && !l.includes('--from='));
    const sources = fromContext.flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) expect(existsSync(join(REPO_ROOT, source)), source).toBe(true);
  });

  it('keeps tsx, which runs Kept from source where there is no build, among the runtime dependencies', async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toContain('tsx');
  });

  it('runs `kept run` with options it accepts', async () => {
    const lines = await instructions();
    const json = (prefix: string) => JSON.parse(lines.find((l) => l.startsWith(prefix))!.slice(prefix.length)) as string[];
    expect(json('ENTRYPOINT ')).toEqual(['node', 'bin/kept.js']);
    const [command, ...args] = json('CMD ');
    expect(command).toBe('run');
    const help = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'run', '--help'], REPO_ROOT);
    for (const flag of args.filter((a) => a.startsWith('-'))) expect(help.output, flag).toMatch(new RegExp(`(^|[ ,])${flag}[ ,]`, 'm'));
  });
});

const FLEET = join(DEPLOY, 'fleet');

/** A unit's ExecStart as words, with systemd's specifiers and the environment's variables put in. */
async function fleetExecStart(unit: string, put: Record<string, string>): Promise<string[]> {
  const text = await readFile(join(FLEET, unit), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith('ExecStart='));
  if (line === undefined) throw new Error(`${unit} has no ExecStart`);
  return line.slice('ExecStart='.length).trim().split(/\s+/).map((word) => Object.entries(put).reduce((w, [from, to]) => w.replaceAll(from, to), word));
}

/** Every flag of `kept <command> …` is one `kept <command> --help` lists. */
async function expectFlagsAccepted(args: readonly string[]): Promise<void> {
  const [command, ...rest] = args;
  const help = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', command ?? '', '--help'], REPO_ROOT);
  for (const flag of rest.filter((a) => a.startsWith('-'))) expect(help.output, `${command} ${flag}`).toMatch(new RegExp(`(^|[ ,])${flag}[ ,]`, 'm'));
}

describe('docs/deploy/fleet (three machines: scheduler+service, two workers, Redis)', () => {
  it.skipIf(!installed('systemd-analyze'))('passes systemd-analyze verify: kept-fleet.service and kept-worker@uk.service', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kept-fleet-unit-'));
    try {
      for (const unit of ['kept-fleet.service', 'kept-worker@.service']) {
        const text = (await readFile(join(FLEET, unit), 'utf8')).replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `);
        await writeFile(join(dir, unit), text);
      }
      for (const unit of ['kept-fleet.service', 'kept-worker@uk.service']) {
        const result = await run('systemd-analyze', ['verify', join(dir, unit)], dir);
        expect(result.output, unit).not.toMatch(/unknown|invalid|failed|not executable|ignoring/i);
        expect(result.code, unit).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('compose.yaml: Redis append-only without eviction, and commands `kept` accepts', async () => {
    const compose = parse(await readFile(join(FLEET, 'compose.yaml'), 'utf8'), { merge: true }) as {
      services: Record<string, { command: string[]; image?: string }>;
    };
    expect(Object.keys(compose.services).sort()).toEqual(['kept', 'redis', 'worker-uk', 'worker-us-east']);
    const redis = compose.services['redis']?.command.join(' ') ?? '';
    expect(redis).toMatch(/--appendonly yes/);
    expect(redis).toMatch(/--maxmemory-policy noeviction/);
    for (const name of ['kept', 'worker-uk', 'worker-us-east']) {
      const command = compose.services[name]?.command ?? [];
      expect(compose.services[name]?.image, name).toBe('kept:latest');
      expect(command[command.indexOf('--queue') + 1], name).toMatch(/^redis:\/\/:\$\{KEPT_REDIS_PASSWORD\}@redis:6379$/);
      await expectFlagsAccepted(command);
    }
  });

  it('runs redis-kept.conf, then Kept with the units\' ExecStart arguments: the service sees the uk worker live', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kept-fleet-deploy-'));
    const { freePort } = await import('../../e2e/fleet/fleet-harness.ts');
    const port = await freePort();
    // The example config as is, but on loopback, a free port and a temp dir.
    const redis = spawn('redis-server', [join(FLEET, 'redis-kept.conf'), '--bind', '127.0.0.1', '--port', String(port), '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const started: ReturnType<typeof spawnKept>[] = [];
    try {
      let redisOut = '';
      redis.stdout.on('data', (c: Buffer) => (redisOut += c.toString()));
      for (let i = 0; i < 200 && !redisOut.includes('Ready to accept connections'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(redisOut).toContain('Ready to accept connections');
      const password = /^requirepass (\S+)$/m.exec(await readFile(join(FLEET, 'redis-kept.conf'), 'utf8'))?.[1] ?? '';
      const { Redis } = await import('ioredis');
      const client = new Redis({ host: '127.0.0.1', port, password, lazyConnect: true });
      await client.connect();
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      client.disconnect();

      const fleetCatalogue = join(dir, 'fleet.yaml');
      await writeFile(fleetCatalogue, [
        'version: kept/v1',
        'service: { name: Fleet, timeZone: UTC }',
        'claims:',
        '  - { id: chat, copy: "Chat with a person in 2 minutes", publishedAt: https://x.invalid, owner: ops, channels: [chat], hours: 24/7, promise: { human: 2m }, target: 90% }',
        'probes:',
        '  - { id: chat, channel: chat-api, target: "ws://127.0.0.1:9/chat", schedule: { cron: "0 0 1 1 *" }, verifies: [chat], locations: [uk, us-east],',
        '      options: { transport: websocket, persona: Sam, message: Hi, send: { type: message, text: "{message}" }, receive: { textPath: "$.text" }, human: [{ path: "$.from.role", equals: agent }] } }',
        '',
      ].join('\n'));
      const put = { '${KEPT_QUEUE}': `redis://:${password}@127.0.0.1:${port}`, '%i': 'uk', '/etc/kept/catalogue.yaml': fleetCatalogue };
      const [, , ...service] = await fleetExecStart('kept-fleet.service', put);
      const [, , ...worker] = await fleetExecStart('kept-worker@.service', put);
      const moved = (args: string[]) => args.map((a) => (a === '9321' ? '0' : a.startsWith('/var/lib/') ? join(dir, a.slice('/var/lib/'.length)) : a));
      const keptService = spawnKept(moved(service));
      started.push(keptService);
      const keptWorker = spawnKept(moved(worker));
      started.push(keptWorker);
      await keptWorker.waitFor(/Kept worker \d+ takes location uk/, 90_000);
      // --host 0.0.0.0 as in the unit: it listens on every interface, loopback included.
      const [, listening] = await keptService.waitFor(/Kept is running at http:\/\/0\.0\.0\.0:(\d+)/, 90_000);
      const url = `http://127.0.0.1:${listening}`;
      let text = '';
      for (let i = 0; i < 100 && !text.includes('kept_fleet_workers_live{location="uk"} 1'); i++) {
        await new Promise((r) => setTimeout(r, 250));
        text = await (await fetch(`${url}/metrics`)).text();
      }
      expect(text).toContain('kept_fleet_workers_live{location="uk"} 1');
      expect(text).toContain('kept_fleet_workers_live{location="us-east"} 0');
      expect(keptService.output() + keptWorker.output()).not.toContain(password);
    } finally {
      for (const kept of started) await kept.stop();
      redis.kill('SIGTERM');
      await new Promise((r) => redis.once('exit', r));
      await rm(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
