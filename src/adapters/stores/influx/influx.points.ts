import { createHash } from 'node:crypto';
import type { IPoint } from 'influx';
import type { CoverageGap } from '../../../app/ports.ts';
import type { ProbeKind } from '../../../domain/channel.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation, Outcome } from '../../../domain/observation.ts';
import type { Row } from './influx.io.ts';
import { M } from './influx.schema.ts';

/**
 * Observations, judgements and gaps as InfluxDB points, and back. Writes use nanosecond precision, explicitly:
 * a point's time is its start in whole milliseconds plus a sub-millisecond offset (0-999,999 ns) taken from a hash of
 * the observation id. Read at millisecond precision it is the observation's start; yet two observations that start in
 * the same millisecond (two probes fired by one cron tick) are different points, while the SAME observation written
 * twice lands on the same series and nanosecond and overwrites itself.
 */

const digest = (id: string): Buffer => createHash('sha256').update(id).digest();

/** `ms` as an InfluxDB nanosecond timestamp string (ms must be a non-negative safe integer). */
export const nanos = (ms: number): string => (ms === 0 ? '0' : `${ms}000000`);

/** The point time of an observation (and of its judgements): its start, plus an id-derived sub-millisecond offset. */
export function pointTime(startedAt: number, id: string): string {
  const ms = Math.floor(startedAt);
  const offset = digest(id).readUInt32BE(0) % 1_000_000;
  return ms === 0 ? String(offset) : `${ms}${String(offset).padStart(6, '0')}`;
}

const REGISTRY_BASE = 345_600_000_000_000n; // Monday 5 January 1970, where an INF policy's 7-day shard group starts
const REGISTRY_SPAN = 604_800_000_000_000n; // one week of nanoseconds: one shard, ~6e14 slots

/**
 * Where an id sits in the id registry: a time derived from the id alone, within one week of 1970 (one shard), so a
 * lookup is a point read by time whatever the observation's start, and an id can be checked before it is written.
 */
export function registryTime(id: string): string {
  return String(REGISTRY_BASE + (digest(id).readBigUInt64BE(8) % REGISTRY_SPAN));
}

/** The part of an observation not held in tags or the `id`/`started_at` fields, kept as JSON for an exact round trip. */
type Body = Omit<Observation, 'id' | 'probeId' | 'kind' | 'startedAt' | 'outcome'>;

const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

export function observationPoint(o: Observation): IPoint {
  const { id, probeId, kind, startedAt, outcome, ...body } = o;
  const t = o.timings;
  const fields: Record<string, unknown> = {
    id,
    started_at: startedAt,
    body: JSON.stringify(body satisfies Body),
    human_reached: o.humanReached,
    total_ms: t.totalMs,
  };
  if (t.connectMs !== undefined) fields.connect_ms = t.connectMs;
  if (t.firstResponseMs !== undefined) fields.first_response_ms = t.firstResponseMs;
  if (t.humanMs !== undefined) fields.human_ms = t.humanMs;
  if (t.autoReplyMs !== undefined) fields.auto_reply_ms = t.autoReplyMs;
  return {
    measurement: M.observation,
    // A fleet attempt's location is a tag too (a catalogue's `locations`): a query by location reads its series only.
    tags: { probe: probeId, kind, outcome, ...(o.location === undefined ? {} : { location: o.location }) },
    fields,
    timestamp: pointTime(startedAt, id),
  };
}

export function judgementPoint(j: Judgement): IPoint {
  return {
    measurement: M.judgement,
    tags: {
      claim: j.claimId,
      hour_of_week: String(j.hourOfWeek),
      in_force: String(j.inForce),
      counted: String(j.counted),
      met: String(j.met),
    },
    fields: { observation_id: j.observationId, reason: oneLine(j.reason), value: 1 },
    timestamp: pointTime(j.at, j.observationId),
  };
}

/**
 * Which of the registry's 4,096 series an id is in (its `bucket` tag: 3 hex digits of the id's hash). influxd answers
 * a point read from its write cache by copying every cached value of the series first, so with one series a lookup
 * cost grew with every id written since the last snapshot (a day-long replay became quadratic); per bucket it is
 * 1/4,096 of that. Registries written before the tag have one untagged series, which lookups still read.
 */
export function registryBucket(id: string): string {
  return digest(id).toString('hex', 8, 10).slice(0, 3);
}

/** A registry entry: written last, once the observation's own points are stored. */
export function registryPoint(o: Observation): IPoint {
  return {
    measurement: M.observationId,
    tags: { bucket: registryBucket(o.id) },
    fields: { id: o.id, started_at: o.startedAt },
    timestamp: registryTime(o.id),
  };
}

/** Monitoring start: written only when earlier than any known, at its own millisecond, so points stay few. */
export function claimStartPoint(claimId: string, at: number): IPoint {
  return { measurement: M.claimStart, tags: { claim: claimId }, fields: { at }, timestamp: nanos(Math.floor(at)) };
}

/** Latest run: one point per probe and hour, rewritten only with a later start, so the hour keeps its newest run. */
export function probeLastPoint(probeId: string, at: number): IPoint {
  const hour = Math.floor(at / 3_600_000) * 3_600_000;
  return { measurement: M.probeLast, tags: { probe: probeId }, fields: { at }, timestamp: nanos(hour) };
}

/** A gap is keyed by probe and start: recording it again (longer, or with more missed runs) updates it. */
export function gapPoint(gap: CoverageGap): IPoint {
  return {
    measurement: M.gap,
    tags: { probe: gap.probeId },
    fields: { from_ms: gap.from, to_ms: gap.to, missed_runs: gap.missedRuns, reason: oneLine(gap.reason) },
    timestamp: nanos(Math.floor(gap.from)),
  };
}

const text = (row: Row, key: string): string => {
  const value = row[key];
  if (typeof value !== 'string') throw new TypeError(`influx row has no string "${key}"`);
  return value;
};
const num = (row: Row, key: string): number => {
  const value = row[key];
  if (typeof value !== 'number') throw new TypeError(`influx row has no number "${key}"`);
  return value;
};

export function decodeObservation(row: Row): Observation {
  const body = JSON.parse(text(row, 'body')) as Body;
  return {
    id: text(row, 'id'),
    probeId: text(row, 'probe'),
    kind: text(row, 'kind') as ProbeKind,
    startedAt: num(row, 'started_at'),
    outcome: text(row, 'outcome') as Outcome,
    ...body,
  };
}

export function decodeGap(row: Row): CoverageGap {
  return {
    probeId: text(row, 'probe'),
    from: num(row, 'from_ms'),
    to: num(row, 'to_ms'),
    missedRuns: num(row, 'missed_runs'),
    reason: text(row, 'reason'),
  };
}
