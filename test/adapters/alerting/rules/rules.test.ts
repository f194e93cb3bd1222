import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { burnThreshold, errorBudget } from '../../../../src/adapters/alerting/rules/burn-rate.ts';
import { generateRules, type RulesOptions } from '../../../../src/adapters/alerting/rules/generate-rules.ts';
import { promDuration } from '../../../../src/adapters/alerting/rules/promql.ts';
import { writeRules } from '../../../../src/adapters/alerting/rules/write-rules.ts';
import { METRIC } from '../../../../src/adapters/metrics/metric-names.ts';
import type { Catalogue } from '../../../../src/domain/catalogue.ts';
import { KeptError } from '../../../../src/domain/errors.ts';
import { businessHours, catalogue, claim, probe, share } from './rules.fixtures.ts';

interface ParsedRule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface ParsedGroup {
  name: string;
  rules: ParsedRule[];
}

const OPTIONS: RulesOptions = { runbookBaseUrl: 'https://runbooks.kept.invalid/alerts' };

function groupsOf(cat: Catalogue, options: RulesOptions = OPTIONS): ParsedGroup[] {
  const [file] = generateRules(cat, options);
  return (parse(file?.yaml ?? '') as { groups: ParsedGroup[] }).groups;
}

function group(cat: Catalogue, name: string, options?: RulesOptions): ParsedGroup {
  const found = groupsOf(cat, options).find((g) => g.name === name);
  if (found === undefined) throw new Error(`no group ${name}`);
  return found;
}

const alertNames = (g: ParsedGroup): string[] => g.rules.flatMap((r) => (r.alert === undefined ? [] : [r.alert]));
const alert = (g: ParsedGroup, name: string): ParsedRule => g.rules.find((r) => r.alert === name) as ParsedRule;

const alwaysAbsolute = claim({ id: 'chat-24-7', copy: '24/7 live chat with a real person' });
const officeShare = claim({
  id: 'chat-office',
  hours: businessHours(),
  promise: { kind: 'human', withinMs: 60_000 },
  target: share(0.95),
});
const mixed = catalogue([alwaysAbsolute, officeShare], [probe('desk-chat', ['chat-24-7', 'chat-office'])]);

describe('error budgets and burn thresholds', () => {
  it.each([
    ['an absolute claim has no budget: it pages on the first failure', { kind: 'absolute' } as const, null],
    ['a 95% claim may fail 5% of attempts', share(0.95), 0.05],
    ['a 99.9% claim may fail 0.1%, printed without float noise', share(0.999), 0.001],
    ['a 100% share is treated like an absolute claim', share(1), null],
  ])('%s', (_name, target, expected) => {
    expect(errorBudget(target)).toBe(expected);
  });

  it.each([
    ['14.4x of a 5% budget is a 72% error ratio', 14.4, 0.05, '> (14.4 * 0.05)'],
    ['1x of a 0.1% budget', 1, 0.001, '> (1 * 0.001)'],
    ['14.4x of a 10% budget is out of reach, so every attempt must fail', 14.4, 0.1, '>= 1'],
    ['6x of a 10% budget is still reachable', 6, 0.1, '> (6 * 0.1)'],
  ])('%s', (_name, factor, budget, expected) => {
    expect(burnThreshold(factor, budget)).toBe(expected);
  });

  it.each([
    [15 * 60_000, '15m'],
    [90 * 60_000, '90m'],
    [3_600_000, '1h'],
    [86_400_000, '1d'],
    [3 * 86_400_000, '3d'],
    [720_000, '12m'],
  ])('%i ms is written %s in PromQL', (ms, text) => {
    expect(promDuration(ms)).toBe(text);
  });
});

