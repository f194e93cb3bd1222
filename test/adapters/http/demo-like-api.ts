import type { Registry } from 'prom-client';
import type { Clock, Logger, ObservationStore } from '../../../src/app/ports.ts';
import { createVerdictBoard, type VerdictBoard } from '../../../src/app/verdict-board.ts';
import { createHttpApp, listen, type RunningServer } from '../../../src/adapters/http/server.ts';
import { createKeptMetrics } from '../../../src/adapters/metrics/kept.metrics.ts';
import { demoLikeCatalogue } from '../../support/domain-fixtures.ts';

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** The HTTP service over `store` for the demo-like catalogue, its verdicts computed once and kept fresh by `board`. */
export async function serveDemoLikeApi(
  store: ObservationStore,
  clock: Clock,
  registry: Registry,
): Promise<{ server: RunningServer; board: VerdictBoard }> {
  const metrics = createKeptMetrics(registry, demoLikeCatalogue, clock, 'test');
  const board = createVerdictBoard({
    store,
    claims: demoLikeCatalogue.claims,
    probes: demoLikeCatalogue.probes,
    clock,
    log: silent,
    windowMs: demoLikeCatalogue.evaluation.windowMs,
    minIntervalMs: 10,
    onRefresh: (verdicts) => metrics.setVerdicts(verdicts),
  });
  await board.refresh();
  const app = createHttpApp({
    catalogue: demoLikeCatalogue,
    store,
    board,
    clock,
    registry,
    log: silent,
    notReady: async () => [],
  });
  return { server: await listen(app, '127.0.0.1', 0), board };
}
