import { describe, expect, it } from 'vitest';
import { createProbeRunner } from '../../src/app/run-probe.ts';
import type { Channel, Clock, SelfHealth } from '../../src/app/ports.ts';
import { openSqliteStore } from '../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { Judgement } from '../../src/domain/judgement.ts';
import type { Observation } from '../../src/domain/observation.ts';
import { chatObservation, demoLikeCatalogue } from '../support/domain-fixtures.ts';
import { memoryLog } from '../support/probe-kit.ts';

const MONDAY_10AM = Date.parse('2026-11-23T10:00:00Z');
const clock: Clock = { now: () => MONDAY_10AM, monotonic: () => 0, sleep: async () => {} };
/** Kept stalled 1.4 s during the attempt (what a 250 KB sign-off on the same loop did, issue 10). */
const stalled: SelfHealth = {
  watch: () => ({ stop: () => ({ loopDelayMaxMs: 1_400, timerDriftMaxMs: 1_380, realElapsedMs: 61_000 }) }),
};

describe('running a probe while Kept is starved', () => {
  it('stores an inconclusive observation with the reason, counted against no claim, and tells listeners', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    const seen: [Observation, readonly Judgement[]][] = [];
    // The person was read at 61 s against "a person answers within a minute": 1 s past the limit, a 1.4 s stall.
    const measured = chatObservation({
      id: 'run-1',
      startedAt: MONDAY_10AM,
      humanReached: true,
      timings: { firstResponseMs: 800, humanMs: 61_000, totalMs: 61_000 },
    });
    const channel: Channel = { kind: 'chat-api', run: async () => measured };
    const runner = createProbeRunner({
      catalogue: demoLikeCatalogue,
      channelFor: () => channel,
      store,
      clock,
      log: memoryLog(),
      newId: () => 'run-1',
      health: stalled,
      listeners: [(o, j) => seen.push([o, j])],
    });
    const observation = await runner.run('desk-chat-api');
    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toMatch(
      /^Kept was starved: 1\.4s loop delay during the attempt, which could have changed the outcome/,
    );
    const [stored] = await store.observations({ from: 0, to: MONDAY_10AM + 1 });
    expect(stored?.outcome).toBe('inconclusive');
    expect(seen[0]?.[1].map((j) => [j.claimId, j.counted])).toEqual([
      ['chat-live-24-7', false],
      ['chat-business-hours', false],
    ]);
    const tallies = await store.tallies(['chat-business-hours'], 0, MONDAY_10AM + 3_600_000);
    expect(tallies.get('chat-business-hours')?.map((t) => [t.met, t.failed, t.inconclusive])).toEqual([[0, 0, 1]]);
    await store.close();
  });
});
