import { describe, expect, it } from 'vitest';
import { collectorHttp } from '../../../src/adapters/collectors/collector-http.ts';
import type { CollectRunReport } from '../../../src/app/collect-population.ts';
import { budgetRuns } from '../../support/collector-fakes/budget-run.ts';
import type { HeldRequest } from '../../support/collector-fakes/held-server.ts';
import { manualClock } from '../../support/collector-fakes/manual-clock.ts';

// `schedule.timeout` is one budget for reading an interval, every request and page together; each request gets what
// is left. The budget runs on the collection's clock (here one that moves only when told), so these tests assert what
// happens, never how long it took (collector-budget.timing.test.ts measures that on the real clock).

const T0 = Date.UTC(2026, 0, 5, 10, 0);
const SECOND = 1_000;
const runs = budgetRuns();

/** A read with a 30 s budget whose first page the server answers after 20 s; then its second page, held. */
async function secondPageAfter20s(): Promise<{
  report: Promise<CollectRunReport>;
  first: HeldRequest;
  second: HeldRequest;
  clock: ReturnType<typeof manualClock>;
}> {
  const clock = manualClock(T0 + 6 * 60 * SECOND);
  const run = await runs.start(clock, 30 * SECOND);
  const report = run.collection.collect('desk');
  const first = await runs.server().next();
  await clock.advance(20 * SECOND);
  run.answerFirstPage(first);
  return { report, first, second: await runs.server().next(), clock };
}

describe("a collector's time-out", () => {
  it('lets a request slower than 15 s finish when it is inside the 30 s budget', async () => {
    const { report, first, second } = await secondPageAfter20s();
    second.answer([]);
    expect(await report).toMatchObject({ read: 1, gaps: [] });
    expect(await first.abandoned).toBe(false);
  });

  it('is one budget for the interval: a second page that would end past it is cut, as a timeout gap', async () => {
    const { report, second, clock } = await secondPageAfter20s();
    await clock.advance(10 * SECOND + 1);
    expect(await second.abandoned).toBe(true);
    const { read, gaps } = await report;
    expect(read).toBe(0);
    expect(gaps).toMatchObject([
      { code: 'timeout', reason: "the platform did not answer within the interval's 30s budget" },
    ]);
  });

  it("runs on its own clock when given one: a compressed collection clock (the demo's) does not shrink it", async () => {
    const compressed = manualClock(T0 + 6 * 60 * SECOND);
    const real = manualClock(T0 + 6 * 60 * SECOND);
    const run = await runs.start(compressed, 30 * SECOND, real);
    const report = run.collection.collect('desk');
    const first = await runs.server().next();
    await compressed.advance(10 * 60 * SECOND);
    run.answerFirstPage(first);
    const second = await runs.server().next();
    await real.advance(29 * SECOND);
    second.answer([]);
    expect(await report).toMatchObject({ read: 1, gaps: [] });
  });

  it('sends requests with no time-out of their own: only the run ends them', () => {
    expect(collectorHttp({ baseURL: runs.server().url }).defaults.timeout ?? 0).toBe(0);
  });
});
