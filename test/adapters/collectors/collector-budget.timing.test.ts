import { performance } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { budgetRuns } from '../../support/collector-fakes/budget-run.ts';
import { LOADED_SLACK_MS, TIMER_EARLY_MS } from '../../support/timing.ts';

const BUDGET_MS = 1_000;
const FIRST_PAGE_MS = 600;
const runs = budgetRuns();

it("ends the interval's read when its budget runs out, however the time was shared between its pages", async () => {
  const run = await runs.start(systemClock, BUDGET_MS);
  const started = performance.now();
  const report = run.collection.collect('desk');
  const first = await runs.server().next();
  setTimeout(() => run.answerFirstPage(first), FIRST_PAGE_MS);
  const second = await runs.server().next(); // never answered
  expect(await second.abandoned).toBe(true);
  const elapsed = performance.now() - started;
  expect((await report).gaps).toMatchObject([{ code: 'timeout' }]);
  // The second page gets what is left of the budget (400 ms), not a budget of its own (which would end at 1,600 ms):
  // the read ends at the budget, a timer at most TIMER_EARLY_MS early and, on this loaded machine, at most
  // LOADED_SLACK_MS late for one reading (test/support/timing.ts).
  expect(elapsed).toBeGreaterThanOrEqual(BUDGET_MS - TIMER_EARLY_MS);
  expect(elapsed).toBeLessThan(BUDGET_MS + LOADED_SLACK_MS);
});
