import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadCatalogueOrThrow } from '../../../src/cli/catalogue-input.ts';
import { REPO_ROOT, spawnKept } from '../../support/spawn-kept.ts';

/**
 * `kept export openslo` output, from the real CLI in a clean environment (no probe addresses or secrets), checked
 * against Kept's schema of OpenSLO v1 (test/fixtures/openslo/README.md says which spec sections it follows).
 */
const schema = JSON.parse(readFileSync(`${REPO_ROOT}test/fixtures/openslo/openslo-v1.schema.json`, 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

interface Doc {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

async function exportOpenSlo(catalogue: string): Promise<Doc[]> {
  const kept = spawnKept(['export', 'openslo', '-c', catalogue], {}, { environment: 'clean' });
  const code = await kept.exited();
  expect(code, kept.output()).toBe(0);
  const stdout = kept.output().split('\n--- stderr ---\n')[0] as string;
  return parseAllDocuments(stdout).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as Doc;
  });
}

const errorsOf = (doc: unknown): string[] =>
  validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);

describe.each(['probes/demo.yaml', 'probes/examples/acme.yaml'])('kept export openslo -c %s', (catalogue) => {
  let docs: Doc[];
  let claimIds: string[];
  beforeAll(async () => {
    docs = await exportOpenSlo(catalogue);
    claimIds = (await loadCatalogueOrThrow([`${REPO_ROOT}${catalogue}`], {}, 'judge')).claims.map((claim) => claim.id);
  });

  it('writes only documents the OpenSLO v1 schema accepts', () => {
    expect(docs.length).toBeGreaterThan(claimIds.length * 2);
    for (const doc of docs) expect(errorsOf(doc), `${doc.kind} ${doc.metadata.name}`).toEqual([]);
  });

  it('writes an SLO and an SLI for every claim', () => {
    const sloClaims = docs.filter((d) => d.kind === 'SLO').map((d) => d.metadata.annotations?.['kept.dev/claim']);
    const sliClaims = docs.filter((d) => d.kind === 'SLI').map((d) => d.metadata.annotations?.['kept.dev/claim']);
    expect(sloClaims).toEqual(claimIds);
    expect(sliClaims).toEqual(claimIds);
  });

  it('refers only to objects it writes, and names each object once per kind', () => {
    const named = (kind: string): string[] => docs.filter((d) => d.kind === kind).map((d) => d.metadata.name);
    for (const kind of ['Service', 'SLI', 'SLO', 'AlertPolicy', 'AlertNotificationTarget']) {
      expect(new Set(named(kind)).size, kind).toBe(named(kind).length);
    }
    for (const slo of docs.filter((d) => d.kind === 'SLO')) {
      expect(named('Service')).toContain(slo.spec.service);
      expect(named('SLI')).toContain(slo.spec.indicatorRef);
      const refs = (slo.spec.alertPolicies as { alertPolicyRef: string }[] | undefined) ?? [];
      for (const ref of refs) expect(named('AlertPolicy')).toContain(ref.alertPolicyRef);
    }
    for (const policy of docs.filter((d) => d.kind === 'AlertPolicy')) {
      for (const target of policy.spec.notificationTargets as { targetRef: string }[]) {
        expect(named('AlertNotificationTarget')).toContain(target.targetRef);
      }
    }
  });
});

it('-o writes the same documents to a file and says where', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'kept-openslo-')), 'slos.yaml');
  const kept = spawnKept(['export', 'openslo', '-c', 'probes/demo.yaml', '-o', file], {}, { environment: 'clean' });
  expect(await kept.exited(), kept.output()).toBe(0);
  expect(kept.output()).toContain(`wrote ${file}`);
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS() as Doc);
  expect(docs).toEqual(await exportOpenSlo('probes/demo.yaml'));
});

describe('the OpenSLO schema rejects documents that break the spec', () => {
  let good: Doc[];
  beforeAll(async () => {
    good = await exportOpenSlo('probes/examples/acme.yaml');
  });
  const first = (kind: string): Doc => structuredClone(good.find((d) => d.kind === kind) as Doc);

  it.each<[string, string, (doc: Doc) => void]>([
    ['an SLO name with capitals', 'SLO', (d) => (d.metadata.name = 'Chat-Human')],
    ['an SLO name longer than 63 characters', 'SLO', (d) => (d.metadata.name = 'a'.repeat(64))],
    ['a target of 1', 'SLO', (d) => ((d.spec.objectives as { target: number }[])[0]!.target = 1)],
    [
      'target and targetPercent together',
      'SLO',
      (d) => Object.assign((d.spec.objectives as object[])[0]!, { targetPercent: 95 }),
    ],
    ['a duration in seconds', 'SLO', (d) => ((d.spec.timeWindow as { duration: string }[])[0]!.duration = '90s')],
    [
      'two time windows',
      'SLO',
      (d) =>
        (d.spec.timeWindow = [
          { duration: '7d', isRolling: true },
          { duration: '1d', isRolling: true },
        ]),
    ],
    [
      'a calendar window without its time zone',
      'SLO',
      (d) => (d.spec.timeWindow = [{ duration: '1M', calendar: { startTime: '2026-01-01 00:00:00' } }]),
    ],
    ['an unknown budgeting method', 'SLO', (d) => (d.spec.budgetingMethod = 'Events')],
    ['both indicator and indicatorRef', 'SLO', (d) => (d.spec.indicator = { metadata: { name: 'x' }, spec: {} })],
    ['no objectives', 'SLO', (d) => (d.spec.objectives = [])],
    ['Timeslices without a time-slice target', 'SLO', (d) => (d.spec.budgetingMethod = 'Timeslices')],
    ['a misspelt field', 'SLO', (d) => (d.spec.indicatorRefs = 'x')],
    [
      'an SLI with both good and bad',
      'SLI',
      (d) => Object.assign(d.spec.ratioMetric as object, { bad: (d.spec.ratioMetric as { good: unknown }).good }),
    ],
    ['an SLI ratio without total', 'SLI', (d) => delete (d.spec.ratioMetric as { total?: unknown }).total],
    [
      'a metric source with neither type nor reference',
      'SLI',
      (d) => delete (d.spec.ratioMetric as { good: { metricSource: { type?: string } } }).good.metricSource.type,
    ],
    [
      'an alert policy with two conditions',
      'AlertPolicy',
      (d) => (d.spec.conditions = [...(d.spec.conditions as object[]), ...(d.spec.conditions as object[])]),
    ],
    ['an alert policy without notification targets', 'AlertPolicy', (d) => (d.spec.notificationTargets = [])],
    [
      'an alert condition of another kind',
      'AlertPolicy',
      (d) => ((d.spec.conditions as { spec: { condition: { kind: string } } }[])[0]!.spec.condition.kind = 'threshold'),
    ],
    [
      'an alertAfter of 0m',
      'AlertPolicy',
      (d) =>
        ((d.spec.conditions as { spec: { condition: { alertAfter: string } } }[])[0]!.spec.condition.alertAfter = '0m'),
    ],
    ['another apiVersion', 'Service', (d) => Object.assign(d, { apiVersion: 'openslo/v2alpha' })],
  ])('%s', (_name, kind, breakIt) => {
    const doc = first(kind);
    expect(errorsOf(doc)).toEqual([]);
    breakIt(doc);
    expect(errorsOf(doc)).not.toEqual([]);
  });
});
