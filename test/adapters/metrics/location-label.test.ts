import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createKeptMetrics } from '../../../src/adapters/metrics/kept.metrics.ts';
import type { Clock } from '../../../src/app/ports.ts';
import type { Catalogue } from '../../../src/domain/catalogue.ts';
import { judge } from '../../../src/domain/judgement.ts';
import { chatObservation, demoLikeCatalogue } from '../../support/domain-fixtures.ts';

const MONDAY_10AM = Date.parse('2026-11-23T10:00:00Z');
const clock: Clock = { now: () => MONDAY_10AM, monotonic: () => 0, sleep: async () => {} };

/** The exposition lines of one metric, with the observations given recorded. */
async function lines(catalogue: Catalogue, locations: (string | undefined)[], metric: string): Promise<string[]> {
  const registry = new Registry();
  const metrics = createKeptMetrics(registry, catalogue, clock, '0.1.0');
  for (const location of locations) {
    const observation = chatObservation({ startedAt: MONDAY_10AM, ...(location === undefined ? {} : { location }) });
    metrics.observe(
      observation,
      catalogue.claims.map((c) => judge(c, observation)),
    );
  }
  return (await registry.metrics()).split('\n').filter((l) => l.startsWith(`${metric}{`));
}

describe('the location label', () => {
  const located: Catalogue = {
    ...demoLikeCatalogue,
    probes: demoLikeCatalogue.probes.map((p) => ({ ...p, locations: ['uk', 'us-east'] })),
  };

  it("takes only the catalogue's locations: a value from the wire it does not name is `other`", async () => {
    const runs = await lines(located, ['uk', 'uk', 'us-east', 'mars', undefined], 'kept_probe_runs_total');
    expect(runs).toEqual([
      'kept_probe_runs_total{probe="desk-chat-api",channel="chat",outcome="answered",location="uk"} 2',
      'kept_probe_runs_total{probe="desk-chat-api",channel="chat",outcome="answered",location="us-east"} 1',
      'kept_probe_runs_total{probe="desk-chat-api",channel="chat",outcome="answered",location="other"} 1',
      // A single-machine attempt has no location: no label.
      'kept_probe_runs_total{probe="desk-chat-api",channel="chat",outcome="answered"} 1',
    ]);
    const attempts = await lines(located, ['uk', 'us-east'], 'kept_claim_attempts_total');
    expect(attempts).toContain('kept_claim_attempts_total{claim="chat-live-24-7",result="met",location="uk"} 1');
    expect(attempts).toContain('kept_claim_attempts_total{claim="chat-live-24-7",result="met",location="us-east"} 1');
  });

  it('is absent when the catalogue names no location, even for a fleet attempt (location default)', async () => {
    const runs = await lines(demoLikeCatalogue, ['default'], 'kept_probe_runs_total');
    expect(runs).toEqual(['kept_probe_runs_total{probe="desk-chat-api",channel="chat",outcome="answered"} 1']);
  });
});
