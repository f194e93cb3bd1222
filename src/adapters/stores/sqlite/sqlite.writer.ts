import { hourStartOf, HOUR_MS } from '../../../domain/evaluation/tally.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation } from '../../../domain/observation.ts';
import { dayStartOf, DayScanner, decodeDay, encodeDay, type DayCounts } from './sqlite.days.ts';
import { SQL } from './sqlite.queries.ts';
import {
  decodeId,
  encodeBody,
  encodeEvidence,
  encodeId,
  encodeName,
  KIND_CODES,
  OUTCOME_CODES,
} from './sqlite.rows.ts';

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
 * Rows for one table, inserted through `INSERT … VALUES (…), (…), …` statements of ROWS_PER_INSERT rows as they are
 * added: crossing from JavaScript into SQLite costs microseconds per call, so one call per 100 rows instead of one per
 * row. A row's values are written straight into `values` at the offset `next()` gives (no array per row, no call per
 * value); that one array is reused for every statement, and the full-size statement's SQL is one string made once, so
 * its prepared statement is found without building or hashing it again. Inserting each 100 at once, instead of holding
 * a batch's rows in one large array, keeps what the garbage collector has to copy small (a batch of 20,000 held whole
 * cost a fifth of the write time in collections).
 */
class RowInserter {
  /** The parameters of the statement being filled; the row begun by `next()` goes at the offset it returned. */
  readonly values: unknown[];
  readonly #db: Statements;
  readonly #head: string;
  readonly #width: number;
  readonly #tuple: string;
  readonly #fullSql: string;
  #count = 0;

  constructor(db: Statements, head: string, width: number) {
    this.#db = db;
    this.#head = head;
    this.#width = width;
    this.#tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
    this.#fullSql = this.#sql(ROWS_PER_INSERT);
    this.values = new Array<unknown>(ROWS_PER_INSERT * width);
  }

