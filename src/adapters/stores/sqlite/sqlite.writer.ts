import { fatalError } from '../../../domain/errors.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation } from '../../../domain/observation.ts';
import {
  JUDGEMENT_SENT,
  judgementTuple,
  JudgementRows,
  Rollup,
  RowInserter,
  type Statements,
} from './sqlite.batch-rows.ts';
import { SQL } from './sqlite.queries.ts';
import {
  checkRecord,
  decodeId,
  encodeBody,
  encodeEvidence,
  encodeId,
  encodeName,
  KIND_CODES,
  OUTCOME_CODES,
} from './sqlite.rows.ts';

export type { Statements } from './sqlite.batch-rows.ts';

export interface RecordItem {
  readonly observation: Observation;
  readonly judgements: readonly Judgement[];
}

/** Values per record gathered in the first pass: the observation, its id as stored, its probe's place. */
const RECORD_WIDTH = 3;

/**
 * The positions of the records whose ids are already stored, or undefined when none is. `records` holds RECORD_WIDTH
 * values a record, the observation first and its id as stored (16 bytes for a canonical UUID, else its text) second.
 * Observation ids are time-ordered (UUIDv7), so a batch of new observations usually holds only ids above the largest
 * stored one (in byte order, which UUIDs keep): then one index probe answers for the whole batch. Otherwise one query
 * looks every id up.
 */
function storedAmong(db: Statements, records: readonly unknown[]): Set<number> | undefined {
  let lowest: Buffer | undefined;
  let text = false;
  for (let i = 1; i < records.length; i += RECORD_WIDTH) {
    const id = records[i] as Buffer | string;
    if (typeof id === 'string') text = true;
    else if (lowest === undefined || Buffer.compare(id, lowest) < 0) lowest = id;
  }
  if (!text && lowest !== undefined) {
    // BLOBs sort after text in SQLite: the largest id is the largest UUID when there is any.
    const newest = db.first<[Uint8Array | string | null]>(SQL.newestId, [])?.[0] ?? null;
    if (typeof newest === 'string' || newest === null || Buffer.compare(lowest, newest) > 0) return undefined;
  }
  const uuids: string[] = [];
  const others: string[] = [];
  for (let i = 1; i < records.length; i += RECORD_WIDTH) {
    const id = records[i] as Buffer | string;
    if (typeof id === 'string') others.push(id);
    else uuids.push(id.toString('hex'));
  }
  const rows = db.rows<[Uint8Array | string]>(SQL.existingIds, [JSON.stringify(uuids), JSON.stringify(others)]);
  if (rows.length === 0) return undefined;
  const stored = new Set(rows.map(([id]) => decodeId(id)));
  const positions = new Set<number>();
  for (let i = 0; i < records.length; i += RECORD_WIDTH)
    if (stored.has((records[i] as Observation).id)) positions.add(i / RECORD_WIDTH);
  return positions;
}

/** Distinct names (probe or claim ids) of a batch, each with its place in order of first sight and one number. */
class Places {
  readonly names: string[] = [];
  readonly values: number[] = [];
  readonly #places = new Map<string, number>();

  /** The name's place; its number is `value` the first time, then `keep(number so far, value)`. */
  place(name: string, value: number, keep: (had: number, value: number) => number): number {
    let at = this.#places.get(name);
    if (at === undefined) {
      at = this.names.length;
      this.#places.set(name, at);
      this.names.push(name);
      this.values.push(value);
    } else this.values[at] = keep(this.values[at] as number, value);
    return at;
  }

  /** `[name, number]` pairs as JSON, for an upsert from `json_each`. */
  json(): string {
    return JSON.stringify(this.names.map((name, at) => [name, this.values[at]]));
  }

  /** The keys an upsert returned as `[name, key]` rows, by place. */
  keys(rows: readonly [string, number][]): number[] {
    const byName = new Map(rows);
    return this.names.map((name) => byName.get(name) as number);
  }
}

