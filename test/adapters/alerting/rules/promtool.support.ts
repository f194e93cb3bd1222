import { spawn, spawnSync } from 'node:child_process';

/** Whether `promtool` (Debian's `prometheus` package) is on the PATH. */
export function promtoolInstalled(): boolean {
  const probe = spawnSync('promtool', ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/**
 * Locally a missing promtool skips the promtool tests; under CI (the `CI` variable set) they run and fail, so a
 * pipeline that forgot to install it cannot pass quietly.
 */
export const skipPromtool = !promtoolInstalled() && !process.env['CI'];

export interface PromtoolRun {
  readonly code: number | null;
  readonly output: string;
}

/** Runs promtool with arguments in a directory; resolves with its exit code and everything it printed. */
export function promtool(args: readonly string[], cwd: string): Promise<PromtoolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              'promtool is not installed: `apt-get install --no-install-recommends prometheus` (scripts/test-all.sh does)',
            )
          : error,
      ),
    );
    child.on('close', (code) => resolve({ code, output }));
  });
}
