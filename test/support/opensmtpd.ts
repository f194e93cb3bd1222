/**
 * Starts a real OpenSMTPD (Debian `opensmtpd`) on a free loopback port as the MTA of the mail tests: recipients listed
 * in `local` are delivered to dovecot over LMTP (with a virtual-users table; without one every recipient is refused),
 * domains in `relays` are relayed to an SMTP host (Kept's inbound endpoint, the desk's front door), everything else is
 * refused. Its log (`smtpd -d -v`) is collected with arrival stamps, so tests can read when it accepted a message.
 *
 * OpenSMTPD's spool (/var/spool/smtpd) and control socket (/run/smtpd.sock) are compiled in, so two instances would
 * share them. Each instance therefore runs in its own mount namespace (`unshare --mount`) with both bind-mounted to
 * its temp dir. Where namespaces are not allowed, instances take turns through a lock directory and the spool is
 * emptied first. OpenSMTPD needs root; `opensmtpdMissing()` says why it cannot run (tests skip locally, FAIL in CI).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stampedLines, waitForLine, waitForPort, type StampedLine } from './dovecot.ts';

export interface OpenSmtpdOptions {
  /** Default: a free port. */
  readonly port?: number;
  /** LMTP port of the dovecot the `local` recipients are delivered to. */
  readonly lmtpPort?: number;
  /** Addresses delivered to dovecot: address → dovecot user name. */
  readonly local?: Readonly<Record<string, string>>;
  /** Domains relayed to another SMTP server on loopback. */
  readonly relays?: readonly { readonly domain: string; readonly port: number }[];
}

export interface OpenSmtpd {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly dir: string;
  readonly lines: StampedLine[];
  /** The log line of the next message OpenSMTPD accepts from `sender` (an address, or a pattern), after `from` lines. */
  accepted(sender: string | RegExp, from?: number, timeoutMs?: number): Promise<StampedLine>;
  /**
   * The log line of the next successful delivery (to dovecot over LMTP, or relayed to another SMTP server) to
   * `recipient` after `from` lines: the moment a reply reached the persona's mailbox or MX.
   */
  delivered(recipient: string | RegExp, from?: number, timeoutMs?: number): Promise<StampedLine>;
  stop(): Promise<void>;
}

const SPOOL = '/var/spool/smtpd';
const LOCK = join(tmpdir(), 'kept-opensmtpd.lock');

export function opensmtpdMissing(): string | undefined {
  const found = spawnSync('smtpd', ['-h'], { encoding: 'utf8' });
  let why: string | undefined;
  if (found.error !== undefined) why = 'OpenSMTPD is not installed (apt-get install --no-install-recommends opensmtpd)';
  else if (process.getuid?.() !== 0) why = 'OpenSMTPD must run as root';
  if (why !== undefined && process.env.CI) throw new Error(`${why}: integration tests must not be skipped in CI`);
  return why;
}

let namespaces: boolean | undefined;
function namespacesWork(): boolean {
  namespaces ??= spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']).status === 0;
  return namespaces;
}

async function takeLock(): Promise<() => void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch {
      if (Date.now() > deadline) throw new Error(`another OpenSMTPD test holds ${LOCK}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function config(dir: string, port: number, options: OpenSmtpdOptions): string {
  const local = Object.entries(options.local ?? {});
  const lines: string[] = [];
  if (local.length > 0) {
    writeFileSync(join(dir, 'recipients'), local.map(([address]) => address).join('\n') + '\n');
    writeFileSync(join(dir, 'virtuals'), local.map(([address, user]) => `${address} ${user}`).join('\n') + '\n');
    // Deliveries run as an unprivileged user (OpenSMTPD will not deliver as root); LMTP needs no file access.
    const uid = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    writeFileSync(
      join(dir, 'userbase'),
      [...new Set(local.map(([, user]) => user))].map((u) => `${u} ${uid}:${gid}:${dir}/home`).join('\n') + '\n',
    );
    lines.push(
      `table rcpts file:${dir}/recipients`,
      `table vusers file:${dir}/virtuals`,
      `table vbase file:${dir}/userbase`,
    );
    lines.push(`action "local" lmtp "127.0.0.1:${options.lmtpPort}" rcpt-to virtual <vusers> userbase <vbase>`);
    lines.push('match from any for rcpt-to <rcpts> action "local"');
  }
  for (const [index, relay] of (options.relays ?? []).entries()) {
    lines.push(`action "relay${index}" relay host smtp+notls://127.0.0.1:${relay.port}`);
    lines.push(`match from any for domain "${relay.domain}" action "relay${index}"`);
  }
  lines.push(`listen on 127.0.0.1 port ${port}`);
  return lines.join('\n') + '\n';
}

export async function startOpenSmtpd(options: OpenSmtpdOptions): Promise<OpenSmtpd> {
  const dir = mkdtempSync(join(tmpdir(), 'kept-smtpd-'));
  for (const sub of ['spool', 'run', 'home']) mkdirSync(join(dir, sub));
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'spool'), 0o711);
  const port = options.port ?? (await freePort());
  const conf = join(dir, 'smtpd.conf');
  writeFileSync(conf, config(dir, port, options));
  for (const file of readdirSync(dir)) if (!['spool', 'run', 'home'].includes(file)) chmodSync(join(dir, file), 0o644);
  mkdirSync(SPOOL, { recursive: true, mode: 0o711 });
  let unlock: (() => void) | undefined;
  let child: ChildProcess;
  if (namespacesWork()) {
    const script = 'mount --bind "$1" /var/spool/smtpd && mount --bind "$2" /run && exec smtpd -d -v -f "$3"';
    child = spawn(
      'unshare',
      ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', join(dir, 'spool'), join(dir, 'run'), conf],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  } else {
    unlock = await takeLock();
    for (const entry of readdirSync(SPOOL)) rmSync(join(SPOOL, entry), { recursive: true, force: true });
    child = spawn('smtpd', ['-d', '-v', '-f', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  }
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
    unlock?.();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, 15_000, () => lines.map((l) => l.text).join('\n'));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    dir,
    lines,
    accepted: (sender, from = 0, timeoutMs = 10_000) => {
      const who = typeof sender === 'string' ? sender.replace(/[.+]/g, '\\$&') : sender.source;
      return waitForLine(lines, new RegExp(`smtp envelope evpid=\\S+ from=<${who}>`), timeoutMs, from);
    },
    delivered: (recipient, from = 0, timeoutMs = 10_000) => {
      const who = typeof recipient === 'string' ? recipient.replace(/[.+]/g, '\\$&') : recipient.source;
      return waitForLine(
        lines,
        new RegExp(`(mda|mta) delivery evpid=\\S+ from=<[^>]*> to=<${who}> .*result="?Ok`),
        timeoutMs,
        from,
      );
    },
    stop,
  };
}
