import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ProbeKind } from '../../../domain/channel.ts';
import { fatalError, KeptError, transientError, validationError } from '../../../domain/errors.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation, Outcome } from '../../../domain/observation.ts';
import type { CoverageGap } from '../../../app/ports.ts';
import { storageError } from '../storage-error.ts';
import { uuidFromBytes, uuidToBytes } from '../../ids/uuid7.ts';

/**
 * An observation row as `SELECT id, probe_id, kind, started_at, outcome, body, evidence.data` returns it in raw mode:
 * the id as 16 bytes or text (encodeId), kind and outcome as codes or text (KIND_CODES, OUTCOME_CODES), the evidence
 * as JSON text, deflated JSON bytes, or null (none recorded).
 */
export type ObservationRow = [
  id: Uint8Array | string,
  probeId: string,
  kind: number | string,
  startedAt: number,
  outcome: number | string,
  body: string,
  evidence: Uint8Array | string | null,
];

/** Stored codes of probe kinds and outcomes (the index). Append only: a stored code never changes its meaning. */
export const KIND_CODES: readonly ProbeKind[] = ['chat-api', 'browser-chat', 'sip', 'email'];
export const OUTCOME_CODES: readonly Outcome[] = ['answered', 'unanswered', 'rejected', 'inconclusive'];

/** A name's stored code; a name the list does not know is stored as its text. */
export function encodeName(codes: readonly string[], name: string): number | string {
  const code = codes.indexOf(name);
  return code < 0 ? name : code;
}

const decodeName = (codes: readonly string[], value: number | string): string =>
  typeof value === 'number' ? (codes[value] ?? String(value)) : value;

/** A canonical UUID is stored as its 16 bytes, any other id as its text; both read back as the text given. */
export function encodeId(id: string): Buffer | string {
  return uuidToBytes(id) ?? id;
}

export function decodeId(value: Uint8Array | string): string {
  return typeof value === 'string' ? value : uuidFromBytes(value);
}

/** The part of an observation that is not in a column of its own, stored as JSON with short keys. */
type Body = Omit<Observation, 'id' | 'probeId' | 'kind' | 'startedAt' | 'outcome' | 'evidence'>;

/**
 * Short keys for the body's fields and the timings (which are stored as an array when they hold only the five known
 * ones; a body of only timings and `humanReached` is one array of six): a chat attempt's body takes about 25 bytes
 * instead of 115. Keys not listed are stored as they are, and rows
 * written before version 3 (long keys) read back unchanged. Append only.
 */
const BODY_KEYS: Readonly<Record<string, string>> = {
  timings: 't',
  humanReached: 'H',
  reason: 'r',
  autoReplyPromise: 'p',
  findings: 'f',
  location: 'L',
};
const TIMING_KEYS: Readonly<Record<string, string>> = {
  connectMs: 'c',
  firstResponseMs: 'f',
  humanMs: 'h',
  autoReplyMs: 'a',
  totalMs: 't',
};
const invert = (keys: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(keys).map(([long, short]) => [short, long]));
const BODY_NAMES = invert(BODY_KEYS);
const TIMING_NAMES = invert(TIMING_KEYS);

function rename(object: object, keys: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[keys[key] ?? key] = value;
  return out;
}

/** The timings in this order are stored as one array (absent ones as null) when they are all a body has. */
const TIMING_ORDER = ['connectMs', 'firstResponseMs', 'humanMs', 'autoReplyMs', 'totalMs'] as const;

/** The timings as `[connect, first response, human, auto-reply, total]`, or undefined when they hold another key. */
function timingArray(timings: object): (number | null)[] | undefined {
  const values: (number | null)[] = [null, null, null, null, null];
  for (const [key, value] of Object.entries(timings)) {
    if (value === undefined) continue;
    const at = (TIMING_ORDER as readonly string[]).indexOf(key);
    if (at < 0 || typeof value !== 'number') return undefined;
    values[at] = value;
  }
  return values;
}

function timingObject(values: readonly (number | null)[]): Record<string, number> {
  const timings: Record<string, number> = {};
  values.forEach((value, i) => {
    if (value !== null) timings[TIMING_ORDER[i] as string] = value;
  });
  return timings;
}

/** The observation's own keys that may be present when its body is only timings and `humanReached`. */
const PLAIN_KEYS = new Set(['id', 'probeId', 'kind', 'startedAt', 'outcome', 'evidence', 'timings', 'humanReached']);

/**
 * The body's common form, `[c, f, h, a, t, 0 or 1]` (the five timings in TIMING_ORDER, null where absent, then whether
 * a human was reached), written as text in one pass without intermediate objects or arrays: the same text
 * `JSON.stringify` gives for that array. Undefined when the observation holds anything else, or a timing that is not a
 * number or not one of the five: then the object form.
 */
