/**
 * Starts a real dovecot (Debian `dovecot-imapd dovecot-lmtpd dovecot-sieve`) on loopback for integration tests:
 * passwd-file users, maildirs, IMAP and LMTP on free 127.0.0.1 ports, Sieve scripts per user (e.g. a vacation
 * auto-reply, sent through `submissionPort`), everything under a temp dir, stopped by PID.
 *
 *   const dovecot = await startDovecot({ users: [{ name: 'support', sieve: VACATION }], submissionPort });
 *   ... IMAP at 127.0.0.1:dovecot.imapPort, LMTP at dovecot.lmtpPort, user/password `name`/`secret` ...
 *   await dovecot.stop();
 *
 * The master runs in the foreground (`dovecot -F`) logging to a pipe; every log line is kept with the moment it
 * arrived (`lines`), so tests can read when a vacation response was sent. Where dovecot is missing,
 * `dovecotMissing()` says why: tests skip locally but FAIL when the CI variable is set.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { freePort } from './influxd.ts';

export { freePort };

/** A line a server logged, with the moment it arrived on our pipe. */
export interface StampedLine {
  readonly text: string;
  /** performance.now() when the line arrived. */
  readonly mono: number;
  /** Date.now() when the line arrived. */
  readonly at: number;
}

/** Collects a child's stdout and stderr lines, each stamped on arrival. */
export function stampedLines(child: ChildProcess): StampedLine[] {
  const lines: StampedLine[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const mono = performance.now();
      const at = Date.now();
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      for (const text of parts) lines.push({ text, mono, at });
    });
  }
  return lines;
}

/** Resolves once 127.0.0.1:port accepts connections; rejects if the child exits or the time runs out. */
export async function waitForPort(
  port: number,
  child: ChildProcess,
  timeoutMs: number,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until a line matching `pattern` has been logged (after `from` lines), and returns it. */
export async function waitForLine(
  lines: readonly StampedLine[],
  pattern: RegExp,
  timeoutMs: number,
  from = 0,
): Promise<StampedLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = lines.slice(from).find((line) => pattern.test(line.text));
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(
        `no log line matched ${pattern} within ${timeoutMs} ms:\n${lines
          .slice(-30)
          .map((l) => l.text)
          .join('\n')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface DovecotUser {
  readonly name: string;
  /** Default "secret". */
  readonly password?: string;
  /** A Sieve script run on delivery (active script). */
  readonly sieve?: string;
}

export interface Dovecot {
  readonly host: '127.0.0.1';
  readonly imapPort: number;
  readonly lmtpPort: number;
  readonly dir: string;
  /** Every log line with its arrival time (performance.now() and Date.now()). */
  readonly lines: StampedLine[];
  /** Files in a user's INBOX maildir (new and cur). */
  inboxFiles(user: string): string[];
  stop(): Promise<void>;
}

export function dovecotMissing(): string | undefined {
  const found = spawnSync('dovecot', ['--version'], { encoding: 'utf8' });
  const sieve = spawnSync('sievec', ['-h'], { encoding: 'utf8' });
  const lmtp = existsSync('/usr/lib/dovecot/lmtp');
  if (found.error === undefined && found.status === 0 && sieve.error === undefined && lmtp) return undefined;
  const why =
    'dovecot is not installed (apt-get install --no-install-recommends dovecot-imapd dovecot-lmtpd dovecot-sieve)';
  if (process.env.CI) throw new Error(`${why}: integration tests must not be skipped in CI`);
  return why;
}

function idOf(name: string, flag: '-u' | '-g'): number {
  const result = spawnSync('id', [flag, name], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`no system user ${name}`);
  return Number(result.stdout.trim());
}

function config(
  dir: string,
  imapPort: number,
  lmtpPort: number,
  submissionPort: number | undefined,
  accounts: { login: string; mail: string },
): string {
  return `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = /dev/stderr
info_log_path = /dev/stderr
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%n/Maildir
first_valid_uid = 1
default_internal_user = ${accounts.login}
default_login_user = ${accounts.login}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n ${dir}/users
}
userdb {
  driver = static
  args = uid=${accounts.mail} gid=${accounts.mail} home=${dir}/mail/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${lmtpPort}
  }
  unix_listener lmtp {
    mode = 0600
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
protocol lmtp {
  mail_plugins = sieve
  auth_username_format = %n
}
recipient_delimiter = +
lmtp_save_to_detail_mailbox = no
${submissionPort === undefined ? '' : `submission_host = 127.0.0.1:${submissionPort}`}
plugin {
  sieve = file:${dir}/sieve/%n;active=${dir}/sieve/%n.sieve
  sieve_vacation_min_period = 0
  sieve_vacation_dont_check_recipient = yes
  sieve_vacation_send_from_recipient = yes
  sieve_extensions = +vacation-seconds
}
`;
}

export async function startDovecot(options: {
  users: readonly DovecotUser[];
  submissionPort?: number;
}): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'kept-dovecot-'));
  const root = process.getuid?.() === 0;
  const login = root ? 'dovenull' : (spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim() as string);
  const mail = root ? 'dovecot' : login;
  for (const sub of ['run', 'state', 'mail', 'sieve']) mkdirSync(join(dir, sub));
  writeFileSync(
    join(dir, 'users'),
    options.users.map((u) => `${u.name}:{PLAIN}${u.password ?? 'secret'}`).join('\n') + '\n',
  );
  for (const user of options.users)
    if (user.sieve !== undefined) writeFileSync(join(dir, 'sieve', `${user.name}.sieve`), user.sieve);
  chmodSync(dir, 0o755);
  if (root) {
    const uid = idOf(mail, '-u');
    const gid = idOf(mail, '-g');
    for (const sub of ['mail', 'sieve']) {
      chownSync(join(dir, sub), uid, gid);
      for (const file of readdirSync(join(dir, sub))) chownSync(join(dir, sub, file), uid, gid);
    }
  }
  const imapPort = await freePort();
  const lmtpPort = await freePort();
  writeFileSync(join(dir, 'dovecot.conf'), config(dir, imapPort, lmtpPort, options.submissionPort, { login, mail }));
  const child: ChildProcess = spawn('dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = stampedLines(child);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(
        () => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'),
        5_000,
      );
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(imapPort, child, 15_000, () => lines.map((l) => l.text).join('\n'));
    await waitForPort(lmtpPort, child, 15_000, () => lines.map((l) => l.text).join('\n'));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host: '127.0.0.1',
    imapPort,
    lmtpPort,
    dir,
    lines,
    inboxFiles(user) {
      const base = join(dir, 'mail', user, 'Maildir');
      return ['new', 'cur'].flatMap((sub) => {
        try {
          return readdirSync(join(base, sub)).map((f) => join(base, sub, f));
        } catch {
          return [];
        }
      });
    },
    stop,
  };
}
