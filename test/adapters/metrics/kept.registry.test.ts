import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createKeptMetrics, type KeptMetrics } from '../../../src/adapters/metrics/kept.metrics.ts';
import { KeptRegistry } from '../../../src/adapters/metrics/kept.registry.ts';
import type { Clock } from '../../../src/app/ports.ts';
import { evaluateClaim } from '../../../src/domain/evaluation/verdict.ts';
import { judge } from '../../../src/domain/judgement.ts';
import { chatObservation, demoLikeCatalogue } from '../../support/domain-fixtures.ts';
import { promtoolCheckMetrics } from '../../support/promtool.ts';

const SUNDAY_3AM = Date.parse('2026-11-22T03:00:00Z');
const MONDAY_9AM = Date.parse('2026-11-23T09:00:00Z');

/** The same metrics on a KeptRegistry and on a plain Registry, driven by one clock. */
function twins() {
  let now = SUNDAY_3AM;
  const clock: Clock = { now: () => now, monotonic: () => 0, sleep: async () => {} };
  const cached = new KeptRegistry();
  const plain = new Registry();
  const metrics = [
    createKeptMetrics(cached, demoLikeCatalogue, clock, '0.1.0'),
    createKeptMetrics(plain, demoLikeCatalogue, clock, '0.1.0'),
  ];
  const both = (update: (m: KeptMetrics) => void): void => metrics.forEach(update);
  return { cached, plain, both, setNow: (t: number) => (now = t) };
}

const observe = (m: KeptMetrics, startedAt: number, humanReached: boolean): void => {
  const o = chatObservation({ id: `obs-${startedAt}`, startedAt, humanReached });
  m.observe(
    o,
    demoLikeCatalogue.claims.map((c) => judge(c, o)),
  );
};

describe('KeptRegistry', () => {
  it.each<[string, (t: ReturnType<typeof twins>) => void]>([
    ['when nothing happened yet', () => {}],
    ['after an observation', (t) => t.both((m) => observe(m, SUNDAY_3AM, false))],
    [
      'after new verdicts',
      (t) =>
        t.both((m) =>
          m.setVerdicts(demoLikeCatalogue.claims.map((c) => evaluateClaim(c, [], { from: 0, to: SUNDAY_3AM }))),
        ),
    ],
    ['after a coverage gap', (t) => t.both((m) => m.coverageGap('desk-chat-api', 4))],
    ['after the clock reaches office hours, when a claim comes into force', (t) => t.setNow(MONDAY_9AM)],
    ['after another observation in the same minute', (t) => t.both((m) => observe(m, MONDAY_9AM + 5_000, true))],
  ])('renders exactly what a plain registry renders, %s', async (_, step) => {
    const t = twins();
    const before = await t.cached.metrics();
    expect(before).toBe(await t.plain.metrics());
    step(t);
    const after = await t.cached.metrics();
    expect(after).toBe(await t.plain.metrics());
    expect(await t.cached.metrics()).toBe(after);
  });

  it('shows the claim coming into force at the next scrape, and passes promtool', async () => {
    const t = twins();
    expect(await t.cached.metrics()).toContain('kept_claim_in_force{claim="chat-business-hours"} 0');
    t.setNow(MONDAY_9AM);
    const text = await t.cached.metrics();
    expect(text).toContain('kept_claim_in_force{claim="chat-business-hours"} 1');
    expect(await promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
  });

  it('renders metrics it was not told about on every scrape, and one changed while rendering again at the next', async () => {
    const registry = new KeptRegistry();
    const outside = new Gauge({ name: 'outside_value', help: 'Set by someone else.', registers: [registry] });
    outside.set(1);
    expect(await registry.metrics()).toContain('outside_value 1');
    outside.set(2);
    expect(await registry.metrics()).toContain('outside_value 2');

    let value = 0;
    registry.cacheUntilChanged('racy_value');
    new Gauge({
      name: 'racy_value',
      help: 'Changes while it is being read.',
      registers: [registry],
      collect() {
        value += 1;
        this.set(value);
        registry.changed('racy_value');
      },
    });
    expect(await registry.metrics()).toContain('racy_value 1');
    expect(await registry.metrics()).toContain('racy_value 2');
  });

  it('applies default labels to the text it keeps', async () => {
    const registry = new KeptRegistry();
    const plain = new Registry();
    for (const r of [registry, plain]) {
      new Gauge({ name: 'kept_claim_samples', help: 'h', labelNames: ['claim'], registers: [r] }).set(
        { claim: 'a' },
        3,
      );
      r.setDefaultLabels({ site: 'eu' });
    }
    registry.cacheUntilChanged('kept_claim_samples');
    expect(await registry.metrics()).toBe(await plain.metrics());
    expect(await registry.metrics()).toContain('kept_claim_samples{claim="a",site="eu"} 3');
  });
});
