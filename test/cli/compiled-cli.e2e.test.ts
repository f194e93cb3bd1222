import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLACEHOLDER_ENV } from '../../src/adapters/catalogue/demo-env.ts';
import { REPO_ROOT } from '../support/spawn-kept.ts';

const run = promisify(execFile);
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** bin/kept.js as `npx kept` runs it: the build in dist/, no tsx. */
const kept = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, ['bin/kept.js', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...env },
    maxBuffer: 16 << 20,
  });

describe('the compiled CLI (dist/, as npm ci builds it)', () => {
  beforeAll(async () => {
    // Incremental: quick when `npm ci` (prepare) or an earlier run built it; the build must be of this source.
    await run('npm', ['run', 'build'], { cwd: REPO_ROOT });
  }, 300_000);

  it('answers --version and --help without tsx', async () => {
    const version = await kept(['--version']);
    expect(version.stdout.trim()).toBe(VERSION);
    expect(version.stderr).toBe(''); // no "running the source through tsx" notice: dist/ was used
    const help = await kept(['--help']);
    for (const command of ['validate', 'probe', 'run', 'verdicts', 'rules', 'demo', 'signoff'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it("validates the demo catalogue, with the channels' option schemas", async () => {
    const { stdout } = await kept(['validate', 'probes/demo.yaml'], DEMO_PLACEHOLDER_ENV);
    expect(stdout).toMatch(/^ok: 5 claims, 4 probes/);
    const bad = await kept(['validate', 'probes/demo.yaml'], {
      ...DEMO_PLACEHOLDER_ENV,
      KEPT_DESK_SMTP_PORT: 'many',
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in bad && bad.code).toBe(1);
    expect(bad.stderr).toMatch(/probes\/demo\.yaml:\d+:\d+: .*port/);
  });

  it('imports zod, yaml and commander from one bundled file each (scripts/vendor-bundle.mjs)', () => {
    const bare = /(\bfrom\s*|\bimport\s*\(\s*)['"](zod|yaml|commander)(\/[^'"]*)?['"]/;
    const importing = readdirSync(join(REPO_ROOT, 'dist'), { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.js') && !path.startsWith('vendor'))
      .filter((path) => bare.test(readFileSync(join(REPO_ROOT, 'dist', path), 'utf8')));
    expect(importing).toEqual([]);
    for (const name of ['zod', 'yaml', 'commander'])
      expect(readFileSync(join(REPO_ROOT, 'dist', 'vendor', `${name}.js`), 'utf8')).toMatch(/^export \{/m);
  });

  it('signs off copy with no probe settings in the environment', async () => {
    const result = await kept([
      'signoff',
      'probes/examples/sample-page.html',
      '-c',
      'probes/demo.yaml',
      '--data',
      mkdtempSync(join(tmpdir(), 'kept-compiled-')),
      '--json',
    ]).catch((error: { code: number; stdout: string }) => error);
    const code = 'code' in result ? result.code : 0;
    expect([0, 1, 2]).toContain(code);
    expect((JSON.parse(result.stdout) as { claims: unknown[] }).claims.length).toBeGreaterThan(0);
  });
});
