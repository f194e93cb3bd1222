import { hourStartOf, HOUR_MS } from '../../../domain/evaluation/tally.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation } from '../../../domain/observation.ts';
import { dayStartOf, decodeDay, encodeDay, type DayCounts } from './sqlite.days.ts';
import { SQL } from './sqlite.queries.ts';
import {
  decodeId, encodeBody, encodeEvidence, encodeId, encodeName, KIND_CODES, OUTCOME_CODES,
} from './sqlite.rows.ts';
import { CANONICAL_UUID } from '../../ids/uuid7.ts';

export interface RecordItem {
  readonly observation: Observation;
  readonly judgements: readonly Judgement[];
}

/** The three ways the writer talks to SQLite, each a prepared (and cached) statement with positional parameters. */
export interface Statements {
  first<Row>(sql: string, params: readonly unknown[]): Row | undefined;
  rows<Row>(sql: string, params: readonly unknown[]): Row[];
  run(sql: string, params: readonly unknown[]): number;
}

/** Rows per multi-row INSERT: each statement call crosses into SQLite once for up to this many rows. */
const ROWS_PER_INSERT = 100;

/**
 * Inserts rows, given as one flat array of `width` values per row, through `INSERT … VALUES (…), (…), …` statements of
 * up to ROWS_PER_INSERT rows: crossing from JavaScript into SQLite costs microseconds per call, so one call per 100
 * rows instead of one per row.
 */
function insertRows(db: Statements, head: string, width: number, values: readonly unknown[]): void {
  const tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
  const step = ROWS_PER_INSERT * width;
  for (let i = 0; i < values.length; i += step) {
    const chunk = values.length - i > step ? values.slice(i, i + step) : i === 0 ? values : values.slice(i);
    db.run(`${head} VALUES ${new Array<string>(chunk.length / width).fill(tuple).join(', ')}`, chunk);
  }
}

/** Which count a judgement adds to: 0 met, 1 failed (counted, not met), 2 inconclusive (in force, not counted), 3 out of force. */
export function countColumn(judgement: Pick<Judgement, 'inForce' | 'counted' | 'met'>): 0 | 1 | 2 | 3 {
  if (!judgement.inForce) return 3;
  if (!judgement.counted) return 2;
  return judgement.met ? 0 : 1;
}

/** A batch's judgements summed by claim, UTC day and (hour of the day, hour of week): added to `daily` once per day. */
class Rollup {
  readonly #days = new Map<string, { claimKey: number; dayStart: number; counts: DayCounts }>();

  add(claimKey: number, j: Judgement): void {
    const hourStart = hourStartOf(j.at);
    const dayStart = dayStartOf(hourStart);
    const id = `${claimKey}|${dayStart}`;
    let day = this.#days.get(id);
    if (day === undefined) this.#days.set(id, (day = { claimKey, dayStart, counts: new Map() }));
    const key = ((hourStart - dayStart) / HOUR_MS) * 1000 + j.hourOfWeek;
    let counts = day.counts.get(key);
    if (counts === undefined) day.counts.set(key, (counts = [0, 0, 0, 0]));
    counts[countColumn(j)] += 1;
  }

  /** Reads the touched days in one query, adds this batch's counts, and writes them back in one statement. */
  save(db: Statements): void {
    if (this.#days.size === 0) return;
    const keys = [...this.#days.values()].map((d) => [d.claimKey, d.dayStart]);
    for (const [claimKey, dayStart, text] of db.rows<[number, number, string]>(SQL.readDays, [JSON.stringify(keys)])) {
      const day = this.#days.get(`${claimKey}|${dayStart}`);
      if (day === undefined) continue;
      for (const [key, stored] of decodeDay(text)) {
        const counts = day.counts.get(key);
        if (counts === undefined) day.counts.set(key, stored);
        else for (let c = 0; c < 4; c += 1) counts[c] = (counts[c] as number) + (stored[c] as number);
      }
    }
    const rows = [...this.#days.values()].map((d) => [d.claimKey, d.dayStart, encodeDay(d.counts)]);
    db.run(SQL.writeDays, [JSON.stringify(rows)]);
  }
}

/**
 * Writes a batch inside the caller's IMMEDIATE transaction, with a fixed number of statement calls per batch (plus one
 * per 100 rows): skip what is already stored or too late, upsert probes and claims once each, insert observations and
 * judgements in multi-row statements, then add the rollup to each touched claim-day once.
 */
export function writeBatch(db: Statements, items: readonly RecordItem[]): void {
  const prunedBefore = db.first<[number]>(SQL.prunedBefore, [])?.[0] ?? -Infinity;
  const candidates = new Map<string, RecordItem>();
  for (const item of items) {
    const o = item.observation;
    // Before `pruned_before` its raw rows may have been pruned: counting it again could double it.
    if (o.startedAt >= prunedBefore && !candidates.has(o.id)) candidates.set(o.id, item);
  }
  if (candidates.size === 0) return;
  const uuids: string[] = [];
  const others: string[] = [];
  for (const id of candidates.keys()) {
    if (CANONICAL_UUID.test(id)) uuids.push(id.replaceAll('-', ''));
    else others.push(id);
  }
  const stored = db.rows<[Uint8Array | string]>(SQL.existingIds, [JSON.stringify(uuids), JSON.stringify(others)]);
  for (const [id] of stored) candidates.delete(decodeId(id));
  const fresh = [...candidates.values()];
  if (fresh.length === 0) return;

  const lastRun = new Map<string, number>();
  const since = new Map<string, number>();
  for (const { observation: o, judgements } of fresh) {
    if (!(o.startedAt <= (lastRun.get(o.probeId) ?? -Infinity))) lastRun.set(o.probeId, o.startedAt);
    for (const j of judgements) if (!(j.at >= (since.get(j.claimId) ?? Infinity))) since.set(j.claimId, j.at);
  }
  const probeKeys = new Map(db.rows<[string, number]>(SQL.upsertProbes, [JSON.stringify([...lastRun])]));
  const claimKeys = new Map(db.rows<[string, number]>(SQL.upsertClaims, [JSON.stringify([...since])]));

  let seq = db.first<[number | null]>(SQL.maxSeq, [])?.[0] ?? 0;
  const observations: unknown[] = [];
  const judgements: unknown[] = [];
  const rollup = new Rollup();
  for (const { observation: o, judgements: js } of fresh) {
    seq += 1;
    observations.push(
      seq, encodeId(o.id), probeKeys.get(o.probeId), encodeName(KIND_CODES, o.kind), o.startedAt,
      encodeName(OUTCOME_CODES, o.outcome), encodeBody(o), encodeEvidence(o.evidence),
    );
    for (const j of js) {
      const claimKey = claimKeys.get(j.claimId) as number;
      judgements.push(claimKey, j.at, seq, j.hourOfWeek, Number(j.inForce), Number(j.counted), Number(j.met), j.reason);
      rollup.add(claimKey, j);
    }
  }
  insertRows(db, SQL.insertObservations, 8, observations);
  insertRows(db, SQL.insertJudgements, 8, judgements);
  rollup.save(db);
}
