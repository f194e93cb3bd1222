import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { Logger } from '../../../../src/app/ports.ts';
import type { SignoffRecordStore } from '../../../../src/app/signoff/signoff.types.ts';
import { createVerdictBoard } from '../../../../src/app/verdict-board.ts';
import { createHttpApp, listen, type RunningServer } from '../../../../src/adapters/http/server.ts';
import { openSignoffStore } from '../../../../src/adapters/stores/sqlite/signoff.store.ts';
import { detectFormat } from '../../../../src/domain/copy/copy-text.ts';
import { extractClaims } from '../../../../src/domain/copy/extract-claims.ts';
import { Secret } from '../../../../src/domain/secret.ts';
import { demoLikeCatalogue } from '../../../support/domain-fixtures.ts';
import {
  deskWeek,
  recordAll,
  signoffWorld,
  WEEK_START,
  type SignoffWorld,
} from '../../../app/signoff/signoff-fixtures.ts';

export const TOKEN = 'test-token-5b1f0c2e';
const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export interface KeptService {
  readonly url: string;
  readonly world: SignoffWorld;
  readonly records: SignoffRecordStore;
  close(): Promise<void>;
}

/**
 * A real Kept HTTP service on a free loopback port: the real app (API, sign-off API, web pages) over a real SQLite
 * store holding a week of the desk's observations, real verdicts, the real extractor and real sign-off records.
 */
export async function startKeptService(
  options: { token?: string | null; maxBytes?: number } = {},
): Promise<KeptService> {
  const world = await signoffWorld();
  await recordAll(world.store, demoLikeCatalogue, deskWeek(WEEK_START));
  const records = await openSignoffStore(join(world.dir, 'signoffs.db'));
  const board = createVerdictBoard({
    store: world.store,
    claims: demoLikeCatalogue.claims,
    clock: world.clock,
    log: silent,
    windowMs: demoLikeCatalogue.evaluation.windowMs,
    minIntervalMs: 10,
  });
  await board.refresh();
  const token = options.token === undefined ? TOKEN : options.token;
  const app = createHttpApp({
    catalogue: demoLikeCatalogue,
    store: world.store,
    board,
    clock: world.clock,
    registry: new Registry(),
    log: silent,
    notReady: async () => [],
    signoff: {
      signoff: { ...world.deps([]), extract: extractClaims, detectFormat: (input) => detectFormat(input) },
      records,
      token: token === null ? null : new Secret(token),
      ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    },
  });
  const server: RunningServer = await listen(app, '127.0.0.1', 0);
  return {
    url: server.url,
    world,
    records,
    async close() {
      board.stop();
      await server.close();
      await records.close();
      await world.cleanup();
    },
  };
}
