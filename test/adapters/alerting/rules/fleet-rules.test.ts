import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateRules } from '../../../../src/adapters/alerting/rules/generate-rules.ts';
import { writeRules } from '../../../../src/adapters/alerting/rules/write-rules.ts';
import { spawnKept } from '../../../support/spawn-kept.ts';
import { promtool, skipPromtool } from './promtool.support.ts';
import { catalogue, claim, probe } from './rules.fixtures.ts';

// `kept rules --fleet`: the probe fleet's alerts, checked by promtool (lint) and run by promtool's unit tests on
// series shaped as the service exports them (test/adapters/metrics/fleet.metrics.test.ts).

const fleetCatalogue = catalogue(
  [claim({ id: 'chat-uk', copy: 'UK chat: a person in 2 minutes' }), claim({ id: 'chat-eu' })],
  [
    { ...probe('chat-uk', ['chat-uk']), locations: ['uk'] },
    { ...probe('chat-both', ['chat-eu', 'chat-uk']), locations: ['eu', 'uk'] },
  ],
);
const OPTIONS = { runbookBaseUrl: 'https://runbooks.kept.invalid/alerts', fleet: true };

interface Group {
  name: string;
  rules: {
    alert: string;
    expr: string;
    for?: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  }[];
}
const groups = (fleet: boolean): Group[] =>
  (parse(generateRules(fleetCatalogue, { ...OPTIONS, fleet })[0]?.yaml ?? '') as { groups: Group[] }).groups;

describe('kept rules --fleet', () => {
  it('adds a kept-fleet group only when asked: no worker per location, queue lag, queue down', () => {
    expect(groups(false).map((g) => g.name)).not.toContain('kept-fleet');
    const fleet = groups(true).find((g) => g.name === 'kept-fleet');
    expect(fleet?.rules.map((r) => `${r.alert}${r.labels.location ? ` ${r.labels.location}` : ''}`)).toEqual([
      'KeptFleetNoWorker eu',
      'KeptFleetNoWorker uk',
      'KeptFleetQueueLag',
      'KeptFleetQueueDown',
    ]);
    const uk = fleet?.rules[1];
    expect(uk?.expr).toBe(
      'max by (job, location) (kept_fleet_worker_last_seen_timestamp_seconds{job="kept",location="uk"}) < time() - 300',
    );
    expect(uk?.labels).toEqual({ severity: 'page', claim: '*', owner: 'kept', location: 'uk' });
    // The claims measured from a location: those its probes verify (both probes run from uk, one from eu).
    expect(uk?.annotations.claims).toBe('chat-uk, chat-eu');
    expect(fleet?.rules[0]?.annotations.claims).toBe('chat-eu, chat-uk');
  });
});

