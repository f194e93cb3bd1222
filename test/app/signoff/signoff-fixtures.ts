import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Clock } from '../../../src/app/ports.ts';
import type { SignoffDeps } from '../../../src/app/signoff/signoff.types.ts';
import {
  openSqliteStore,
  type RecordItem,
  type SqliteStore,
} from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { Catalogue } from '../../../src/domain/catalogue.ts';
import type { ExtractedClaim } from '../../../src/domain/copy/extracted-claim.ts';
import { localTime } from '../../../src/domain/calendar/zoned-time.ts';
import { judge } from '../../../src/domain/judgement.ts';
import type { Observation } from '../../../src/domain/observation.ts';
import { at, instants, MINUTE } from '../../domain/builders.ts';
import { chatProbe, demoLikeCatalogue } from '../../support/domain-fixtures.ts';
import { settableClock } from '../alerting/alerting-fixtures.ts';

/** Monday 5 January 2026 (London = UTC in winter) and the Monday after. */
export const WEEK_START = at('2026-01-05T00:00:00Z');
export const WEEK = 7 * 86_400_000;

/**
 * What the demo desk does, on a week of probes: people answer Mon-Fri 08:00-20:00 UK time after `humanMs`, otherwise
 * only the bot replies. `staffed: false` makes every attempt bot-only.
 */
export function deskObservation(
  startedAt: number,
  options: { staffed?: boolean; humanMs?: number; id?: string } = {},
): Observation {
  const local = localTime(startedAt, 'Europe/London');
  const people = (options.staffed ?? true) && local.weekday < 5 && local.hour >= 8 && local.hour < 20;
  const humanMs = options.humanMs ?? 30_000;
  return {
    id: options.id ?? `obs-${startedAt}`,
    probeId: chatProbe.id,
    kind: 'chat-api',
    startedAt,
    outcome: 'answered',
    ...(people ? {} : { reason: 'no human answered within 3m; only automatic replies came' }),
    timings: people
      ? { connectMs: 40, firstResponseMs: 900, autoReplyMs: 900, humanMs, totalMs: humanMs + 100 }
      : { connectMs: 40, firstResponseMs: 900, autoReplyMs: 900, totalMs: 180_000 },
    humanReached: people,
    evidence: {
      transcript: [
        { atMs: 0, from: 'customer', text: 'Hi, I was charged twice' },
        { atMs: 900, from: 'bot', text: 'Our team is available Mon-Fri 8am-8pm.' },
      ],
    },
  };
}

/** Records observations with their judgements for every claim the probe verifies, as the probe runner does. */
export async function recordAll(
  store: SqliteStore,
  catalogue: Catalogue,
  observations: readonly Observation[],
): Promise<void> {
  const claims = catalogue.claims.filter((c) => chatProbe.verifies.includes(c.id));
  const items: RecordItem[] = observations.map((o) => ({ observation: o, judgements: claims.map((c) => judge(c, o)) }));
  await store.recordMany(items);
}

/** A week of the desk, probed every 15 minutes from `from`. */
export function deskWeek(from: number, options: { staffed?: boolean } = {}): Observation[] {
  return instants(from, from + WEEK, 15 * MINUTE).map((t) => deskObservation(t, options));
}

export interface SignoffWorld {
  readonly dir: string;
  readonly store: SqliteStore;
  readonly clock: Clock & { set(ms: number): void; advance(ms: number): void };
  deps(extracted: readonly ExtractedClaim[], overrides?: Partial<SignoffDeps>): SignoffDeps;
  cleanup(): Promise<void>;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A real SQLite store in a temporary directory and a settable clock; the extractor is replaced by claims built by hand. */
export async function signoffWorld(catalogue: Catalogue = demoLikeCatalogue): Promise<SignoffWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'kept-signoff-'));
  const store = await openSqliteStore({ path: join(dir, 'kept.db') });
  const clock = settableClock(WEEK_START + WEEK + 30 * MINUTE);
  return {
    dir,
    store,
    clock,
    deps: (extracted, overrides = {}) => ({
      catalogue,
      store,
      clock,
      extract: () => extracted,
      detectFormat: () => 'text',
      digest: sha256,
      ...overrides,
    }),
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
