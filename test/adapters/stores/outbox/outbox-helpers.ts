import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoverageGap, ObservationQuery, ObservationStore } from '../../../../src/app/ports.ts';
import {
  openSqliteStore,
  type RecordItem,
  type SqliteStore,
} from '../../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { transientError, validationError } from '../../../../src/domain/errors.ts';
import type { HourTally, SlotTally } from '../../../../src/domain/evaluation/tally.ts';
import type { Judgement } from '../../../../src/domain/judgement.ts';
import type { Observation } from '../../../../src/domain/observation.ts';

export { memoryLog as memoryLogger, type LogLine } from '../../../support/probe-kit.ts';

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kept-outbox-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A real SQLite store behind a switch: `down` refuses every write with a transient error (as a dead server would),
 * `loseAcks` writes and THEN fails (the reply was lost, so the sender must retry a write that happened), and ids in
 * `poison` are refused as invalid. Every delivery attempt is logged in `received`.
 */
export class FlakyStore implements ObservationStore {
  down = false;
  loseAcks = 0;
  readonly poison = new Set<string>();
  readonly received: string[] = [];
  readonly inner: SqliteStore;

  private constructor(inner: SqliteStore) {
    this.inner = inner;
  }

  static async open(path: string): Promise<FlakyStore> {
    return new FlakyStore(await openSqliteStore({ path }));
  }

  async recordMany(items: readonly RecordItem[]): Promise<void> {
    if (this.down) throw transientError('store.unavailable', 'flaky store: down');
    const bad = items.find((item) => this.poison.has(item.observation.id));
    if (bad !== undefined)
      throw validationError('store.invalid-record', `flaky store: "${bad.observation.id}" is poison`);
    this.received.push(...items.map((item) => item.observation.id));
    await this.inner.recordMany(items);
    if (this.loseAcks > 0) {
      this.loseAcks -= 1;
      throw transientError('store.unavailable', 'flaky store: reply lost');
    }
  }

  record(observation: Observation, judgements: readonly Judgement[]): Promise<void> {
    return this.recordMany([{ observation, judgements }]);
  }

  async recordGap(gap: CoverageGap): Promise<void> {
    if (this.down) throw transientError('store.unavailable', 'flaky store: down');
    await this.inner.recordGap(gap);
  }

  observations(query: ObservationQuery): Promise<Observation[]> {
    return this.inner.observations(query);
  }

  tallies(claimIds: readonly string[], from: number, to: number): Promise<Map<string, HourTally[]>> {
    return this.inner.tallies(claimIds, from, to);
  }

  slotTallies(claimIds: readonly string[], from: number, to: number): Promise<Map<string, SlotTally[]>> {
    return this.inner.slotTallies(claimIds, from, to);
  }

  monitoringSince(claimIds: readonly string[]): Promise<Map<string, number>> {
    return this.inner.monitoringSince(claimIds);
  }

  gaps(query: { readonly probeId?: string; readonly from: number; readonly to: number }): Promise<CoverageGap[]> {
    return this.inner.gaps(query);
  }

  lastRunAt(probeId: string): Promise<number | undefined> {
    return this.inner.lastRunAt(probeId);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
