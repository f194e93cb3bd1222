import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEPT_COMMAND, keptEnv, REPO_ROOT, spawnKept } from '../support/spawn-kept.ts';

/** The kernel's pipe buffer on Linux: output cut at process exit stops at a multiple of it. */
const PIPE_BUFFER = 65_536;

/**
 * A reader slower than kept writes: 1 KiB at a time with a 10 ms pause, so kept finds the pipe full and has to wait for
 * it to drain (what a program such as `jq` on a busy machine does). It copies what it reads to the file named by its argument.
 */
const SLOW_READER = `
const { openSync, readSync, writeSync } = require('node:fs');
const out = openSync(process.argv[2], 'w');
const buffer = Buffer.alloc(1024);
const pause = new Int32Array(new SharedArrayBuffer(4));
for (let n; (n = readSync(0, buffer)) > 0; Atomics.wait(pause, 0, 0, 10)) writeSync(out, buffer, 0, n);
`;

/**
 * Runs kept with its stdout (or stderr) piped to a slow reader, as `kept verdicts --json | slow-program` would, and
 * returns the bytes the reader got and kept's exit code.
 */
async function throughSlowReader(
  args: readonly string[],
  stream: 'stdout' | 'stderr' = 'stdout',
): Promise<{ bytes: Buffer; code: number | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kept-pipe-'));
  const out = join(dir, 'out');
  writeFileSync(join(dir, 'reader.cjs'), SLOW_READER);
  // A real pipe made by the shell, as `kept … | program` is: kept's exit code is the pipeline's first.
  const quoted = [...KEPT_COMMAND, ...args].map((word) => `'${word}'`).join(' ');
  const redirect = stream === 'stdout' ? '2>"$ERR"' : '2>&1 >/dev/null';
  const script = `${quoted} ${redirect} | '${process.execPath}' "$READER" "$OUT"; exit \${PIPESTATUS[0]}`;
  const env = keptEnv({ ERR: join(dir, 'err'), READER: join(dir, 'reader.cjs'), OUT: out }, 'clean');
  const shell = spawn('bash', ['-c', script], { cwd: REPO_ROOT, env, stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve) => shell.once('exit', resolve));
  const stderr = stream === 'stdout' ? readFileSync(join(dir, 'err'), 'utf8') : '';
  return { bytes: readFileSync(out), code, stderr };
}

describe('kept writes its whole output before it exits', () => {
  it('verdicts --json through a pipe to a slow reader is complete and parses', async () => {
    const data = mkdtempSync(join(tmpdir(), 'kept-verdicts-'));
    const { bytes, code, stderr } = await throughSlowReader([
      'verdicts',
      '-c',
      'probes/demo.yaml',
      '--data',
      data,
      '--since',
      '7d',
      '--json',
    ]);
    expect(code, stderr).toBe(0);
    // Several pipe buffers' worth: the answer the issue saw cut at 65,536 bytes.
    expect(bytes.length).toBeGreaterThan(2 * PIPE_BUFFER);
    const parsed = JSON.parse(bytes.toString('utf8')) as { since: string; claims: { id: string; verdict: unknown }[] };
    expect(parsed.since).toBe('7d');
    expect(parsed.claims.map((c) => c.id)).toEqual(expect.arrayContaining(['chat-live-24-7', 'chat-business-hours']));
    expect(bytes.toString('utf8').endsWith('}\n')).toBe(true);
  });

  it('validate of a big invalid catalogue exits 1 with every problem, through a slow reader of stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kept-big-'));
    const file = join(dir, 'big.yaml');
    const CLAIMS = 1_000;
    const claim = (i: number): string =>
      `  - { id: c${i}, copy: "chat ${i}", publishedAt: x, owner: ops, channels: [chat], hours: 24/7, promise: { human: 2 minutes }, target: absolute }`;
    writeFileSync(
      file,
      [
        'version: kept/v1',
        'service: { name: Big, timeZone: UTC }',
        'claims:',
        ...Array.from({ length: CLAIMS }, (_, i) => claim(i)),
        '',
      ].join('\n'),
    );
    const { bytes, code } = await throughSlowReader(['validate', file], 'stderr');
    expect(code).toBe(1);
    expect(bytes.length).toBeGreaterThan(2 * PIPE_BUFFER);
    const lines = bytes.toString('utf8').trimEnd().split('\n');
    // The summary line, then two problems a claim (its promise; verified by no probe), each file:line:column.
    expect(lines[0]).toBe(`kept: the catalogue has ${2 * CLAIMS} problems; Kept will not start until they are fixed:`);
    expect(lines.slice(1)).toHaveLength(2 * CLAIMS);
    expect(lines.at(-1)).toMatch(new RegExp(`^${file}:${CLAIMS + 3}:\\d+: `));
  });

  it('a reader that stops early (| head) ends kept quietly, without a stack trace', async () => {
    const data = mkdtempSync(join(tmpdir(), 'kept-head-'));
    const reader = spawn('head', ['-c', '10'], { stdio: ['pipe', 'ignore', 'inherit'] });
    const kept = spawnKept(
      ['verdicts', '-c', 'probes/demo.yaml', '--data', data, '--json'],
      {},
      { environment: 'clean', stdout: reader.stdin! },
    );
    reader.stdin!.destroy();
    expect(await kept.exited()).toBe(0);
    expect(kept.output()).not.toMatch(/EPIPE|\n\s+at /);
  });
});
