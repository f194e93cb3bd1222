/**
 * One Freshdesk collector (two pages a read: the first names the next in its Link header) run by the collection
 * runner into a SQLite population store, against a server the test answers: for tests of the interval's budget.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreshdeskCollector } from '../../../src/adapters/collectors/freshdesk/freshdesk.collector.ts';
import { freshdeskOptionsSchema } from '../../../src/adapters/collectors/freshdesk/freshdesk.options.ts';
import { openSqlitePopulationStore } from '../../../src/adapters/stores/sqlite/population.store.ts';
import { createPopulationCollection, type PopulationCollection } from '../../../src/app/collect-population.ts';
import type { Clock } from '../../../src/app/ports.ts';
import type { CollectorSpec } from '../../../src/domain/population/collector-spec.ts';
import { afterEach, beforeEach } from 'vitest';
import { type HeldRequest, type HeldServer, startHeldServer } from './held-server.ts';

export interface BudgetRun {
  readonly collection: PopulationCollection;
  /** Answers a held page 1, naming page 2 as the next. */
  readonly answerFirstPage: (request: HeldRequest) => void;
  close(): Promise<void>;
}

/** `budgetClock`: the clock of the read's budget, when it is not the collection's (`kept run` gives it real time). */
export async function budgetRun(
  server: HeldServer,
  clock: Clock,
  timeoutMs: number,
  budgetClock?: Clock,
): Promise<BudgetRun> {
  const dir = await mkdtemp(join(tmpdir(), 'kept-budget-'));
  const store = await openSqlitePopulationStore({ path: join(dir, 'kept.db') });
  const spec: CollectorSpec = {
    id: 'desk',
    platform: 'freshdesk',
    schedule: { cron: '*/5 * * * *', timeZone: 'UTC', jitterMs: 0, timeoutMs },
    intervalMs: 5 * 60_000,
    lagMs: 60_000,
    catchUpMs: 86_400_000,
    verifies: [],
    options: {},
  };
  const options = freshdeskOptionsSchema.parse({ domain: 'acme', apiKey: 'k3y-value', baseUrl: server.url });
  const adapter = new FreshdeskCollector(options, { collectorId: spec.id, clock });
  const quiet = () => undefined;
  const collection = createPopulationCollection({
    collectors: [spec],
    claims: [],
    adapters: new Map([[spec.id, adapter]]),
    store,
    clock,
    ...(budgetClock === undefined ? {} : { budgetClock }),
    log: { info: quiet, warn: quiet, error: quiet },
  });
  return {
    collection,
    answerFirstPage: (request) => request.answer([], { Link: `<${server.url}/api/v2/tickets?page=2>; rel="next"` }),
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A held server for each test, and the runs started on it closed after it. */
export function budgetRuns(): {
  server(): HeldServer;
  start(clock: Clock, timeoutMs: number, budgetClock?: Clock): Promise<BudgetRun>;
} {
  let server: HeldServer | undefined;
  const runs: BudgetRun[] = [];
  beforeEach(async () => {
    server = await startHeldServer();
  });
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.close()));
    await server?.close();
  });
  const current = (): HeldServer => {
    if (server === undefined) throw new Error('no held server outside a test');
    return server;
  };
  return {
    server: current,
    start: async (clock, timeoutMs, budgetClock) => {
      const run = await budgetRun(current(), clock, timeoutMs, budgetClock);
      runs.push(run);
      return run;
    },
  };
}
