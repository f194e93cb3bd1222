/**
 * Starts SIPp (Debian `sip-tester`) on loopback as a stand-in hotline for integration tests: a UAS scenario from
 * test/fixtures/sipp, its own temp dir as working directory (logs, and `hotline.wav` when audio is to be played),
 * free ports for SIP, media and RTP streams, millisecond timer resolution, stopped by PID.
 *
 *   const sipp = await startSipp({ scenario: 'answer.xml', set: { ringms: 1500, holdms: 5000 } });
 *   ... probe sipp.uri ...
 *   await sipp.stop();
 *
 * `sippMissing()` says why SIPp cannot run here; it throws instead when `CI` is set: CI must install it, never skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SIPP_FIXTURES = resolve(import.meta.dirname, '../fixtures/sipp');

export function sippMissing(): string | undefined {
  const probe = spawnSync('sipp', ['-v'], { encoding: 'utf8' });
  if (probe.error === undefined && /SIPp v3/.test(`${probe.stdout}${probe.stderr}`)) return undefined;
  const why = 'sipp is not installed (apt-get install --no-install-recommends sip-tester)';
  if (process.env.CI) throw new Error(`${why}: integration tests must not be skipped in CI`);
  return why;
}

/** A loopback port free for both TCP and UDP a moment ago. */
export async function freeSipPort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((done, fail) => {
      const server = createServer();
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => done(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    if (await udpFree(port)) return port;
  }
}

/**
 * SIPp binds its media port and the ports above it (audio RTP, and video RTP at +2): the whole block must be free and
 * must not hold the SIP or control port. A free port is only free until someone binds it, so a start that still
 * clashes is retried (`startSipp`).
 */
const MEDIA_BLOCK = 4;

async function freeMediaBlock(taken: readonly number[]): Promise<number> {
  for (;;) {
    const base = await freeSipPort();
    const block = Array.from({ length: MEDIA_BLOCK }, (_, offset) => base + offset);
    if (block.at(-1)! > 65_535 || block.some((port) => taken.includes(port))) continue;
    if ((await Promise.all(block.slice(1).map(udpFree))).every(Boolean)) return base;
  }
}

/** How many times a start that lost a port to another process is tried on fresh ports. */
const START_ATTEMPTS = 3;

function udpFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createSocket('udp4');
    socket.once('error', () => done(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => done(true)));
  });
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

export interface SippOptions {
  /** A file in test/fixtures/sipp, or an absolute path. */
  readonly scenario: string;
  /** `-set name value` for the scenario's global variables. */
  readonly set?: Readonly<Record<string, string | number>>;
  readonly transport?: 'udp' | 'tcp';
  /** Audio for `rtp_stream="hotline.wav"`: WAV bytes (8 kHz μ-law) or a file to copy. */
  readonly wav?: Uint8Array | string;
  /** Text replacements applied to the scenario before use (SIPp checks status codes at load time). */
  readonly replace?: Readonly<Record<string, string>>;
  /** Log every message with SIPp's timestamps (`messages()`). */
  readonly traceMessages?: boolean;
  /** Calls to handle before SIPp exits. Default 1. */
  readonly maxCalls?: number;
  /** The media port of the first start (a test pins it to see a clash retried); later starts choose their own. */
  readonly mediaPort?: number;
}

export interface SippMessage {
  /** SIPp's wall clock, epoch ms with microseconds. */
  readonly atMs: number;
  readonly direction: 'in' | 'out';
  /** `INVITE sip:…` or `SIP/2.0 200 OK`. */
  readonly firstLine: string;
  readonly callId: string;
}

/** Parses SIPp's `-trace_msg` log: blocks headed by a dashed line with the time, then "message received/sent". */
export function parseSippMessages(text: string): SippMessage[] {
  const messages: SippMessage[] = [];
  for (const block of text.split(/^-{20,} /m).slice(1)) {
    const lines = block.split('\n');
    const when =
      Date.parse(`${lines[0]?.trim().replace(' ', 'T').slice(0, 23)}`) +
      Number(`0.${(lines[0]?.trim().split('.')[1] ?? '0').slice(3)}`);
    const direction = /message received/.test(lines[1] ?? '') ? 'in' : 'out';
    const body = lines.slice(2).filter((line) => line.trim() !== '');
    const callId =
      body
        .find((line) => /^(call-id|i)\s*:/i.test(line))
        ?.replace(/^[^:]*:\s*/, '')
        .trim() ?? '';
    messages.push({ atMs: when, direction, firstLine: body[0]?.trim() ?? '', callId });
  }
  return messages;
}