describe('generateRules', () => {
  it('gives an absolute claim an immediate page while in force, and no burn-rate alerts', () => {
    const g = group(mixed, 'kept-claim-chat-24-7');
    expect(alertNames(g)).toEqual(['KeptClaimBroken', 'KeptClaimUnprobed']);
    expect(g.rules.some((r) => r.record !== undefined)).toBe(false);
    const broken = alert(g, 'KeptClaimBroken');
    expect(broken.expr).toContain(
      'increase(kept_claim_attempts_total{job="kept",claim="chat-24-7",result="failed"}[30m])) > 0',
    );
    expect(broken.expr).toContain('kept_claim_in_force{job="kept",claim="chat-24-7"} == 1');
    expect(broken.labels).toEqual({ severity: 'page', claim: 'chat-24-7', owner: 'support-ops' });
  });

  it('gives a share claim error-ratio recording rules, a page and a ticket, and no immediate page', () => {
    const g = group(mixed, 'kept-claim-chat-office');
    expect(g.rules.flatMap((r) => (r.record === undefined ? [] : [r.record]))).toEqual(
      ['15m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => `kept:claim_error_ratio:rate${w}`),
    );
    expect(alertNames(g)).toEqual(['KeptClaimBurnRateFast', 'KeptClaimBurnRateSlow', 'KeptClaimUnprobed']);
    const fast = alert(g, 'KeptClaimBurnRateFast');
    expect(fast.labels?.['severity']).toBe('page');
    expect(fast.expr).toContain('kept:claim_error_ratio:rate1h{claim="chat-office"} > (14.4 * 0.05)');
    expect(fast.expr).toContain('kept:claim_error_ratio:rate15m{claim="chat-office"} > (14.4 * 0.05)');
    expect(fast.expr).toContain('kept:claim_error_ratio:rate6h{claim="chat-office"} > (6 * 0.05)');
    const slow = alert(g, 'KeptClaimBurnRateSlow');
    expect(slow.labels?.['severity']).toBe('ticket');
    expect(slow.expr).toContain('kept:claim_error_ratio:rate1d{claim="chat-office"} > (3 * 0.05)');
    expect(slow.expr).toContain('kept:claim_error_ratio:rate3d{claim="chat-office"} > (1 * 0.05)');
    expect(slow.expr).toContain('[3d])) >= 5');
  });

  it('shares alert names across claims and tells them apart by the claim label', () => {
    const other = claim({
      id: 'email-reply',
      owner: 'email-team',
      channels: ['email'],
      target: share(0.9),
      promise: { kind: 'reply', withinMs: 86_400_000 },
    });
    const cat = catalogue([officeShare, other], [probe('p', ['chat-office', 'email-reply'])]);
    const [office, email] = groupsOf(cat);
    expect(alertNames(office as ParsedGroup)).toEqual(alertNames(email as ParsedGroup));
    expect(alert(email as ParsedGroup, 'KeptClaimBurnRateFast').labels).toEqual({
      severity: 'page',
      claim: 'email-reply',
      owner: 'email-team',
    });
  });

  it('gives every alert severity, claim and owner labels, and summary, copy and runbook annotations', () => {
    for (const g of groupsOf(mixed)) {
      for (const rule of g.rules.filter((r) => r.alert !== undefined)) {
        expect(Object.keys(rule.labels ?? {})).toEqual(expect.arrayContaining(['severity', 'claim', 'owner']));
        expect(['page', 'ticket']).toContain(rule.labels?.['severity']);
        expect(Object.keys(rule.annotations ?? {})).toEqual(expect.arrayContaining(['summary', 'copy', 'runbook_url']));
        expect(rule.annotations?.['runbook_url']).toBe(
          `https://runbooks.kept.invalid/alerts#${(rule.alert as string).toLowerCase()}`,
        );
      }
    }
    expect(alert(group(mixed, 'kept-claim-chat-24-7'), 'KeptClaimBroken').annotations?.['copy']).toBe(
      '24/7 live chat with a real person',
    );
  });

  it('keeps copy with quotes, colons and hashes intact through YAML', () => {
    const copy = 'Chat: "a real person" # always, 100% of the time';
    const g = group(catalogue([claim({ id: 'c', copy })], []), 'kept-claim-c');
    expect(alert(g, 'KeptClaimBroken').annotations?.['copy']).toBe(copy);
  });

  it('pages from the watchdog when Kept is absent, when its store cannot write and when a probe stops running', () => {
    const g = group(mixed, 'kept-watchdog');
    expect(alertNames(g)).toEqual(['KeptDown', 'KeptStoreFailing', 'KeptProbeSilent']);
    const store = alert(g, 'KeptStoreFailing');
    expect(store.expr).toBe('min by (job, instance) (kept_store_healthy{job="kept"}) == 0');
    expect(store.for).toBe('2m');
    expect(store.labels).toEqual({ severity: 'page', claim: '*', owner: 'kept' });
    const down = alert(g, 'KeptDown');
    expect(down.expr).toBe('absent(kept_build_info{job="kept"})');
    expect(down.labels).toEqual({ severity: 'page', claim: '*', owner: 'kept' });
    const silent = alert(g, 'KeptProbeSilent');
    expect(silent.labels).toEqual({ severity: 'page', claim: '*', owner: 'kept', probe: 'desk-chat' });
    expect(silent.annotations?.['claims']).toBe('chat-24-7, chat-office');
  });

  it.each([
    [
      'every 4 minutes, 20s jitter, 3m timeout: 2 x 4m20s + 3m = 11m40s, rounded up',
      { cron: '*/4 * * * *' },
      '> 720',
      '[12m]',
    ],
    [
      'hourly, no jitter, 5m timeout: 2 x 60m + 5m',
      { cron: '0 * * * *', jitterMs: 0, timeoutMs: 300_000 },
      '> 7500',
      '[125m]',
    ],
  ])('times probe silence from its schedule: %s', (_name, schedule, threshold, range) => {
    const cat = catalogue([alwaysAbsolute], [probe('p', ['chat-24-7'], schedule)]);
    const silent = alert(group(cat, 'kept-watchdog'), 'KeptProbeSilent');
    expect(silent.expr).toContain(threshold);
    expect(silent.expr).toContain(range);
  });

  it.each([
    ['a probe every 4 minutes needs an hour (coverage is by hour of the week)', [{ cron: '*/4 * * * *' }], '[1h]'],
    [
      'an hourly probe needs the gap plus timeout: 60m + 20s + 3m, rounded up to 1h15m',
      [{ cron: '0 * * * *' }],
      '[75m]',
    ],
    ['the most frequent of several probes decides', [{ cron: '0 * * * *' }, { cron: '*/10 * * * *' }], '[1h]'],
    ['a claim no probe verifies still gets an hour', [], '[1h]'],
  ])('opens a coverage-gap ticket when %s', (_name, schedules, range) => {
    const probes = schedules.map((s, i) => probe(`p${i}`, ['chat-24-7'], s));
    const unprobed = alert(group(catalogue([alwaysAbsolute], probes), 'kept-claim-chat-24-7'), 'KeptClaimUnprobed');
    expect(unprobed.labels?.['severity']).toBe('ticket');
    expect(unprobed.expr).toContain(`result=~"met|failed"}${range})) == 0`);
    expect(unprobed.expr).toContain(`min_over_time(kept_claim_in_force{job="kept",claim="chat-24-7"}${range}) == 1`);
  });

  it('uses the job given in every selector of Kept metrics', () => {
    const [file] = generateRules(mixed, { ...OPTIONS, job: 'kept-eu' });
    const selectors = file?.yaml.match(/kept_[a-z_]+\{[^}]*\}/g) ?? [];
    expect(selectors.length).toBeGreaterThan(5);
    for (const s of selectors) expect(s).toContain('job="kept-eu"');
  });

  it('uses only metric names from the golden catalogue in src/adapters/metrics/metric-names.ts, and never hour()', () => {
    const exprs = groupsOf(mixed)
      .flatMap((g) => g.rules.map((r) => r.expr))
      .join('\n');
    const used = new Set(exprs.match(/\bkept_[a-z_]+/g) ?? []);
    expect(used.size).toBeGreaterThan(3);
    expect([...used].filter((name) => !(Object.values(METRIC) as string[]).includes(name))).toEqual([]);
    expect(exprs).not.toMatch(/\bhour\(/);
  });

  it('names the file after the service, or the name given, and starts with a generated-by header', () => {
    expect(generateRules(mixed, OPTIONS).map((f) => f.file)).toEqual(['kept-example-shop.rules.yml']);
    const [file] = generateRules(mixed, { ...OPTIONS, name: 'demo' });
    expect(file?.file).toBe('kept-demo.rules.yml');
    expect(file?.yaml.startsWith('# Generated by `kept rules` from the catalogue of Example Shop.')).toBe(true);
  });

  it('gives the same bytes for the same catalogue', () => {
    expect(generateRules(mixed, OPTIONS)).toEqual(generateRules(mixed, OPTIONS));
  });

  it('refuses to generate without a runbook base URL', () => {
    expect(() => generateRules(mixed, { runbookBaseUrl: ' ' })).toThrow(KeptError);
  });
});

describe('writeRules', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('writes the generated files into the folder, creating it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kept-rules-'));
    const out = join(dir, 'alerts');
    const written = await writeRules(mixed, out, OPTIONS);
    expect(written).toEqual([join(out, 'kept-example-shop.rules.yml')]);
    expect(await readFile(written[0] as string, 'utf8')).toBe(generateRules(mixed, OPTIONS)[0]?.yaml);
  });
});
