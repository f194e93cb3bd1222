import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock, Logger } from '../../../src/app/ports.ts';
import { createProbeRunner } from '../../../src/app/run-probe.ts';
import type { RunningServer } from '../../../src/adapters/http/server.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { Observation } from '../../../src/domain/observation.ts';
import { chatObservation, chatProbe, demoLikeCatalogue } from '../../support/domain-fixtures.ts';
import { serveDemoLikeApi } from './demo-like-api.ts';

// The API shows a probe that has never reached its target: the claim's verdict names it, and each of its attempts is
// judged "not yet reached: check the target" (src/domain/reach.ts). Outcomes only.

const START = Date.parse('2026-11-22T03:00:00Z');
const log: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const open: { server?: RunningServer; store?: SqliteStore } = {};
afterEach(async () => {
  await open.server?.close();
  await open.store?.close();
});

const refused = (startedAt: number, id: string): Observation =>
  chatObservation({
    id,
    startedAt,
    outcome: 'rejected',
    reason: 'the connection failed: connect ECONNREFUSED 127.0.0.1:9',
    humanReached: false,
    timings: { totalMs: 3 },
    evidence: { details: { notReached: true } },
  });

interface ClaimPage {
  verdict: { status: string; reasons: string[]; notYetReached: string[] };
  recentObservations: { judgement: { counted: boolean; reason: string } }[];
  recentFailures: unknown[];
}

describe('the API for a claim whose probe has never reached its target', () => {
  it('names the probe in the verdict and judges its attempts "not yet reached"', async () => {
    let now = START;
    const clock: Clock = { now: () => now, monotonic: () => 0, sleep: async () => {} };
    const store = await openSqliteStore({ path: ':memory:' });
    open.store = store;
    const runner = createProbeRunner({
      catalogue: demoLikeCatalogue,
      channelFor: () => ({ kind: 'chat-api', run: async (_p, ctx) => refused(now, ctx.runId) }),
      store,
      clock,
      log,
      newId: () => `run-${now}`,
    });
    for (let i = 0; i < 3; i += 1) {
      await runner.run(chatProbe.id);
      now += 240_000;
    }
    const { server } = await serveDemoLikeApi(store, clock, new Registry());
    open.server = server;
    const page = (await (await fetch(`${server.url}/api/claims/chat-live-24-7`)).json()) as ClaimPage;

    expect(page.verdict.status).toBe('unproven');
    expect(page.verdict.notYetReached).toEqual([chatProbe.id]);
    expect(page.verdict.reasons[0]).toMatch(/^not yet reached: check the target: probe "desk-chat-api" has never/);
    expect(page.recentFailures).toEqual([]);
    expect(page.recentObservations.map((o) => [o.judgement.counted, o.judgement.reason.split(' (')[0]])).toEqual([
      [false, 'not yet reached: check the target'],
      [false, 'not yet reached: check the target'],
      [false, 'not yet reached: check the target'],
    ]);
  });
});