describe('the kept rules command', () => {
  it('writes the kept-fleet group with --fleet, one KeptFleetNoWorker per location of the catalogue', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kept-rules-fleet-cli-'));
    try {
      const catalogueFile = join(dir, 'fleet.yaml');
      await writeFile(
        catalogueFile,
        [
          'version: kept/v1',
          'service: { name: Fleet CLI, timeZone: UTC }',
          'claims:',
          '  - { id: chat, copy: "Chat in 2 minutes", publishedAt: https://x.invalid, owner: ops, channels: [chat],',
          '      hours: 24/7, promise: { human: 2m }, target: 90% }',
          'probes:',
          '  - { id: chat, channel: chat-api, target: "ws://127.0.0.1:9/chat", schedule: { cron: "*/5 * * * *" },',
          '      verifies: [chat], locations: [uk, us-east], options: { transport: websocket } }',
          '',
        ].join('\n'),
      );
      const args = ['rules', '-c', catalogueFile, '--runbook-url', 'https://runbooks.invalid', '-o', dir, '--fleet'];
      const kept = spawnKept(args);
      expect(await kept.exited(), kept.output()).toBe(0);
      const yaml = await readFile(join(dir, 'kept-fleet-cli.rules.yml'), 'utf8');
      expect(yaml).toContain('name: kept-fleet');
      expect(yaml.match(/alert: KeptFleetNoWorker/g)?.length).toBe(2);
      expect(yaml).toContain('location="us-east"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

const UNIT_TESTS = `rule_files:
  - RULES
evaluation_interval: 1m
tests:
  - name: eu loses its last worker at 00:10; uk keeps one; the uk queue lags from 00:05; Redis unreadable from 00:06
    interval: 1m
    input_series:
      - series: 'kept_fleet_worker_last_seen_timestamp_seconds{job="kept",instance="k:9321",location="eu"}'
        values: '0+60x10 600x20'
      - series: 'kept_fleet_worker_last_seen_timestamp_seconds{job="kept",instance="k:9321",location="uk"}'
        values: '0+60x30'
      - series: 'kept_fleet_job_lag_seconds{job="kept",instance="k:9321",location="uk"}'
        values: '0x4 90x25'
      - series: 'kept_fleet_job_lag_seconds{job="kept",instance="k:9321",location="eu"}'
        values: '0x30'
      - series: 'kept_fleet_queue_up{job="kept",instance="k:9321"}'
        values: '1x5 0x25'
    alert_rule_test:
      - { eval_time: 14m, alertname: KeptFleetNoWorker, exp_alerts: [] }
      - eval_time: 20m
        alertname: KeptFleetNoWorker
        exp_alerts:
          - exp_labels: { severity: page, claim: '*', owner: kept, location: eu, job: kept }
            exp_annotations:
              summary: 'No Kept worker in eu since 1970-01-01 00:10:00 +0000 UTC'
              description: 'DESCRIPTION'
              claims: chat-eu, chat-uk
              copy: '"UK chat: a person in 2 minutes"; "Copy of chat-eu"'
              runbook_url: https://runbooks.kept.invalid/alerts#keptfleetnoworker
      - { eval_time: 8m, alertname: KeptFleetQueueLag, exp_alerts: [] }
      - eval_time: 12m
        alertname: KeptFleetQueueLag
        exp_alerts:
          - exp_labels: { severity: ticket, claim: '*', owner: kept, location: uk, job: kept }
            exp_annotations:
              summary: 'Probe runs wait 1m 30s in the uk queue'
              description: 'LAG'
              claims: chat-uk, chat-eu
              copy: '"UK chat: a person in 2 minutes"; "Copy of chat-eu"'
              runbook_url: https://runbooks.kept.invalid/alerts#keptfleetqueuelag
      - { eval_time: 6m, alertname: KeptFleetQueueDown, exp_alerts: [] }
      - eval_time: 9m
        alertname: KeptFleetQueueDown
        exp_alerts:
          - exp_labels: { severity: page, claim: '*', owner: kept, job: kept, instance: 'k:9321' }
            exp_annotations:
              summary: Kept cannot read its fleet queue in Redis for 2m
              description: 'DOWN'
              claims: chat-uk, chat-eu
              copy: '"UK chat: a person in 2 minutes"; "Copy of chat-eu"'
              runbook_url: https://runbooks.kept.invalid/alerts#keptfleetqueuedown
`;

describe.skipIf(skipPromtool)('kept rules --fleet under promtool', () => {
  const scratch: string[] = [];
  afterAll(async () => {
    await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('passes promtool check rules --lint-fatal and fires as its unit tests say', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kept-fleet-rules-'));
    scratch.push(dir);
    const [written] = await writeRules(fleetCatalogue, dir, OPTIONS);
    const file = basename(written ?? '');
    const check = await promtool(['check', 'rules', '--lint-fatal', file], dir);
    expect(check.code, check.output).toBe(0);
    expect(check.output).toContain('SUCCESS');
    const fleet = groups(true).find((g) => g.name === 'kept-fleet');
    const description = (alert: string): string =>
      JSON.stringify(
        fleet?.rules.find((r) => r.alert === alert && r.labels.location !== 'uk')?.annotations.description,
      );
    const tests = UNIT_TESTS.replace('RULES', file)
      .replace("'DESCRIPTION'", description('KeptFleetNoWorker'))
      .replace("'LAG'", description('KeptFleetQueueLag'))
      .replace("'DOWN'", description('KeptFleetQueueDown'));
    await writeFile(join(dir, 'fleet.test.yml'), tests);
    const run = await promtool(['test', 'rules', 'fleet.test.yml'], dir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('SUCCESS');
  });
});
