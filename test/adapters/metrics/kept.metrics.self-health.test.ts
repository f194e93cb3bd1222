import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createKeptMetrics } from '../../../src/adapters/metrics/kept.metrics.ts';
import type { Clock } from '../../../src/app/ports.ts';
import { judge } from '../../../src/domain/judgement.ts';
import { chatObservation, demoLikeCatalogue } from '../../support/domain-fixtures.ts';
import { promtoolCheckMetrics } from '../../support/promtool.ts';

const MONDAY_10AM = Date.parse('2026-11-23T10:00:00Z');
const clock: Clock = { now: () => MONDAY_10AM, monotonic: () => 0, sleep: async () => {} };

async function exposition(): Promise<string> {
  const registry = new Registry();
  const metrics = createKeptMetrics(registry, demoLikeCatalogue, clock, '0.1.0');
  // A healthy attempt on real time, and one on a 20x clock where Kept stalled 70 real ms (1.4 s of probe time).
  const healthy = chatObservation({
    startedAt: MONDAY_10AM,
    evidence: { details: { selfHealth: { loopDelayMaxMs: 3, timerDriftMaxMs: 4, lateStartMs: 0, clockRate: 1 } } },
  });
  const starved = chatObservation({
    startedAt: MONDAY_10AM,
    outcome: 'inconclusive',
    reason: 'Kept was starved: 1.4s loop delay during the attempt',
    evidence: {
      details: {
        starved: true,
        selfHealth: { loopDelayMaxMs: 1_400, timerDriftMaxMs: 900, lateStartMs: 2_000, clockRate: 20 },
      },
    },
  });
  for (const observation of [healthy, starved])
    metrics.observe(
      observation,
      demoLikeCatalogue.claims.map((c) => judge(c, observation)),
    );
  return registry.metrics();
}

describe('self-health metrics', () => {
  it('count starved observations per probe and histogram the worst delay in real seconds', async () => {
    const text = await exposition();
    expect(text).toContain('kept_observations_starved_total{probe="desk-chat-api"} 1');
    expect(text).toContain('kept_probe_loop_delay_seconds_count{channel="chat"} 2');
    // 4 ms (healthy) and 1,400 / 20 = 70 ms real (starved): one at or under 5 ms, both at or under 100 ms.
    expect(text).toContain('kept_probe_loop_delay_seconds_bucket{le="0.005",channel="chat"} 1');
    expect(text).toContain('kept_probe_loop_delay_seconds_bucket{le="0.1",channel="chat"} 2');
    expect(text).toContain('kept_probe_late_start_seconds_bucket{le="0.1",channel="chat"} 2');
  });

  it('pass promtool check metrics', async () => {
    const result = await promtoolCheckMetrics(await exposition());
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
});
