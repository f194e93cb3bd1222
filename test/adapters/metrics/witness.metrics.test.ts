import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { KeptRegistry } from '../../../src/adapters/metrics/kept.registry.ts';
import { createWitnessMetrics } from '../../../src/adapters/metrics/witness.metrics.ts';
import { wilsonInterval } from '../../../src/domain/evaluation/wilson.ts';
import type { TwoWitnesses } from '../../../src/domain/population/discrepancy.ts';
import type { PopulationVerdict } from '../../../src/domain/population/population-verdict.ts';
import { promtoolCheckMetrics } from '../../support/promtool.ts';

const population = (compliance: number | null, counted: number, longestWaitMs: number | null) =>
  ({
    claimId: 'chat-live-24-7',
    status: 'kept',
    contacts: { counted, met: counted, failed: 0, notCounted: 0, outOfForce: 0, unjudged: 0 },
    compliance,
    interval: counted === 0 ? null : wilsonInterval(counted, counted),
    longestWaitMs,
  }) as unknown as PopulationVerdict;

const two = (verdict: PopulationVerdict, discrepant: boolean): ReadonlyMap<string, TwoWitnesses> =>
  new Map([
    [
      'chat-live-24-7',
      {
        claimId: 'chat-live-24-7',
        population: verdict,
        discrepancy: discrepant ? ({ direction: 'platform-better' } as unknown as TwoWitnesses['discrepancy']) : null,
      },
    ],
  ]);

describe('witness metrics', () => {
  it("exposes the platform's verdict, N contacts, compliance, longest wait and the discrepancy per claim", async () => {
    const registry = new Registry();
    const metrics = createWitnessMetrics(registry, ['chat-live-24-7']);
    expect(await registry.metrics()).toContain('kept_claim_witness_discrepancy{claim="chat-live-24-7"} 0');
    metrics.setWitnesses(two(population(1, 280, 19_000), true));
    const text = await registry.metrics();
    expect(text).toContain('kept_claim_population_verdict{claim="chat-live-24-7",status="kept"} 1');
    expect(text).toContain('kept_claim_population_verdict{claim="chat-live-24-7",status="broken"} 0');
    expect(text).toContain('kept_claim_population_contacts{claim="chat-live-24-7"} 280');
    expect(text).toContain('kept_claim_population_compliance_ratio{claim="chat-live-24-7"} 1');
    expect(text).toContain('kept_claim_population_longest_wait_seconds{claim="chat-live-24-7"} 19');
    expect(text).toContain('kept_claim_witness_discrepancy{claim="chat-live-24-7"} 1');
    const check = await promtoolCheckMetrics(text);
    expect(check.code, check.output).toBe(0);
  });

  it('drops the compliance and longest wait of a platform that counted nothing, and renders again on a KeptRegistry', async () => {
    const registry = new KeptRegistry();
    const metrics = createWitnessMetrics(registry, ['chat-live-24-7']);
    metrics.setWitnesses(two(population(1, 280, 19_000), true));
    expect(await registry.metrics()).toContain('kept_claim_population_compliance_ratio{claim="chat-live-24-7"} 1');
    metrics.setWitnesses(two(population(null, 0, null), false));
    const text = await registry.metrics();
    expect(text).not.toContain('kept_claim_population_compliance_ratio{');
    expect(text).not.toContain('kept_claim_population_longest_wait_seconds{');
    expect(text).toContain('kept_claim_population_contacts{claim="chat-live-24-7"} 0');
    expect(text).toContain('kept_claim_witness_discrepancy{claim="chat-live-24-7"} 0');
  });
});
