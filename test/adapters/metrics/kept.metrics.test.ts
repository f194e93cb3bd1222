import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createKeptMetrics, responseBuckets } from '../../../src/adapters/metrics/kept.metrics.ts';
import { METRIC } from '../../../src/adapters/metrics/metric-names.ts';
import { createStoreMetrics } from '../../../src/adapters/metrics/store.metrics.ts';
import { createWitnessMetrics } from '../../../src/adapters/metrics/witness.metrics.ts';
import { createFleetMetrics } from '../../../src/adapters/metrics/fleet.metrics.ts';
import { judge } from '../../../src/domain/judgement.ts';
import { evaluateClaim } from '../../../src/domain/evaluation/verdict.ts';
import type { Clock } from '../../../src/app/ports.ts';
import { chatObservation, demoLikeCatalogue } from '../../support/domain-fixtures.ts';
import { promtoolCheckMetrics } from '../../support/promtool.ts';

const SUNDAY_3AM = Date.parse('2026-11-22T03:00:00Z');
const MONDAY_10AM = Date.parse('2026-11-23T10:00:00Z');
const fixedClock = (now: number): Clock => ({ now: () => now, monotonic: () => 0, sleep: async () => {} });

function exercised(now: number) {
  const registry = new Registry();
  const metrics = createKeptMetrics(registry, demoLikeCatalogue, fixedClock(now), '0.1.0');
  // A store that could not write for a while: 3 failed writes, 2 observations held, 1 dropped into a coverage gap.
  const dropped = new Map([['desk-chat-api', 1]]);
  createStoreMetrics(registry, () => ({ healthy: false, held: 2, writeFailures: 3, dropped }));
  createWitnessMetrics(registry, ['chat-live-24-7']);
  // The service of a fleet (kept run --queue): one location with no worker since an hour before.
  createFleetMetrics(registry, ['uk']).setStatus({ at: now, workers: [], locations: [] }, () => now - 3_600_000);
  const night = chatObservation({
    startedAt: SUNDAY_3AM,
    humanReached: false,
    timings: { firstResponseMs: 900, totalMs: 180_000 },
  });
  const day = chatObservation({ startedAt: MONDAY_10AM });
  for (const observation of [night, day]) {
    metrics.observe(
      observation,
      demoLikeCatalogue.claims.map((c) => judge(c, observation)),
    );
  }
  metrics.setVerdicts(demoLikeCatalogue.claims.map((c) => evaluateClaim(c, [], { from: now - 86_400_000, to: now })));
  metrics.coverageGap('desk-chat-api', 3);
  return registry;
}

describe('Kept metrics', () => {
  it('pass promtool check metrics', async () => {
    const text = await exercised(MONDAY_10AM).metrics();
    const result = await promtoolCheckMetrics(text);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('put a histogram bucket at each claim threshold', () => {
    const buckets = responseBuckets(demoLikeCatalogue);
    expect(buckets).toContain(60);
    expect(buckets).toContain(120);
    expect([...buckets].sort((a, b) => a - b)).toEqual(buckets);
  });

  it('count a night failure against the 24/7 claim and as out of hours for the business-hours claim', async () => {
    const text = await exercised(MONDAY_10AM).metrics();
    expect(text).toContain('kept_claim_attempts_total{claim="chat-live-24-7",result="failed"} 1');
    expect(text).toContain('kept_claim_attempts_total{claim="chat-business-hours",result="out_of_hours"} 1');
    expect(text).toContain('kept_claim_attempts_total{claim="chat-business-hours",result="met"} 1');
  });

  it.each([
    ['on a Monday at 10:00 both claims are in force', MONDAY_10AM, 1, 1],
    ['on a Sunday at 03:00 only the 24/7 claim is in force', SUNDAY_3AM, 1, 0],
  ])('%s', async (_name, now, always, business) => {
    const text = await exercised(now).metrics();
    expect(text).toContain(`kept_claim_in_force{claim="chat-live-24-7"} ${always}`);
    expect(text).toContain(`kept_claim_in_force{claim="chat-business-hours"} ${business}`);
  });

  it('never use a run id as a label, and only names from the golden catalogue', async () => {
    const text = await exercised(MONDAY_10AM).metrics();
    expect(text).not.toMatch(/obs-\d+/);
    const names = new Set(
      text
        .split('\n')
        .filter((l) => l.startsWith('# TYPE '))
        .map((l) => l.split(' ')[2]),
    );
    expect([...names].sort()).toEqual(Object.values(METRIC).sort());
  });
});
