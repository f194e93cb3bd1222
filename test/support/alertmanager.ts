import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts a real Alertmanager (Debian's `prometheus-alertmanager`) for tests: loopback only, on a free port, with a
 * temporary config and storage directory, gossip off (`--cluster.listen-address=` empty). Stop it with `stop()`,
 * which signals that PID only and removes the directory.
 *
 * Outside CI a test may skip when the binary is missing (`alertmanagerInstalled()`); in CI (env CI set) it must run,
 * and `startAlertmanager` then fails with how to install it.
 */
export const ALERTMANAGER_BINARY = 'prometheus-alertmanager';

export interface AlertmanagerOptions {
  /** Where Alertmanager sends its own notifications (webhook_configs, send_resolved: true); none if unset. */
  readonly webhookUrl?: string;
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
}

/** An alert as `GET /api/v2/alerts` returns it (the fields tests read). */
export interface GettableAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly updatedAt: string;
  readonly generatorURL?: string;
  readonly fingerprint: string;
  readonly status: { readonly state: 'active' | 'suppressed' | 'unprocessed' };
}

export interface RunningAlertmanager {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly pid: number;
  alerts(): Promise<GettableAlert[]>;
  /** What the process wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export function alertmanagerInstalled(): boolean {
  return spawnSync(ALERTMANAGER_BINARY, ['--version'], { stdio: 'ignore' }).error === undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function configYaml(options: AlertmanagerOptions): string {
  const receiver =
    options.webhookUrl === undefined
      ? '  - name: kept-test\n'
      : `  - name: kept-test\n    webhook_configs:\n      - url: ${JSON.stringify(options.webhookUrl)}\n        send_resolved: true\n`;
  return [
    'route:',
    '  receiver: kept-test',
    "  group_by: ['alertname', 'claim']",
    `  group_wait: ${options.groupWait ?? '100ms'}`,
    `  group_interval: ${options.groupInterval ?? '1s'}`,
    `  repeat_interval: ${options.repeatInterval ?? '1h'}`,
    'receivers:',
    receiver,
  ].join('\n');
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`alertmanager did not become ready within 15 s:\n${output()}`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startAlertmanager(options: AlertmanagerOptions = {}): Promise<RunningAlertmanager> {
  const dir = await mkdtemp(join(tmpdir(), 'kept-alertmanager-'));
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, configYaml(options));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    ALERTMANAGER_BINARY,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const spawned = await new Promise<Error | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', resolve);
  });
  if (spawned !== null) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `cannot start ${ALERTMANAGER_BINARY} (${spawned.message}): install it with ` +
        'apt-get install -y --no-install-recommends prometheus-alertmanager (scripts/test-all.sh does)',
    );
  }
  const pid = child.pid as number;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(
        () => child.exitCode === null && child.signalCode === null && process.kill(pid, 'SIGKILL'),
        5_000,
      );
      await exited(child);
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, () => text);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pid,
    output: () => text,
    async alerts() {
      const response = await fetch(`${url}/api/v2/alerts`);
      if (!response.ok) throw new Error(`GET /api/v2/alerts answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as GettableAlert[];
    },
    stop,
  };
}
