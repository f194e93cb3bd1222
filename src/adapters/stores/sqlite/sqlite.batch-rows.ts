import { hourStartOf, HOUR_MS } from '../../../domain/evaluation/tally.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import { dayStartOf, DayScanner, decodeDay, encodeDay, type DayCounts } from './sqlite.days.ts';
import { SQL } from './sqlite.queries.ts';

/*
 * The rows a batch write (sqlite.writer.ts) builds before SQLite takes them: multi-row statements filled in place, the
 * judgement rows as numbers, and the rollup summed by claim-day.
 */

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
export class RowInserter {
  /** The parameters of the statement being filled; the row begun by `next()` goes at the offset it returned. */
  readonly values: unknown[];
  readonly #db: Statements;
  readonly #head: string;
  readonly #width: number;
  readonly #tuple: (first: number) => string;
  readonly #fullSql: string;
  #count = 0;

  /**
   * `width` values a row; `tuple` makes a row's `(…)` from the number of its first parameter (1-based), when a row's
   * columns are not simply its values in order (see `judgementTuple`).
   */
  constructor(db: Statements, head: string, width: number, tuple?: (first: number) => string) {
    this.#db = db;
    this.#head = head;
    this.#width = width;
    this.#tuple = tuple ?? (() => `(${new Array<string>(width).fill('?').join(', ')})`);
    this.#fullSql = this.#sql(ROWS_PER_INSERT);
    this.values = new Array<unknown>(ROWS_PER_INSERT * width);
  }

  #sql(rows: number): string {
    const tuples: string[] = [];
    for (let row = 0; row < rows; row += 1) tuples.push(this.#tuple(row * this.#width + 1));
    return `${this.#head} VALUES ${tuples.join(', ')}`;
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

/** Values per judgement row as held: claim key, at, observation seq, hour of week, in force, counted, met. */
export const JUDGEMENT_WIDTH = 7;

/**
 * A judgement row as sent: claim key, at, observation seq, and `hour of week × 8 + in force × 4 + counted × 2 + met`,
 * which SQLite unpacks into the four columns. Each value bound costs libsql about 60 ns (a conversion through N-API):
 * four values instead of seven.
 */
export const JUDGEMENT_SENT = 4;

export const judgementTuple = (p: number): string =>
  `(?${p}, ?${p + 1}, ?${p + 2}, ?${p + 3} >> 3, (?${p + 3} >> 2) & 1, (?${p + 3} >> 1) & 1, ?${p + 3} & 1)`;

/**
 * A batch's judgement rows, held as numbers (one typed array, nothing for the garbage collector to copy). They are
 * gathered in the first pass over the records, before claims have keys and observations have seqs, so they hold a
 * claim's place in the batch and a record's position until `resolve` turns these into the key and the seq. They are
 * inserted in the order of the judgements' key, (claim, at, seq): a batch holds judgements of many claims interleaved
 * (one per probe run), and each claim's rows go at their own place in the key, so inserted in key order consecutive
 * rows land on the same page, which SQLite still has at hand (measured: 1.8 µs a row instead of 3.1 with 1,000
 * claims, the sort included). The rows, and so the table, are the same in any order.
 */
export class JudgementRows {
  #data = new Float64Array(JUDGEMENT_WIDTH * 1_024);
  #count = 0;

  add(claim: number, at: number, record: number, hourOfWeek: number, inForce: 0 | 1, counted: 0 | 1, met: 0 | 1): void {
    if ((this.#count + 1) * JUDGEMENT_WIDTH > this.#data.length) {
      const bigger = new Float64Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    const d = this.#data;
    const i = this.#count * JUDGEMENT_WIDTH;
    d[i] = claim;
    d[i + 1] = at;
    d[i + 2] = record;
    d[i + 3] = hourOfWeek;
    d[i + 4] = inForce;
    d[i + 5] = counted;
    d[i + 6] = met;
    this.#count += 1;
  }

  /**
   * Claims' places become their keys and records' positions their seqs; the rows of records not written (seq 0:
   * already stored) are dropped.
   */
  resolve(claimKeys: readonly number[], seqOf: Float64Array): void {
    const d = this.#data;
    let kept = 0;
    for (let i = 0; i < this.#count * JUDGEMENT_WIDTH; i += JUDGEMENT_WIDTH) {
      const seq = seqOf[d[i + 2] as number] as number;
      if (seq === 0) continue;
      const to = kept * JUDGEMENT_WIDTH;
      d.copyWithin(to, i, i + JUDGEMENT_WIDTH);
      d[to] = claimKeys[d[i] as number] as number;
      d[to + 2] = seq;
      kept += 1;
    }
    this.#count = kept;
  }

  /** Adds every row to the claim-days of `rollup`. */
  countInto(rollup: Rollup): void {
    const d = this.#data;
    for (let i = 0; i < this.#count * JUDGEMENT_WIDTH; i += JUDGEMENT_WIDTH) {
      const column = columnOf(d[i + 4] as number, d[i + 5] as number, d[i + 6] as number);
      rollup.add(d[i] as number, d[i + 1] as number, d[i + 3] as number, column);
    }
  }

  /** Inserts every row held, in key order, through `rows` (JUDGEMENT_SENT values a row, made by `judgementTuple`). */
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
      v[at] = d[i];
      v[at + 1] = d[i + 1];
      v[at + 2] = d[i + 2];
      v[at + 3] = (d[i + 3] as number) * 8 + (d[i + 4] as number) * 4 + (d[i + 5] as number) * 2 + (d[i + 6] as number);
    }
    rows.flush();
  }
}

/** Which count a judgement adds to: 0 met, 1 failed (counted, not met), 2 inconclusive (in force, not counted), 3 out of force. */
export function countColumn(judgement: Pick<Judgement, 'inForce' | 'counted' | 'met'>): 0 | 1 | 2 | 3 {
  return columnOf(judgement.inForce ? 1 : 0, judgement.counted ? 1 : 0, judgement.met ? 1 : 0);
}

/** `countColumn` from a judgement row's flags (0 or 1). */
function columnOf(inForce: number, counted: number, met: number): 0 | 1 | 2 | 3 {
  if (inForce === 0) return 3;
  if (counted === 0) return 2;
  return met === 1 ? 0 : 1;
}

/** A batch's judgements summed by claim, UTC day and (hour of the day, hour of week): added to `daily` once per day. */
export class Rollup {
  /** By claim key, then by day start. */
  readonly #claims = new Map<number, Map<number, DayCounts>>();

  add(claimKey: number, at: number, hourOfWeek: number, column: 0 | 1 | 2 | 3): void {
    const hourStart = hourStartOf(at);
    const dayStart = dayStartOf(hourStart);
    let days = this.#claims.get(claimKey);
    if (days === undefined) this.#claims.set(claimKey, (days = new Map()));
    let day = days.get(dayStart);
    if (day === undefined) days.set(dayStart, (day = new Map()));
    const key = ((hourStart - dayStart) / HOUR_MS) * 1000 + hourOfWeek;
    let counts = day.get(key);
    if (counts === undefined) day.set(key, (counts = [0, 0, 0, 0]));
    counts[column] += 1;
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
