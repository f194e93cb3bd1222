import { spawn, type ChildProcess } from 'node:child_process';
import type { Stream } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface KeptProcess {
  readonly child: ChildProcess;
  /** Everything printed so far on stdout and stderr. */
  output(): string;
  /** Resolves with the first match of `pattern` in stdout, or rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /**
   * Stops the process by PID (SIGTERM, then SIGKILL after 30 s, the shipped systemd unit's TimeoutStopSec) and resolves
   * with its exit code. Tests assert a clean exit, not how fast: a demo with attempts in flight took more than 5 s to
   * shut down on a heavily loaded machine (fresh-clone CI run, load ~15), and SIGKILL made its code null.
   */
  stop(): Promise<number | null>;
  /** Resolves with the exit code once the process has ended on its own. */
  exited(): Promise<number | null>;
}

export interface SpawnOptions {
  /**
   * `inherit` (default): the test's environment plus `env`. `clean`: only PATH, HOME and `env`, so no KEPT_* or probe
   * variable of the machine leaks in (as for a marketing reviewer who has none of the probes' settings).
   */
  readonly environment?: 'inherit' | 'clean';
  /** Where stdout goes: piped and collected (default), or a stream with a file descriptor (another process's stdin). */
  readonly stdout?: 'pipe' | Stream;
  /** Where stderr goes, likewise. */
  readonly stderr?: 'pipe' | Stream;
}

/** The command line that runs the CLI from source, as `npm run kept` does: node with tsx, no build needed. */
export const KEPT_COMMAND: readonly string[] = [process.execPath, '--import', 'tsx', 'src/main.ts'];

/** The environment a spawned CLI gets. */
export function keptEnv(env: NodeJS.ProcessEnv, environment: 'inherit' | 'clean' = 'inherit'): NodeJS.ProcessEnv {
  if (environment === 'inherit') return { ...process.env, ...env };
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
}

/**
 * Starts the real CLI (`node --import tsx src/main.ts …`) as its own process. Tests run the source, never a build in
 * dist/ that may be older than it; test/cli/compiled-cli.e2e.test.ts checks the build.
 */
export function spawnKept(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  options: SpawnOptions = {},
): KeptProcess {
  const [command, ...prefix] = KEPT_COMMAND as [string, ...string[]];
  const child = spawn(command, [...prefix, ...args], {
    cwd: REPO_ROOT,
    env: keptEnv(env, options.environment),
    stdio: ['ignore', options.stdout ?? 'pipe', options.stderr ?? 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited: () => exited,
    output: () => `${stdout}\n--- stderr ---\n${stderr}`,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => {
          clearInterval(poll);
          reject(new Error(`timed out waiting for ${pattern}; output:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        const poll = setInterval(() => {
          const match = stdout.match(pattern);
          if (match) {
            clearTimeout(deadline);
            clearInterval(poll);
            resolve(match);
          } else if (child.exitCode !== null) {
            clearTimeout(deadline);
            clearInterval(poll);
            reject(new Error(`kept exited with ${child.exitCode}; output:\n${stdout}\n${stderr}`));
          }
        }, 50);
      });
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
}
