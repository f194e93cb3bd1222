import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, listen, type RunningServer } from '../../../src/adapters/http/server.ts';
import { openSqlitePopulationStore } from '../../../src/adapters/stores/sqlite/population.store.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { evaluatePopulationClaims } from '../../../src/app/collect-population-verdicts.ts';
import type { Clock, Logger, PopulationStore } from '../../../src/app/ports.ts';
import { createVerdictBoard } from '../../../src/app/verdict-board.ts';
import { judge } from '../../../src/domain/judgement.ts';
import type { CollectorSpec } from '../../../src/domain/population/collector-spec.ts';
import { chatObservation, demoLikeCatalogue } from '../../support/domain-fixtures.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const HOUR = 3_600_000;
const clock: Clock = { now: () => NOW, monotonic: () => 0, sleep: async () => {} };
const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

const collector: CollectorSpec = {
  id: 'desk-taskrouter',
  platform: 'twilio-taskrouter',
  schedule: { cron: '*/5 * * * *', timeZone: 'UTC', jitterMs: 0, timeoutMs: 30_000 },
  intervalMs: HOUR,
  lagMs: 60_000,
  catchUpMs: 86_400_000,
  verifies: ['chat-live-24-7'],
  options: {},
};

/**
 * Two days of the demo's story: the probes reach a person by day and nobody at night (the bot never hands over), and
 * the platform, whose clock starts at the hand-over, counts ten customers an hour by day, all answered within 20 s,
 * and nobody at night.
 */
describe('HTTP API: two witnesses of a claim', () => {
  let store: SqliteStore;
  let population: PopulationStore;
  let server: RunningServer;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kept-witnesses-'));
    store = await openSqliteStore({ path: join(dir, 'kept.db') });
    population = await openSqlitePopulationStore({ path: join(dir, 'population.db') });
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
      const contacts = staffed ? 10 : 0;
      await population.recordReadings(collector.id, { fromMs: t, toMs: t + HOUR }, [
        {
          collectorId: collector.id,
          queue: 'WQ1',
          channel: 'chat',
          fromMs: t,
          toMs: t + HOUR,
          contacts,
          abandoned: 0,
          splits: [{ thresholdMs: 120_000, answeredWithin: contacts, abandonedWithin: 0 }],
          ...(staffed ? { longestWaitMs: 19_000 } : {}),
          source: 'twilio.taskrouter.cumulative',
          uncounted: ['ivr', 'bot'],
        },
      ]);
    }
    const board = createVerdictBoard({
      store,
      claims: demoLikeCatalogue.claims,
      clock,
      log: silent,
      windowMs: demoLikeCatalogue.evaluation.windowMs,
      minIntervalMs: 10,
      population: (claims, window) =>
        evaluatePopulationClaims({ store: population, claims, collectors: [collector], window }),
    });
    await board.refresh();
    const app = createHttpApp({
      catalogue: demoLikeCatalogue,
      store,
      board,
      clock,
      registry: new Registry(),
      log: silent,
      notReady: async () => [],
    });
    server = await listen(app, '127.0.0.1', 0);
  });
  afterAll(async () => {
    await server.close();
    await population.close();
    await store.close();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body read by toMatchObject
  type Body = Record<string, any>;
  const get = async (path: string) => (await (await fetch(`${server.url}${path}`)).json()) as Body;

  it('lists the platform witness and the discrepancy beside the probes, only for claims a collector verifies', async () => {
    const { claims } = await get('/api/claims');
    const [always, business] = claims as Body[];
    expect(always).toMatchObject({
      id: 'chat-live-24-7',
      status: 'broken',
      samples: { counted: 48, met: 24 },
      population: { contacts: 240, compliance: 1, longestWaitMs: 19_000, collectors: ['desk-taskrouter'] },
      discrepancy: { direction: 'platform-better', uncounted: ['bot', 'ivr'] },
    });
    expect(business).not.toHaveProperty('population');
    expect(business).not.toHaveProperty('discrepancy');
  });

  it("shows both witnesses on the claim's page, the discrepancy naming what the platform does not count", async () => {
    const page = await get('/api/claims/chat-live-24-7');
    expect(page.witnesses.probes).toMatchObject({ status: 'broken', attempts: 48, met: 24, compliance: 0.5 });
    expect(page.witnesses.platform).toMatchObject({
      contacts: { counted: 240, met: 240, failed: 0 },
      uncounted: ['bot', 'ivr'],
      collectors: ['desk-taskrouter'],
    });
    expect(page.witnesses.discrepancy.reason).toMatch(
      /^the platform counted 100\.0% of 240 contacts .*Kept's probes 50\.0% of 48 attempts .*does not count the bot and ivr/,
    );
    expect((await get('/api/claims/chat-business-hours')).witnesses).toBeNull();
  });

  it("flags the discrepancy on the board, with the platform's figure under the claim", async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const row = /<tr class="claim-row" data-claim="chat-live-24-7"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    // Unproven: two days read of a 7-day window leave promised hours of the week unread.
    expect(row).toContain('platform (desk-taskrouter): unproven, 100.0% of 240 contacts');
    expect(row).toMatch(/<strong class="error discrepancy" title="the platform counted 100\.0% of 240 contacts/);
    expect(row).toContain('(the platform does not count the bot and ivr)');
    const other = /<tr class="claim-row" data-claim="chat-business-hours"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(other).not.toContain('witness');
  });
});
