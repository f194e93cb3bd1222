/**
 * A server binary for integration tests, its stdout and stderr in a log file, stopped by its own PID: `signal`
 * first, SIGKILL after `killAfterMs` if it is still running; then its temp dir is removed.
 *
 *   const server = spawnLogged('prometheus', args, { dir, logName: 'prometheus.log', signal: 'SIGTERM' });
 *   server.log(); await server.stop();
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface LoggedServer {
  readonly child: ChildProcess;
  /** Everything the server wrote so far ('' when the log is gone). */
  log(): string;
  /** Stops the server by PID and removes `dir`. */
  stop(): Promise<void>;
}

export interface LoggedServerOptions {
  /** The server's temp dir: the log is written in it, and it is removed on stop. */
  readonly dir: string;
  readonly logName: string;
  readonly signal: NodeJS.Signals;
  readonly killAfterMs: number;
  /** Called with the log's path before the server starts (e.g. to chown it). */
  readonly beforeSpawn?: (logPath: string) => void;
  readonly spawnOptions?: SpawnOptions;
}

export function spawnLogged(command: string, args: readonly string[], options: LoggedServerOptions): LoggedServer {
  const logPath = join(options.dir, options.logName);
  const fd = openSync(logPath, 'a');
  options.beforeSpawn?.(logPath);
  const child = spawn(command, args, { stdio: ['ignore', fd, fd], ...options.spawnOptions });
  closeSync(fd);
  const running = (): boolean => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    log() {
      try {
        return readFileSync(logPath, 'utf8');
      } catch {
        return '';
      }
    },
    async stop() {
      if (running()) {
        process.kill(child.pid as number, options.signal);
        const timer = setTimeout(() => {
          if (running()) process.kill(child.pid as number, 'SIGKILL');
        }, options.killAfterMs);
        await exited;
        clearTimeout(timer);
      }
      rmSync(options.dir, { recursive: true, force: true });
    },
  };
}
