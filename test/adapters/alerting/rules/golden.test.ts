import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_RULES, loadDemoCatalogue } from '../../../../src/adapters/alerting/rules/demo-rules.ts';
import { generateRules } from '../../../../src/adapters/alerting/rules/generate-rules.ts';
import { writeRules } from '../../../../src/adapters/alerting/rules/write-rules.ts';
import type { Catalogue } from '../../../../src/domain/catalogue.ts';
import { promtool, promtoolInstalled, skipPromtool } from './promtool.support.ts';
import { businessHours, catalogue, claim, probe, share } from './rules.fixtures.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const ALERTS = join(ROOT, DEMO_RULES.outDir);
const REGENERATE = 'regenerate with `node --import tsx scripts/generate-rules.ts` (or `kept rules`)';

async function demoCatalogue(): Promise<Catalogue> {
  const result = await loadDemoCatalogue(ROOT);
  if (!result.ok) throw new Error(`probes/demo.yaml does not load: ${JSON.stringify(result.diagnostics)}`);
  return result.catalogue;
}

const ruleFiles = async (): Promise<string[]> => (await readdir(ALERTS)).filter((f) => f.endsWith('.yml')).sort();
const testFiles = async (): Promise<string[]> =>
  (await readdir(join(ALERTS, 'tests')))
    .filter((f) => f.endsWith('.test.yml'))
    .sort()
    .map((f) => join('tests', f));

describe('the committed alerts/ files', () => {
  it('are byte for byte what the generator makes from probes/demo.yaml', async () => {
    const generated = generateRules(await demoCatalogue(), DEMO_RULES.options);
    expect(await ruleFiles(), `alerts/ holds rule files the generator does not make; ${REGENERATE}`).toEqual(
      generated.map((g) => g.file).sort(),
    );
    for (const { file, yaml } of generated) {
      expect(await readFile(join(ALERTS, file), 'utf8'), `alerts/${file} is stale; ${REGENERATE}`).toBe(yaml);
    }
  });

  it('cover the promised scenarios with promtool test files', async () => {
    const text = (await Promise.all((await testFiles()).map((f) => readFile(join(ALERTS, f), 'utf8')))).join('\n');
    const alertnames = [
      'KeptClaimBroken',
      'KeptClaimBurnRateSlow',
      'KeptDown',
      'KeptStoreFailing',
      'KeptProbeSilent',
      'KeptClaimUnprobed',
      'KeptClaimWitnessDiscrepancy',
    ];
    for (const alertname of alertnames) {
      expect(text).toContain(`alertname: ${alertname}`);
    }
  });
});

describe.skipIf(skipPromtool)('promtool', () => {
  const scratch: string[] = [];
  afterAll(async () => {
    await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("is installed (CI must install Debian's prometheus package)", () => {
    expect(promtoolInstalled(), 'promtool is missing: apt-get install --no-install-recommends prometheus').toBe(true);
  });

  it('accepts the committed rule files, lint included: promtool check rules --lint-fatal alerts/*.yml', async () => {
    const run = await promtool(['check', 'rules', '--lint-fatal', ...(await ruleFiles())], ALERTS);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('SUCCESS');
    expect(run.output).not.toContain('FAILED');
  });

  it('passes every unit test: promtool test rules alerts/tests/*.test.yml', { timeout: 180_000 }, async () => {
    // One promtool per file, in parallel: each file replays hours of series and takes seconds on its own.
    const files = await testFiles();
    expect(files.length).toBeGreaterThanOrEqual(3);
    const runs = await Promise.all(files.map((file) => promtool(['test', 'rules', file], ALERTS)));
    runs.forEach((run, i) => {
      expect(run.code, `${files[i]}:\n${run.output}`).toBe(0);
      expect(run.output).toContain('SUCCESS');
    });
  });

  it('accepts rules for claims unlike the demo: capped burn rates, odd copy, sparse and office-hours probes', async () => {
    const cat = catalogue(
      [
        claim({ id: 'phone-always', copy: 'Call us: "always" a person, 24/7 # no bots', channels: ['phone'] }),
        claim({ id: 'chat-office-90', hours: businessHours('America/New_York'), target: share(0.9) }),
        claim({
          id: 'email-999',
          owner: 'email-team',
          channels: ['email'],
          target: share(0.999),
          promise: { kind: 'reply', withinMs: 14_400_000 },
        }),
        claim({ id: 'unverified', target: share(0.95) }),
      ],
      [
        probe('sip-every-10', ['phone-always'], { cron: '*/10 * * * *' }),
        probe('chat-office', ['chat-office-90'], { cron: '*/15 9-17 * * mon-fri', timeZone: 'America/New_York' }),
        probe('email-hourly', ['email-999'], { cron: '0 * * * *', timeoutMs: 3_600_000 }),
      ],
      'Odd Shop, Inc.',
    );
    const dir = await mkdtemp(join(tmpdir(), 'kept-rules-'));
    scratch.push(dir);
    const written = await writeRules(cat, dir, {
      runbookBaseUrl: 'https://runbooks.kept.invalid/x/',
      job: 'kept-prod',
    });
    const run = await promtool(['check', 'rules', '--lint-fatal', ...written], dir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toContain('FAILED');
    expect(run.output).toMatch(/SUCCESS: \d+ rules found/);
  });
});
