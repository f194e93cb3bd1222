/**
 * Starts a real PostgreSQL (Debian's `postgresql`) on loopback for integration tests: `initdb` into a temp dir with a
 * password-protected superuser (scram-sha-256), `postgres` on a free 127.0.0.1 port, stopped by PID (fast shutdown).
 * As root (CI), both run as the `postgres` user (or `nobody`), since PostgreSQL refuses to run as root.
 *
 *   const pg = await startPostgres();          // in beforeAll
 *   pg.connectionString                        // postgres://kept:<password>@127.0.0.1:<port>/postgres
 *   await pg.stop();                           // in afterAll
 *
 * Binaries are looked for on PATH and under /usr/lib/postgresql/<version>/bin. Where none is found,
 * `postgresMissing()` says why: tests skip locally but FAIL when the CI variable is set.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './influxd.ts';
import { spawnLogged } from './server-process.ts';

export interface RunningPostgres {
  readonly url: string;
  readonly connectionString: string;
  readonly user: string;
  readonly password: string;
  readonly port: number;
  readonly pid: number;
  log(): string;
  stop(): Promise<void>;
}

/** The directory holding initdb and postgres, or undefined. */
export function postgresBinDir(): string | undefined {
  const candidates = [
    ...(process.env.PATH ?? '').split(':').filter((dir) => dir !== ''),
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => `/usr/lib/postgresql/${version}/bin`)
      : []),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
}

/** Why PostgreSQL cannot run here, or undefined. Throws instead when `CI` is set: CI must install it, never skip. */
export function postgresMissing(): string | undefined {
  if (postgresBinDir() !== undefined) return undefined;
  const why = 'PostgreSQL is not installed (apt-get install --no-install-recommends postgresql)';
  if (process.env.CI) throw new Error(`${why}: integration tests must not be skipped in CI`);
  return why;
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root, and there is neither a postgres nor a nobody user to run PostgreSQL as');
}

export async function startPostgres(options: { readyTimeoutMs?: number } = {}): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error('PostgreSQL binaries not found');
  const dir = mkdtempSync(join(tmpdir(), 'kept-postgres-'));
  const as = runAs();
  if (as !== undefined) chownSync(dir, as.uid, as.gid);
  const user = 'kept';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (as !== undefined) chownSync(pwfile, as.uid, as.gid);
  const init = spawnSync(
    join(bin, 'initdb'),
    [
      '-D',
      join(dir, 'data'),
      '-U',
      user,
      '--auth=scram-sha-256',
      `--pwfile=${pwfile}`,
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ],
    { encoding: 'utf8', ...(as ?? {}) },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout || String(init.error)}`);
  }
  const port = await freePort();
  const { child, log, stop } = spawnLogged(
    join(bin, 'postgres'),
    [
      '-D',
      join(dir, 'data'),
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
    ],
    {
      dir,
      logName: 'postgres.log',
      signal: 'SIGINT', // fast shutdown
      killAfterMs: 10_000,
      beforeSpawn: (logPath) => {
        if (as !== undefined) chownSync(logPath, as.uid, as.gid);
      },
      ...(as === undefined ? {} : { spawnOptions: as }),
    },
  );
  const connectionString = `postgres://${user}:${password}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    const client = new pg.Client({ connectionString });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`postgres did not start: ${String(error)}\n${log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url: `postgres://127.0.0.1:${port}`,
    connectionString,
    user,
    password,
    port,
    pid: child.pid ?? -1,
    log,
    stop,
  };
}