export interface Sipp {
  readonly uri: string;
  readonly port: number;
  readonly dir: string;
  readonly pid: number;
  /** Which start this is: 1, or 2 and 3 after SIPp lost a port to another process and was started again. */
  readonly attempt: number;
  /** SIPp's error log and screen output, for failure messages. */
  log(): string;
  /** The messages SIPp logged (with `traceMessages`), timed by SIPp's own clock; complete once SIPp has exited. */
  messages(): SippMessage[];
  /** Resolves with SIPp's exit code (0: every call went as the scenario says). */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function startSipp(options: SippOptions): Promise<Sipp> {
  return launchSipp(options, 1);
}

async function launchSipp(options: SippOptions, attempt: number): Promise<Sipp> {
  const dir = mkdtempSync(join(tmpdir(), 'kept-sipp-'));
  let scenario = options.scenario.startsWith('/') ? options.scenario : join(SIPP_FIXTURES, options.scenario);
  if (options.replace !== undefined) {
    let text = readFileSync(scenario, 'utf8');
    for (const [from, to] of Object.entries(options.replace)) text = text.split(from).join(to);
    scenario = join(dir, 'scenario.xml');
    writeFileSync(scenario, text);
  }
  if (options.wav !== undefined) {
    writeFileSync(join(dir, 'hotline.wav'), typeof options.wav === 'string' ? readFileSync(options.wav) : options.wav);
  }
  const port = await freeSipPort();
  let control = await freeSipPort();
  while (control === port) control = await freeSipPort();
  const media =
    attempt === 1 && options.mediaPort !== undefined ? options.mediaPort : await freeMediaBlock([port, control]);
  const transport = options.transport ?? 'udp';
  const args = [
    '-sf',
    scenario,
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    '-t',
    transport === 'tcp' ? 't1' : 'u1',
    '-mp',
    String(media),
    '-cp',
    String(control),
    '-m',
    String(options.maxCalls ?? 1),
    '-timer_resol',
    '1',
    '-nostdin',
    '-trace_err',
  ];
  if (options.traceMessages === true) args.push('-trace_msg');
  for (const [name, value] of Object.entries(options.set ?? {})) args.push('-set', name, String(value));
  const out = openSync(join(dir, 'sipp.out'), 'a');
  const child: ChildProcess = spawn('sipp', args, { cwd: dir, stdio: ['ignore', out, out] });
  closeSync(out);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const log = (): string => {
    const files = existsSync(dir)
      ? readdirSync(dir).filter((name) => name.endsWith('.log') || name === 'sipp.out')
      : [];
    return files.map((name) => `--- ${name}\n${readFileSync(join(dir, name), 'utf8').slice(-3_000)}`).join('\n');
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(
        () => child.exitCode === null && child.pid !== undefined && process.kill(child.pid, 'SIGKILL'),
        2_000,
      );
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 5_000;
  for (;;) {
    if (child.exitCode !== null) {
      const text = log();
      await stop();
      if (/errno = 98|Address already in use/.test(text) && attempt < START_ATTEMPTS) {
        return launchSipp(options, attempt + 1);
      }
      throw new Error(`sipp exited (${child.exitCode}) before listening:\n${text}`);
    }
    const ready = transport === 'tcp' ? await tcpOpen(port) : !(await udpFree(port));
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error('sipp did not start listening within 5 s');
    }
    await new Promise((done) => setTimeout(done, 20));
  }
  const messages = (): SippMessage[] =>
    readdirSync(dir)
      .filter((name) => name.endsWith('_messages.log'))
      .flatMap((name) => parseSippMessages(readFileSync(join(dir, name), 'utf8')));
  return {
    uri: `sip:hotline@127.0.0.1:${port}${transport === 'tcp' ? ';transport=tcp' : ''}`,
    port,
    dir,
    pid: child.pid ?? -1,
    attempt,
    log,
    messages,
    exited,
    stop,
  };
}
