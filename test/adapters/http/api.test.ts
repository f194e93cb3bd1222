import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/app/ports.ts';
import type { RunningServer } from '../../../src/adapters/http/server.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { judge } from '../../../src/domain/judgement.ts';
import { serveDemoLikeApi } from './demo-like-api.ts';
import { chatObservation, demoLikeCatalogue } from '../../support/domain-fixtures.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const clock: Clock = { now: () => NOW, monotonic: () => 0, sleep: async () => {} };
const HOUR = 3_600_000;

describe('HTTP API', () => {
  let store: SqliteStore;
  let server: RunningServer;

  beforeAll(async () => {
    store = await openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'kept-api-')), 'kept.db') });
    // Two days of hourly attempts: humans answer in business hours, nobody at night.
    for (let t = NOW - 48 * HOUR; t < NOW; t += HOUR) {
      const hour = new Date(t).getUTCHours();
      const staffed = hour >= 8 && hour < 20;
      const observation = chatObservation(
        staffed
          ? { startedAt: t }
          : { startedAt: t, humanReached: false, timings: { firstResponseMs: 800, totalMs: 180_000 } },
      );
      await store.record(
        observation,
        demoLikeCatalogue.claims.map((c) => judge(c, observation)),
      );
    }
    ({ server } = await serveDemoLikeApi(store, clock, new Registry()));
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  const get = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('lists every claim with its verdict', async () => {
    const { status, body } = await get('/api/claims');
    expect(status).toBe(200);
    const claims = body.claims as { id: string; status: string; samples: { counted: number } }[];
    expect(claims.map((c) => [c.id, c.status])).toEqual([
      ['chat-live-24-7', 'broken'],
      ['chat-business-hours', 'unproven'],
    ]);
    expect(claims[0]?.samples.counted).toBe(48);
  });

  it('shows one claim with hour-of-week coverage, worst hours and failing evidence', async () => {
    const { status, body } = await get('/api/claims/chat-live-24-7');
    expect(status).toBe(200);
    const verdict = body.verdict as { hours: unknown[]; worstHours: { label: string; compliance: number }[] };
    expect(verdict.hours).toHaveLength(168);
    expect(verdict.worstHours[0]?.compliance).toBe(0);
    const failures = body.recentFailures as { judgement: { met: boolean }; humanReached: boolean }[];
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => !f.judgement.met && !f.humanReached)).toBe(true);
  });

  it('judges over a window given with ?since', async () => {
    const { body } = await get('/api/claims?since=3h');
    const claims = body.claims as { id: string; samples: { counted: number } }[];
    expect(claims[0]?.samples.counted).toBe(3);
  });

  it.each([
    ['an unknown claim', '/api/claims/nope', 404, 'claim.unknown'],
    ['a bad window', '/api/claims?since=forever', 400, 'query.invalid'],
    ['a bad limit', '/api/claims/chat-live-24-7/observations?limit=0', 400, 'query.invalid'],
    ['a bad time', '/api/claims/chat-live-24-7/observations?from=yesterday', 400, 'query.invalid'],
    ['a bad outcome', '/api/claims/chat-live-24-7/observations?outcome=maybe', 400, 'query.invalid'],
    ['an unknown endpoint', '/api/nothing', 404, 'not-found'],
  ])('answers %s with a coded error', async (_name, path, status, code) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect((response.body.error as { code: string }).code).toBe(code);
  });

  it('lists observations by claim and time range, newest first', async () => {
    const { body } = await get(
      `/api/claims/chat-live-24-7/observations?from=${new Date(NOW - 5 * HOUR).toISOString()}&to=2h&limit=10`,
    );
    const observations = body.observations as { startedAt: string; channel: string }[];
    expect(observations.map((o) => o.startedAt)).toEqual([
      new Date(NOW - 3 * HOUR).toISOString(),
      new Date(NOW - 4 * HOUR).toISOString(),
      new Date(NOW - 5 * HOUR).toISOString(),
    ]);
    expect(observations[0]?.channel).toBe('chat');
  });

  it('serves health, readiness and metrics', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).body.status).toBe('ready');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('kept_claim_verdict{claim="chat-live-24-7",status="broken"} 1');
  });
});
