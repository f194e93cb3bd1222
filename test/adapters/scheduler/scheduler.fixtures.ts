import type { Clock, CoverageGap, Logger, ObservationStore } from '../../../src/app/ports.ts';
import type { ProbeSchedule, ProbeSpec } from '../../../src/domain/catalogue.ts';
import type { RunProbe } from '../../../src/adapters/scheduler/scheduler.ts';

/** Test fixtures for the schedulers: a probe, a logger and a store that remember, and a probe runner that records. */

export function probe(
  schedule: Partial<ProbeSchedule> & { cron: string },
  fields: { id?: string; verifies?: string[] } = {},
): ProbeSpec {
  return {
    id: fields.id ?? 'chat-probe',
    kind: 'chat-api',
    target: 'http://127.0.0.1:9/chat',
    schedule: { timeZone: 'UTC', jitterMs: 0, timeoutMs: 1_000, ...schedule },
    verifies: fields.verifies ?? [],
    options: {},
  };
}

export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export function recordingLog(): Logger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const add =
    (level: LogEntry['level']) =>
    (message: string, fields: Readonly<Record<string, unknown>> = {}) => {
      entries.push({ level, message, fields });
    };
  return { entries, info: add('info'), warn: add('warn'), error: add('error') };
}

/** The two store methods the schedulers use, in memory. `lastRuns` maps probe ids to their last run. */
export function memoryStore(
  lastRuns: Readonly<Record<string, number>> = {},
): Pick<ObservationStore, 'lastRunAt' | 'recordGap'> & { readonly gaps: CoverageGap[] } {
  const gaps: CoverageGap[] = [];
  return {
    gaps,
    lastRunAt: async (probeId) => lastRuns[probeId],
    recordGap: async (gap) => {
      gaps.push(gap);
    },
  };
}

export interface RunRecord {
  readonly probeId: string;
  readonly scheduledAt: number;
  readonly startedAt: number;
  endedAt?: number;
}

/** A RunProbe that takes `durationMs` on `clock` and records each run and the most runs at once per probe. */
export function runRecorder(
  clock: Clock,
  durationMs: number,
): { run: RunProbe; runs: RunRecord[]; maxConcurrent: () => number } {
  const runs: RunRecord[] = [];
  const active = new Map<string, number>();
  let most = 0;
  const run: RunProbe = async (probeId, scheduledAt) => {
    const record: RunRecord = { probeId, scheduledAt, startedAt: clock.now() };
    runs.push(record);
    active.set(probeId, (active.get(probeId) ?? 0) + 1);
    most = Math.max(most, active.get(probeId) ?? 0);
    try {
      if (durationMs > 0) await clock.sleep(durationMs);
    } finally {
      active.set(probeId, (active.get(probeId) ?? 1) - 1);
      record.endedAt = clock.now();
    }
  };
  return { run, runs, maxConcurrent: () => most };
}

/**
 * Resolves once `done()` holds, checking every 10 real ms; rejects after `timeoutMs`, which only bounds a hung test:
 * the parallel pass can run a few seconds late on a loaded machine (timings: scheduler.timing.test.ts).
 */
export async function until(done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