  #sql(rows: number): string {
    return `${this.#head} VALUES ${new Array<string>(rows).fill(this.#tuple).join(', ')}`;
  }

  /** Begins a row: the offset of its first value in `values`. A full statement's worth is inserted first. */
  next(): number {
    if (this.#count === this.values.length) {
      this.#db.run(this.#fullSql, this.values);
      this.#count = 0;
    }
    const at = this.#count;
    this.#count += this.#width;
    return at;
  }

  flush(): void {
    if (this.#count === 0) return;
    if (this.#count === this.values.length) this.#db.run(this.#fullSql, this.values);
    else this.#db.run(this.#sql(this.#count / this.#width), this.values.slice(0, this.#count));
    this.#count = 0;
  }
}

/** Values per judgement row: claim key, at, observation seq, hour of week, in force, counted, met. */
const JUDGEMENT_WIDTH = 7;

/**
 * A batch's judgement rows, held as numbers (one typed array, nothing for the garbage collector to copy) and inserted
 * in the order of the judgements' key, (claim, at, seq). A batch holds judgements of many claims interleaved (one per
 * probe run), and each claim's rows go at their own place in the key: inserted in key order, consecutive rows land on
 * the same page, which SQLite still has at hand (measured: 1.8 µs a row instead of 3.1 with 1,000 claims, the sort
 * included). The rows, and so the table, are the same in any order.
 */
class JudgementRows {
  #data = new Float64Array(JUDGEMENT_WIDTH * 1_024);
  #count = 0;

  add(claimKey: number, at: number, seq: number, hourOfWeek: number, inForce: 0 | 1, counted: 0 | 1, met: 0 | 1): void {
    if ((this.#count + 1) * JUDGEMENT_WIDTH > this.#data.length) {
      const bigger = new Float64Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    const d = this.#data;
    const i = this.#count * JUDGEMENT_WIDTH;
    d[i] = claimKey;
    d[i + 1] = at;
    d[i + 2] = seq;
    d[i + 3] = hourOfWeek;
    d[i + 4] = inForce;
    d[i + 5] = counted;
    d[i + 6] = met;
    this.#count += 1;
  }

  /** Inserts every row held, in key order, through `rows`. */
  insert(rows: RowInserter): void {
    const d = this.#data;
    const order = new Uint32Array(this.#count);
    for (let k = 0; k < order.length; k += 1) order[k] = k * JUDGEMENT_WIDTH;
    order.sort(
      (a, b) =>
        (d[a] as number) - (d[b] as number) ||
        (d[a + 1] as number) - (d[b + 1] as number) ||
        (d[a + 2] as number) - (d[b + 2] as number),
    );
    const v = rows.values;
    for (const i of order) {
      const at = rows.next();
      for (let c = 0; c < JUDGEMENT_WIDTH; c += 1) v[at + c] = d[i + c];
    }
    rows.flush();
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
  /** By claim key, then by day start. */
  readonly #claims = new Map<number, Map<number, DayCounts>>();

  add(claimKey: number, j: Judgement): void {
    const hourStart = hourStartOf(j.at);
    const dayStart = dayStartOf(hourStart);
    let days = this.#claims.get(claimKey);
    if (days === undefined) this.#claims.set(claimKey, (days = new Map()));
    let day = days.get(dayStart);
    if (day === undefined) days.set(dayStart, (day = new Map()));
    const key = ((hourStart - dayStart) / HOUR_MS) * 1000 + j.hourOfWeek;
    let counts = day.get(key);
    if (counts === undefined) day.set(key, (counts = [0, 0, 0, 0]));
    counts[countColumn(j)] += 1;
  }

  /**
   * Reads the touched days in one query, adds this batch's counts, and writes them back in one statement. Both JSON
   * arguments are written as text directly (numbers, and day texts of letters, digits and commas, need no escaping):
   * the bench's batches touch a claim-day for every second judgement, so per-day arrays and generators were a tenth of
   * the write path.
   */
  save(db: Statements): void {
    if (this.#claims.size === 0) return;
    let keys = '';
    for (const [claimKey, days] of this.#claims)
      for (const dayStart of days.keys()) keys += `,[${claimKey},${dayStart}]`;
    const scanner = new DayScanner(); // one for every day read back: its buffer is large
    for (const [claimKey, dayStart, text] of db.rows<[number, number, string]>(SQL.readDays, [`[${keys.slice(1)}]`])) {
      const day = this.#claims.get(claimKey)?.get(dayStart);
      if (day === undefined) continue;
      for (const [key, stored] of decodeDay(text, scanner)) {
        const counts = day.get(key);
        if (counts === undefined) day.set(key, stored);
        else for (let c = 0; c < 4; c += 1) counts[c] = (counts[c] as number) + (stored[c] as number);
      }
    }
    let rows = '';
    for (const [claimKey, days] of this.#claims)
      for (const [dayStart, counts] of days) rows += `,[${claimKey},${dayStart},"${encodeDay(counts)}"]`;
    db.run(SQL.writeDays, [`[${rows.slice(1)}]`]);
  }
}

/** A record with its id as stored (16 bytes for a canonical UUID, else its text), encoded once per batch. */
interface Fresh {
  readonly item: RecordItem;
  readonly id: Buffer | string;
}

/**
 * Removes the ids already stored from `candidates`. Observation ids are time-ordered (UUIDv7), so a batch of new
 * observations usually holds only ids above the largest stored one (in byte order, which UUIDs keep): then one index
 * probe answers for the whole batch. Otherwise one query looks every id up.
 */
function dropStored(db: Statements, candidates: Map<string, Fresh>): void {
  let lowest: Buffer | undefined;
  let text = false;
  for (const { id } of candidates.values()) {
    if (typeof id === 'string') text = true;
    else if (lowest === undefined || Buffer.compare(id, lowest) < 0) lowest = id;
  }
  if (!text && lowest !== undefined) {
    // BLOBs sort after text in SQLite: the largest id is the largest UUID when there is any.
    const newest = db.first<[Uint8Array | string | null]>(SQL.newestId, [])?.[0] ?? null;
    if (typeof newest === 'string' || newest === null || Buffer.compare(lowest, newest) > 0) return;
  }
  const uuids: string[] = [];
  const others: string[] = [];
  for (const { id } of candidates.values()) {
    if (typeof id === 'string') others.push(id);
    else uuids.push(id.toString('hex'));
  }
  const stored = db.rows<[Uint8Array | string]>(SQL.existingIds, [JSON.stringify(uuids), JSON.stringify(others)]);
  for (const [id] of stored) candidates.delete(decodeId(id));
}

/**
 * Writes a batch inside the caller's IMMEDIATE transaction, with a fixed number of statement calls per batch (plus one
 * per 100 rows): skip what is already stored or too late, upsert probes and claims once each, insert observations and
 * judgements in multi-row statements, then add the rollup to each touched claim-day once. Each value is encoded once
 * and goes straight into the statement's parameters.
 */
export function writeBatch(db: Statements, items: readonly RecordItem[]): void {
  const prunedBefore = db.first<[number]>(SQL.prunedBefore, [])?.[0] ?? -Infinity;
  const candidates = new Map<string, Fresh>();
  for (const item of items) {
    const o = item.observation;
    // Before `pruned_before` its raw rows may have been pruned: counting it again could double it.
    if (o.startedAt >= prunedBefore && !candidates.has(o.id)) candidates.set(o.id, { item, id: encodeId(o.id) });
  }
  if (candidates.size === 0) return;
  dropStored(db, candidates);
  if (candidates.size === 0) return;

  const lastRun = new Map<string, number>();
  const since = new Map<string, number>();
  for (const { item } of candidates.values()) {
    const o = item.observation;
    if (!(o.startedAt <= (lastRun.get(o.probeId) ?? -Infinity))) lastRun.set(o.probeId, o.startedAt);
    for (const j of item.judgements) if (!(j.at >= (since.get(j.claimId) ?? Infinity))) since.set(j.claimId, j.at);
  }
  const probeKeys = new Map(db.rows<[string, number]>(SQL.upsertProbes, [JSON.stringify([...lastRun])]));
  const claimKeys = new Map(db.rows<[string, number]>(SQL.upsertClaims, [JSON.stringify([...since])]));

  let seq = db.first<[number | null]>(SQL.maxSeq, [])?.[0] ?? 0;
  const observations = new RowInserter(db, SQL.insertObservations, 7);
  const evidence = new RowInserter(db, SQL.insertEvidence, 2);
  const judgements = new JudgementRows();
  const rollup = new Rollup();
  const o7 = observations.values;
  const e2 = evidence.values;
  for (const { item, id } of candidates.values()) {
    const o = item.observation;
    seq += 1;
    let at = observations.next();
    o7[at] = seq;
    o7[at + 1] = id;
    o7[at + 2] = probeKeys.get(o.probeId);
    o7[at + 3] = encodeName(KIND_CODES, o.kind);
    o7[at + 4] = o.startedAt;
    o7[at + 5] = encodeName(OUTCOME_CODES, o.outcome);
    o7[at + 6] = encodeBody(o);
    const data = encodeEvidence(o.evidence);
    if (data !== null) {
      at = evidence.next();
      e2[at] = seq;
      e2[at + 1] = data;
    }
    for (const j of item.judgements) {
      const claimKey = claimKeys.get(j.claimId) as number;
      judgements.add(claimKey, j.at, seq, j.hourOfWeek, j.inForce ? 1 : 0, j.counted ? 1 : 0, j.met ? 1 : 0);
      rollup.add(claimKey, j);
    }
  }
  observations.flush();
  evidence.flush();
  judgements.insert(new RowInserter(db, SQL.insertJudgements, JUDGEMENT_WIDTH));
  rollup.save(db);
}
