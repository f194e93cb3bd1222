import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluateClaims } from '../../src/app/evaluate-claims.ts';
import type { Channel, Clock, Logger, ObservationStore } from '../../src/app/ports.ts';
import { createProbeRunner } from '../../src/app/run-probe.ts';
import { openSqliteStore } from '../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { Catalogue } from '../../src/domain/catalogue.ts';
import type { Judgement } from '../../src/domain/judgement.ts';
import type { Observation, Outcome } from '../../src/domain/observation.ts';
import { alwaysHumanClaim, chatObservation, chatProbe, demoLikeCatalogue } from '../support/domain-fixtures.ts';

// A probe that has never reached its target does not count its failures to connect until it has (src/domain/reach.ts),
// and the fact survives a restart: it is read back from the store.

const START = Date.parse('2026-11-22T03:00:00Z');
const STEP = 240_000;
const log: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type Attempt = 'refused' | 'busy' | 'answered';

/** What the channel reports: nothing listening (marked not reached), the service refusing (busy), or a human. */
function measured(kind: Attempt, startedAt: number, id: string): Observation {
  const outcome: Outcome = kind === 'answered' ? 'answered' : 'rejected';
  if (kind === 'answered') return chatObservation({ id, startedAt });
  return chatObservation({
    id,
    startedAt,
    outcome,
    reason: kind === 'refused' ? 'start request failed: ECONNREFUSED' : 'the start request got HTTP 503',
    timings: { totalMs: 3 },
    humanReached: false,
    evidence: kind === 'refused' ? { details: { notReached: true } } : {},
  });
}

/** Runs the scripted attempts through a probe runner over `store`; returns each one's judgement for the 24/7 claim. */
async function runAll(store: ObservationStore, script: Attempt[], catalogue: Catalogue = demoLikeCatalogue, from = 0) {
  let i = from;
  let now = START + from * STEP;
  const clock: Clock = { now: () => now, monotonic: () => 0, sleep: async () => {} };
  const judged: Judgement[] = [];
  const runner = createProbeRunner({
    catalogue,
    channelFor: (): Channel => ({
      kind: 'chat-api',
      run: async (_p, ctx) => measured(script[i - from]!, now, ctx.runId),
    }),
    store,
    clock,
    log,
    newId: () => `run-${i}`,
    listeners: [(_o, js) => judged.push(...js.filter((j) => j.claimId === alwaysHumanClaim.id))],
  });
  for (; i < from + script.length; i += 1) {
    await runner.run(chatProbe.id);
    now += STEP;
  }
  return judged.map((j) => (j.counted ? (j.met ? 'met' : 'failed') : j.reason.split(' (')[0]));
}

async function fileStore() {
  const dir = mkdtempSync(join(tmpdir(), 'kept-reach-'));
  dirs.push(dir);
  return join(dir, 'kept.db');
}

describe('a probe that has never reached its target', () => {
  it('does not count failures to connect until it has reached it once; after that they are failures', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    const results = await runAll(store, ['refused', 'refused', 'answered', 'refused', 'answered']);
    expect(results).toEqual([
      'not yet reached: check the target',
      'not yet reached: check the target',
      'met',
      'failed',
      'met',
    ]);
    await store.close();
  });

  it('counts a refusal by the service (HTTP 503) as a failure from the first attempt', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    expect(await runAll(store, ['busy', 'refused'])).toEqual(['failed', 'failed']);
    await store.close();
  });

  it('counts failures to connect at once when the catalogue says expectReachable: true', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    const catalogue = { ...demoLikeCatalogue, probes: [{ ...chatProbe, expectReachable: true }] };
    expect(await runAll(store, ['refused', 'answered'], catalogue)).toEqual(['failed', 'met']);
    await store.close();
  });

  it('remembers across a restart that the probe reached its target (read from the store)', async () => {
    const path = await fileStore();
    const first = await openSqliteStore({ path });
    expect(await runAll(first, ['refused', 'answered'])).toEqual(['not yet reached: check the target', 'met']);
    await first.close();
    const second = await openSqliteStore({ path });
    expect(await runAll(second, ['refused'], demoLikeCatalogue, 2)).toEqual(['failed']);
    await second.close();
  });

  it('re-judges a stored setup attempt the same way (the API and evidence pages judge again)', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    await runAll(store, ['refused']);
    const [stored] = await store.observations({ probeId: chatProbe.id, from: 0, to: START + STEP });
    expect(stored?.evidence.details).toMatchObject({ notReached: true, notYetReached: true });
    await store.close();
  });

  it("says so in its claims' verdicts until it has reached the target", async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    await runAll(store, ['refused', 'refused']);
    const now = START + 2 * STEP;
    const before = await evaluateClaims(store, [alwaysHumanClaim], now, 86_400_000, demoLikeCatalogue.probes);
    expect(before[0]?.status).toBe('unproven');
    expect(before[0]?.notYetReached).toEqual([chatProbe.id]);
    expect(before[0]?.reasons[0]).toMatch(/^not yet reached: check the target: probe "desk-chat-api" has never/);
    await runAll(store, ['answered', 'refused'], demoLikeCatalogue, 2);
    const after = await evaluateClaims(store, [alwaysHumanClaim], now + 2 * STEP, 86_400_000, demoLikeCatalogue.probes);
    expect(after[0]?.status).toBe('broken');
    expect(after[0]?.notYetReached).toBeUndefined();
    expect(after[0]?.reasons.join(' ')).not.toMatch(/not yet reached/);
    await store.close();
  });
});
