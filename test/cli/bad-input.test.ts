import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLACEHOLDER_ENV } from '../../src/adapters/catalogue/demo-env.ts';
import { spawnKept } from '../support/spawn-kept.ts';

/** What a person sees: the exit code and stderr, which must be one `kept: …` sentence and never a stack trace. */
async function keptFails(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stderr: string }> {
  const kept = spawnKept(args, env);
  const code = await kept.exited();
  const stderr = kept.output().split('\n--- stderr ---\n')[1] ?? '';
  return {
    code,
    stderr: stderr
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('{'))
      .join('\n'),
  };
}

const expectOneSentence = (stderr: string, pattern: RegExp): void => {
  expect(stderr.split('\n'), stderr).toHaveLength(1);
  expect(stderr).toMatch(/^kept: /);
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
};

const data = mkdtempSync(join(tmpdir(), 'kept-bad-input-'));
const aFile = join(data, 'not-a-folder');
writeFileSync(aFile, 'x');
const DEMO = ['-c', 'probes/demo.yaml'];

describe('kept refuses bad flags with exit 3 and one sentence', () => {
  it.each([
    ['a port that is not a number', ['run', ...DEMO, '--port', 'abc'], /--port.*'abc' is invalid.*whole number from 0/],
    ['a port out of range', ['run', ...DEMO, '--port', '70000'], /--port.*'70000' is invalid/],
    [
      'an inbound SMTP port out of range',
      ['run', ...DEMO, '--email-inbound-port', '-1'],
      /--email-inbound-port.*'-1' is invalid/,
    ],
    ['a demo speed of zero', ['demo', '--speed', '0'], /--speed.*'0' is invalid.*greater than zero/],
    [
      'a malformed duration in --since',
      ['verdicts', ...DEMO, '--since', '7x'],
      /--since.*'7x' is invalid.*not a duration/,
    ],
    [
      'a negative duration in signoff --since',
      ['signoff', 'probes/examples/sample-page.html', ...DEMO, '--since', '-3d'],
      /--since/,
    ],
    ['an unknown store', ['verdicts', ...DEMO, '--store', 'mongo'], /--store.*'mongo' is invalid.*sqlite, influx/],
    [
      'an unknown log level',
      ['run', ...DEMO, '--log-level', 'debug'],
      /--log-level.*'debug' is invalid.*info, warn, error/,
    ],
    [
      'an unknown log format',
      ['run', ...DEMO, '--log-format', 'yaml'],
      /--log-format.*'yaml' is invalid.*json, pretty/,
    ],
    ['--data pointing at a file', ['verdicts', ...DEMO, '--data', aFile], /--data .*not-a-folder is not a folder/],
    ['--data below a file', ['verdicts', ...DEMO, '--data', join(aFile, 'below')], /--data .*is not a folder/],
    ['an unknown flag', ['verdicts', ...DEMO, '--colour'], /unknown option '--colour'/],
    ['an unknown command', ['verdict'], /unknown command 'verdict'/],
    ['a missing required flag', ['verdicts'], /required option '-c, --catalogue <files...>' not specified/],
  ])('%s', async (_name, args, pattern) => {
    const { code, stderr } = await keptFails(args, DEMO_PLACEHOLDER_ENV);
    expect(code, stderr).toBe(3);
    expectOneSentence(stderr, pattern);
  });
});

describe('kept exits 4 with one sentence when what it needs is unavailable', () => {
  let holder: Server;
  let port: number;
  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    port = (holder.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('a port another program holds', async () => {
    const inbound = ['--email-inbound-domain', 'customers.kept.invalid', '--email-inbound-port', '0'];
    const args = ['run', ...DEMO, '--port', String(port), '--data', mkdtempSync(join(data, 'run-')), ...inbound];
    const { code, stderr } = await keptFails(args, DEMO_PLACEHOLDER_ENV);
    expect(code, stderr).toBe(4);
    expectOneSentence(
      stderr,
      new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: another program is using that port`),
    );
  });
});