/**
 * Writes a batch inside the caller's IMMEDIATE transaction, with a fixed number of statement calls per batch (plus one
 * per 100 rows). The first pass checks each record (`checkRecord`: a bad record rolls the whole batch back), skips
 * what is too late or given twice, encodes the id, gathers each probe's newest run and each claim's earliest
 * judgement, and keeps the judgements as numbers. Then what is already stored is found, probes and claims are upserted
 * once each, and a second pass encodes the rest of each new observation (kind, outcome, body, evidence) just before
 * its row goes into a 100-row statement, which inserts observations, evidence and judgements; the rollup is added to
 * each touched claim-day once. A batch of 20,000 records is larger than the processor's caches: the second pass reads
 * the observation again, but the parts only it needs (timings, evidence) are read once, and what it makes (about 400
 * bytes of text a record) is garbage before the next 100 rows. Made in the first pass, a batch's texts (8 MB at
 * 20,000) outlived a young-generation collection or two and were copied by each: encoding them here gave 15-25% more
 * observations per CPU-second.
 */
export function writeBatch(db: Statements, items: readonly RecordItem[]): void {
  const prunedBefore = db.first<[number]>(SQL.prunedBefore, [])?.[0] ?? -Infinity;
  const given = new Set<string>();
  // A record already stored (skipped below) may be among these: it was counted when it was stored, so the newest run
  // and earliest judgement it gives leave the stored ones as they are.
  const probes = new Places();
  const claims = new Places();
  const records: unknown[] = [];
  const judgements = new JudgementRows();
  for (const item of items) {
    const o = item.observation;
    checkRecord(o, item.judgements);
    // Before `pruned_before` its raw rows may have been pruned: counting it again could double it.
    if (!(o.startedAt >= prunedBefore) || given.has(o.id)) continue;
    given.add(o.id);
    const position = records.length / RECORD_WIDTH;
    records.push(o, encodeId(o.id), probes.place(o.probeId, o.startedAt, Math.max));
    for (const j of item.judgements) {
      const claim = claims.place(j.claimId, j.at, Math.min);
      judgements.add(claim, j.at, position, j.hourOfWeek, j.inForce ? 1 : 0, j.counted ? 1 : 0, j.met ? 1 : 0);
    }
  }
  const count = records.length / RECORD_WIDTH;
  if (count === 0) return;
  const stored = storedAmong(db, records);
  if (stored?.size === count) return;
  const probeKeys = probes.keys(db.rows<[string, number]>(SQL.upsertProbes, [probes.json()]));
  const claimKeys = claims.keys(db.rows<[string, number]>(SQL.upsertClaims, [claims.json()]));

  let seq = db.first<[number | null]>(SQL.maxSeq, [])?.[0] ?? 0;
  /** Each record's seq by position; 0 for one already stored. */
  const seqOf = new Float64Array(count);
  // Without its seq: SQLite gives a row without one `max(seq) + 1`, which is the seq counted here (checked below).
  const observations = new RowInserter(db, SQL.insertObservations, 6);
  const evidence = new RowInserter(db, SQL.insertEvidence, 2);
  const o6 = observations.values;
  const e2 = evidence.values;
  for (let position = 0, r = 0; position < count; position += 1, r += RECORD_WIDTH) {
    if (stored?.has(position) === true) continue;
    seq += 1;
    seqOf[position] = seq;
    const o = records[r] as Observation;
    let at = observations.next();
    o6[at] = records[r + 1];
    o6[at + 1] = probeKeys[records[r + 2] as number];
    o6[at + 2] = encodeName(KIND_CODES, o.kind);
    o6[at + 3] = o.startedAt;
    o6[at + 4] = encodeName(OUTCOME_CODES, o.outcome);
    o6[at + 5] = encodeBody(o);
    const data = encodeEvidence(o.evidence);
    if (data !== null) {
      at = evidence.next();
      e2[at] = seq;
      e2[at + 1] = data;
    }
  }
  observations.flush();
  const last = db.first<[number | null]>(SQL.maxSeq, [])?.[0] ?? 0;
  if (last !== seq) throw fatalError('store.failed', `sqlite store: observations numbered up to ${last}, not ${seq}`);
  evidence.flush();
  judgements.resolve(claimKeys, seqOf);
  judgements.insert(new RowInserter(db, SQL.insertJudgements, JUDGEMENT_SENT, judgementTuple));
  const rollup = new Rollup();
  judgements.countInto(rollup);
  rollup.save(db);
}
