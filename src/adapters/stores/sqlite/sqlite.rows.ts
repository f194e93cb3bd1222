import type { ProbeKind } from '../../../domain/channel.ts';
import { fatalError, KeptError, transientError, validationError } from '../../../domain/errors.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation, Outcome } from '../../../domain/observation.ts';
import type { CoverageGap } from '../../../app/ports.ts';
import { storageError } from '../storage-error.ts';

/** An observation row as `SELECT id, probe_id, kind, started_at, outcome, body` returns it in raw mode. */
export type ObservationRow = [id: string, probeId: string, kind: string, startedAt: number, outcome: string, body: string];

/** The part of an observation that is not in an indexed column, stored as JSON. */
type Body = Omit<Observation, 'id' | 'probeId' | 'kind' | 'startedAt' | 'outcome'>;

export function encodeBody(observation: Observation): string {
  const { id: _id, probeId: _probeId, kind: _kind, startedAt: _startedAt, outcome: _outcome, ...body } = observation;
  return JSON.stringify(body);
}

/** Rebuilds an observation; keys that were undefined when recorded stay absent. */
export function decodeObservation(row: ObservationRow): Observation {
  const [id, probeId, kind, startedAt, outcome, body] = row;
  const rest = JSON.parse(body) as Body;
  return { id, probeId, kind: kind as ProbeKind, startedAt, outcome: outcome as Outcome, ...rest };
}

/** A gap row as `SELECT probe_id, from_ms, to_ms, missed_runs, reason` returns it in raw mode. */
export type GapRow = [probeId: string, from: number, to: number, missedRuns: number, reason: string];

export function decodeGap([probeId, from, to, missedRuns, reason]: GapRow): CoverageGap {
  return { probeId, from, to, missedRuns, reason };
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function badRecord(observation: Observation, message: string): never {
  throw validationError('store.invalid-record', `observation "${observation.id}": ${message}`);
}

/** Rejects what would corrupt the store or its rollups; a store never guesses what a caller meant. */
export function checkRecord(observation: Observation, judgements: readonly Judgement[]): void {
  if (typeof observation.id !== 'string' || observation.id === '') badRecord(observation, 'the id is empty');
  if (typeof observation.probeId !== 'string' || observation.probeId === '') badRecord(observation, 'the probe id is empty');
  if (!finite(observation.startedAt)) badRecord(observation, 'startedAt is not a finite number');
  // Most observations are judged for one to a few claims: compare pairwise then, and use a set past that.
  const seen = judgements.length > 8 ? new Set<string>() : undefined;
  for (let i = 0; i < judgements.length; i += 1) {
    const j = judgements[i] as Judgement;
    if (j.observationId !== observation.id) badRecord(observation, `a judgement for claim "${j.claimId}" belongs to "${j.observationId}"`);
    let twice = seen !== undefined && seen.has(j.claimId);
    for (let k = 0; seen === undefined && k < i; k += 1) twice ||= (judgements[k] as Judgement).claimId === j.claimId;
    if (twice) badRecord(observation, `claim "${j.claimId}" is judged twice`);
    seen?.add(j.claimId);
    if (!finite(j.at)) badRecord(observation, `the judgement for claim "${j.claimId}" has no finite time`);
    if (!Number.isInteger(j.hourOfWeek) || j.hourOfWeek < 0 || j.hourOfWeek > 167) {
      badRecord(observation, `the judgement for claim "${j.claimId}" has hour of week ${j.hourOfWeek}`);
    }
  }
}

export function checkGap(gap: CoverageGap): void {
  if (gap.probeId === '' || !finite(gap.from) || !finite(gap.to) || gap.to <= gap.from) {
    throw validationError('store.invalid-gap', `a coverage gap needs a probe id and from < to (got ${gap.from}..${gap.to})`);
  }
  if (!Number.isInteger(gap.missedRuns) || gap.missedRuns < 0) {
    throw validationError('store.invalid-gap', `a coverage gap's missed runs must be a whole number (got ${gap.missedRuns})`);
  }
}

export const MAX_LIMIT = 10_000;
export const DEFAULT_LIMIT = 100;

export function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw validationError('store.invalid-limit', `a query limit must be a whole number of at least 1 (got ${limit})`);
  }
  return Math.min(limit, MAX_LIMIT);
}

const TRANSIENT = /^SQLITE_(BUSY|LOCKED)/;

/**
 * Wraps a SQLite failure in a KeptError: a full disk is `storage.full` and a file Kept cannot write
 * `storage.unwritable` (both transient: they pass once space is freed or the file is writable); busy or locked is
 * `store.unavailable` (transient); anything else is `store.failed` (fatal: a bug).
 */
export function storeError(action: string, error: unknown): KeptError {
  if (error instanceof KeptError) return error;
  const storage = storageError(`sqlite store: ${action}`, error);
  if (storage !== undefined) return storage;
  const code = (error as { code?: unknown } | null)?.code;
  const message = `sqlite store: ${action} failed: ${error instanceof Error ? error.message : String(error)}`;
  return typeof code === 'string' && TRANSIENT.test(code)
    ? transientError('store.unavailable', message, error)
    : fatalError('store.failed', message, error);
}