function arrayBody(observation: Observation): string | undefined {
  const { timings, humanReached } = observation;
  if (typeof humanReached !== 'boolean' || typeof timings !== 'object' || timings === null) return undefined;
  for (const key in observation)
    if (!PLAIN_KEYS.has(key) && (observation as unknown as Record<string, unknown>)[key] !== undefined)
      return undefined;
  let present = 0;
  for (const key in timings) if ((timings as unknown as Record<string, unknown>)[key] !== undefined) present += 1;
  let text = '[';
  for (const key of TIMING_ORDER) {
    const value: unknown = timings[key];
    if (value === undefined) text += 'null,';
    else if (typeof value !== 'number') return undefined;
    else {
      text += `${JSON.stringify(value)},`;
      present -= 1;
    }
  }
  // A timing key outside the five: the object form keeps it.
  if (present !== 0) return undefined;
  return `${text}${humanReached ? 1 : 0}]`;
}

/**
 * The part of an observation that is not in a column of its own, as stored: the array form when it fits (most
 * observations), else an object with short keys and the timings as an array of five when they are only the known ones.
 */
export function encodeBody(observation: Observation): string {
  const array = arrayBody(observation);
  if (array !== undefined) return array;
  const { id: _i, probeId: _p, kind: _k, startedAt: _s, outcome: _o, evidence: _e, ...body } = observation;
  const short = rename(body, BODY_KEYS);
  if (body.timings !== undefined && body.timings !== null)
    short.t = timingArray(body.timings) ?? rename(body.timings, TIMING_KEYS);
  return JSON.stringify(short);
}

/** Evidence JSON longer than this is stored deflated (raw deflate, level 1): long transcripts and mail bodies. */
export const DEFLATE_ABOVE = 1024;

export function encodeEvidence(evidence: Observation['evidence'] | undefined): Buffer | string | null {
  if (evidence === undefined) return null;
  const text = JSON.stringify(evidence);
  return text.length > DEFLATE_ABOVE ? deflateRawSync(text, { level: 1 }) : text;
}

/** The body's fields from any form encodeBody wrote (or version 2's long keys). */
function decodeBody(parsed: object): Record<string, unknown> {
  if (Array.isArray(parsed))
    return { timings: timingObject(parsed.slice(0, 5) as (number | null)[]), humanReached: parsed[5] === 1 };
  const rest = rename(parsed, BODY_NAMES);
  const timings = rest.timings;
  if (Array.isArray(timings)) rest.timings = timingObject(timings as (number | null)[]);
  else if (typeof timings === 'object' && timings !== null) rest.timings = rename(timings, TIMING_NAMES);
  return rest;
}

/** Rebuilds an observation; keys that were undefined when recorded stay absent. */
export function decodeObservation(row: ObservationRow): Observation {
  const [id, probeId, kind, startedAt, outcome, body, evidence] = row;
  const rest = decodeBody(JSON.parse(body) as object) as Body & { evidence?: Observation['evidence'] };
  if (evidence !== null) {
    rest.evidence = JSON.parse(
      typeof evidence === 'string' ? evidence : inflateRawSync(evidence).toString('utf8'),
    ) as Observation['evidence'];
  }
  return {
    id: decodeId(id),
    probeId,
    kind: decodeName(KIND_CODES, kind) as ProbeKind,
    startedAt,
    outcome: decodeName(OUTCOME_CODES, outcome) as Outcome,
    ...rest,
  } as Observation;
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
  if (typeof observation.probeId !== 'string' || observation.probeId === '')
    badRecord(observation, 'the probe id is empty');
  if (!finite(observation.startedAt)) badRecord(observation, 'startedAt is not a finite number');
  // Most observations are judged for one to a few claims: compare pairwise then, and use a set past that.
  const seen = judgements.length > 8 ? new Set<string>() : undefined;
  for (let i = 0; i < judgements.length; i += 1) {
    const j = judgements[i] as Judgement;
    if (j.observationId !== observation.id)
      badRecord(observation, `a judgement for claim "${j.claimId}" belongs to "${j.observationId}"`);
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
    throw validationError(
      'store.invalid-gap',
      `a coverage gap needs a probe id and from < to (got ${gap.from}..${gap.to})`,
    );
  }
  if (!Number.isInteger(gap.missedRuns) || gap.missedRuns < 0) {
    throw validationError(
      'store.invalid-gap',
      `a coverage gap's missed runs must be a whole number (got ${gap.missedRuns})`,
    );
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
