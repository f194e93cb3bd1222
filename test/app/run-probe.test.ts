import { describe, expect, it } from 'vitest';
import { createProbeRunner } from '../../src/app/run-probe.ts';
import type { Channel, Clock, Logger } from '../../src/app/ports.ts';
import { openSqliteStore } from '../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { Observation } from '../../src/domain/observation.ts';
import type { Judgement } from '../../src/domain/judgement.ts';
import { chatObservation, demoLikeCatalogue } from '../support/domain-fixtures.ts';

const SUNDAY_3AM = Date.parse('2026-11-22T03:00:00Z');
const clock: Clock = { now: () => SUNDAY_3AM, monotonic: () => 0, sleep: async () => {} };
const errors: string[] = [];
const log: Logger = { info: () => {}, warn: () => {}, error: (message) => errors.push(message) };

const channel = (run: Channel['run']): Channel => ({ kind: 'chat-api', run });

async function runOnce(run: Channel['run']) {
  const store = await openSqliteStore({ path: ':memory:' });
  const seen: [Observation, readonly Judgement[]][] = [];
  const runner = createProbeRunner({
    catalogue: demoLikeCatalogue,
    channelFor: () => channel(run),
    store,
    clock,
    log,
    newId: () => 'run-1',
    listeners: [(o, j) => seen.push([o, j])],
  });
  const observation = await runner.run('desk-chat-api');
  const stored = await store.observations({ from: 0, to: SUNDAY_3AM + 1 });
  const tallies = await store.tallies(['chat-live-24-7'], 0, SUNDAY_3AM + 3_600_000);
  await store.close();
  return { observation, seen, stored, tallies: tallies.get('chat-live-24-7') ?? [] };
}

describe('running a probe', () => {
  it('judges the observation against each claim the probe verifies, stores it, then tells listeners', async () => {
    const night = chatObservation({
      id: 'run-1',
      startedAt: SUNDAY_3AM,
      humanReached: false,
      timings: { firstResponseMs: 700, totalMs: 180_000 },
    });
    const { observation, seen, stored, tallies } = await runOnce(async () => night);
    expect(observation).toEqual(night);
    expect(stored.map((o) => o.id)).toEqual(['run-1']);
    expect(seen[0]?.[1].map((j) => [j.claimId, j.inForce, j.met])).toEqual([
      ['chat-live-24-7', true, false],
      ['chat-business-hours', false, false],
    ]);
    expect(tallies.map((t) => t.failed)).toEqual([1]);
  });

  it('turns a channel that throws into an inconclusive observation that never counts against a claim', async () => {
    const { observation, stored, tallies } = await runOnce(async () => {
      throw new Error('socket pool exhausted');
    });
    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toBe('the probe failed on our side: socket pool exhausted');
    expect(stored[0]?.outcome).toBe('inconclusive');
    expect(tallies.map((t) => [t.failed, t.inconclusive])).toEqual([[0, 1]]);
    expect(errors).toContain('probe crashed; recording an inconclusive observation');
  });

  it('refuses an unknown probe id with a validation error', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    const runner = createProbeRunner({
      catalogue: demoLikeCatalogue,
      channelFor: () => channel(async () => chatObservation({ startedAt: 0 })),
      store,
      clock,
      log,
      newId: () => 'x',
    });
    await expect(runner.run('nope')).rejects.toMatchObject({ kind: 'validation', code: 'probe.unknown' });
    await store.close();
  });
});
