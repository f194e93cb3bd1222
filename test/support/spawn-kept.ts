import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface KeptProcess {
  readonly child: ChildProcess;
  /** Everything printed so far on stdout and stderr. */
  output(): string;
  /** Resolves with the first match of `pattern` in stdout, or rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Stops the process by PID (SIGTERM, then SIGKILL after 5 s) and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Starts the real CLI (`node --import tsx src/main.ts …`) as its own process. */
export function spawnKept(args: readonly string[], env: NodeJS.ProcessEnv = {}): KeptProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
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
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
}
