import { Registry } from 'prom-client';
import type { Logger } from '../../../src/app/ports.ts';
import { createVerdictBoard } from '../../../src/app/verdict-board.ts';
import { createHttpApp, listen } from '../../../src/adapters/http/server.ts';
import { createCopyAnalyser, offTheLoop } from '../../../src/adapters/signoff/copy-analyser.ts';
import { detectFormat } from '../../../src/domain/copy/copy-text.ts';
import { Secret } from '../../../src/domain/secret.ts';
import { deskWeek, recordAll, signoffWorld, WEEK_START } from '../../app/signoff/signoff-fixtures.ts';
import { SAMPLE_PAGE } from '../reports/report-fixture.ts';
import { demoLikeCatalogue } from '../../support/domain-fixtures.ts';

export const TOKEN = 'test-token-offloop';
const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** The sample page repeated to `bytes` (250 KB: the size that blocked the service for 13-17 s). */
export function longCopy(bytes = 250 * 1024): string {
  let copy = '';
  while (copy.length < bytes) copy += SAMPLE_PAGE;
  return copy.slice(0, bytes);
}

export interface OffLoopService {
  readonly url: string;
  /** Resolves when the sign-off has handed its copy to the analysis thread. */
  readonly analysing: Promise<void>;
  close(): Promise<void>;
}

/** The real HTTP app with sign-off wired as the service wires it: copy read on a worker thread, judging pausing. */
export async function startOffLoopService(): Promise<OffLoopService> {
  const world = await signoffWorld();
  await recordAll(world.store, demoLikeCatalogue, deskWeek(WEEK_START));
  const board = createVerdictBoard({
    store: world.store,
    claims: demoLikeCatalogue.claims,
    clock: world.clock,
    log: silent,
    windowMs: demoLikeCatalogue.evaluation.windowMs,
    minIntervalMs: 10,
  });
  await board.refresh();
  const analyser = createCopyAnalyser();
  let started = (): void => undefined;
  const analysing = new Promise<void>((resolve) => {
    started = resolve;
  });
  const deps = offTheLoop({ ...world.deps([]), detectFormat: (input) => detectFormat(input) }, analyser);
  const signoff = {
    ...deps,
    extract: (input: string, options: { format: 'text' | 'markdown' | 'html' }) => {
      const claims = deps.extract(input, options);
      started();
      return claims;
    },
  };
  const app = createHttpApp({
    catalogue: demoLikeCatalogue,
    store: world.store,
    board,
    clock: world.clock,
    registry: new Registry(),
    log: silent,
    notReady: async () => [],
    signoff: { signoff, records: null, token: new Secret(TOKEN) },
  });
  const server = await listen(app, '127.0.0.1', 0);
  return {
    url: server.url,
    analysing,
    async close() {
      board.stop();
      await server.close();
      await analyser.close();
      await world.cleanup();
    },
  };
}
