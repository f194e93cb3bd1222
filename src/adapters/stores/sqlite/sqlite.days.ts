import { HOUR_MS, type HourTally, type SlotTally } from '../../../domain/evaluation/tally.ts';

/**
 * The packed rollup: one row per claim and UTC day (`daily.hours`), holding that day's hourly tallies as text.
 *
 * A day's text is its tallies ordered by hour, then hour of week; each is a letter for the UTC hour of the day
 * (a = 00:00 … x = 23:00), the hour of week, then met, failed, inconclusive and out-of-force counts after commas,
 * a zero written as nothing and trailing zeros dropped: `k15,1k16,,1,1` is 10:00 UTC with 1 met in hour of week 15,
 * and 1 failed and 1 inconclusive in hour of week 16 (a half-hour zone). Reads fold a claim's days into one string,
 * `<day start>:<day text>|<day start>:<day text>…`, so a 90-day window crosses from SQLite as one value per claim.
 */

export const DAY_MS = 24 * HOUR_MS;

export const dayStartOf = (epochMs: number): number => Math.floor(epochMs / DAY_MS) * DAY_MS;

/** Counts by (hour of the day × 1000 + hour of week): met, failed, inconclusive, out of force. */
export type DayCounts = Map<number, [number, number, number, number]>;

const A = 97; // 'a'
const COMMA = 44;
const COLON = 58;
const BAR = 124;
const MINUS = 45;

/** Keys in ascending order: as inserted when they came in order (the usual case, as a day's judgements do). */
function ascending(counts: DayCounts): Iterable<number> {
  let previous = -Infinity;
  for (const key of counts.keys()) {
    if (key < previous) return [...counts.keys()].sort((a, b) => a - b);
    previous = key;
  }
  return counts.keys();
}

export function encodeDay(counts: DayCounts): string {
  let text = '';
  for (const key of ascending(counts)) {
    const c = counts.get(key) as [number, number, number, number];
    let last = 3;
    while (last >= 0 && c[last] === 0) last -= 1;
    text += String.fromCharCode(A + Math.floor(key / 1000)) + String(key % 1000);
    for (let i = 0; i <= last; i += 1) text += c[i] === 0 ? ',' : `,${c[i]}`;
  }
  return text;
}

/**
 * Reads folded day texts into a flat buffer of tallies (hour start, hour of week, met, failed, inconclusive, out of
 * force), keeping those of the hours starting in [fromHour, to). A plain character loop with no allocation per tally,
 * which matters for the 2 million tallies of a 90-day window of 1,000 claims. One scanner serves one query: its buffer
 * is reused from claim to claim.
 */
export class DayScanner {
  #buffer = new Float64Array(6 * 4_096);

  /** The tallies read by the last `scan`: 6 numbers each. */
  get tallies(): Float64Array {
    return this.#buffer;
  }

  /** Reads `text`; returns how many tallies are now at the start of `tallies`. */
  scan(text: string, fromHour: number, to: number): number {
    let day = 0;
    let hour = -1;
    let field = 0;
    let value = 0;
    let sign = 1;
    let slot = 0;
    let met = 0;
    let failed = 0;
    let inconclusive = 0;
    let count = 0;
    const n = text.length;
    for (let i = 0; i <= n; i += 1) {
      const c = i < n ? text.charCodeAt(i) : BAR;
      if (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48);
      } else if (c === COMMA) {
        if (field === 0) slot = value;
        else if (field === 1) met = value;
        else if (field === 2) failed = value;
        else inconclusive = value;
        field += 1;
        value = 0;
      } else if (c >= A) {
        // a letter starts a tally and `|` ends a day: either way the tally being read is complete
        if (hour >= 0) {
          // `value` is the last field written; the ones after it were zeros and left out.
          let outOfForce = 0;
          if (field === 4) outOfForce = value;
          else if (field === 3) inconclusive = value;
          else {
            inconclusive = 0;
            if (field === 2) failed = value;
            else {
              failed = 0;
              if (field === 1) met = value;
              else {
                slot = value;
                met = 0;
              }
            }
          }
          const hourStart = day + hour * HOUR_MS;
          if (hourStart >= fromHour && hourStart < to) {
            if (this.#buffer.length < (count + 1) * 6) this.#grow();
            const at = count * 6;
            const b = this.#buffer;
            b[at] = hourStart;
            b[at + 1] = slot;
            b[at + 2] = met;
            b[at + 3] = failed;
            b[at + 4] = inconclusive;
            b[at + 5] = outOfForce;
            count += 1;
          }
        }
        hour = c === BAR ? -1 : c - A;
        field = 0;
        value = 0;
      } else if (c === COLON) {
        day = sign * value;
        sign = 1;
        value = 0;
      } else if (c === MINUS) {
        sign = -1;
      }
    }
    return count;
  }

  #grow(): void {
    const bigger = new Float64Array(this.#buffer.length * 2);
    bigger.set(this.#buffer);
    this.#buffer = bigger;
  }
}

/** One day's text as counts, to add a write's increments to. */
export function decodeDay(text: string, scanner = new DayScanner()): DayCounts {
  const n = scanner.scan(`0:${text}`, -Infinity, Infinity);
  const t = scanner.tallies;
  const counts: DayCounts = new Map();
  for (let at = 0; at < n * 6; at += 6) {
    counts.set(((t[at] as number) / HOUR_MS) * 1000 + (t[at + 1] as number), [
      t[at + 2] as number,
      t[at + 3] as number,
      t[at + 4] as number,
      t[at + 5] as number,
    ]);
  }
  return counts;
}

/** A claim's hourly tallies for the hours starting in [fromHour, to), from its folded days, ordered like every store. */
export function hourTallies(scanner: DayScanner, folded: string, fromHour: number, to: number): HourTally[] {
  const n = scanner.scan(folded, fromHour, to);
  const t = scanner.tallies;
  const tallies = new Array<HourTally>(n);
  let sorted = true;
  for (let k = 0; k < n; k += 1) {
    const at = k * 6;
    tallies[k] = {
      hourStart: t[at] as number,
      hourOfWeek: t[at + 1] as number,
      met: t[at + 2] as number,
      failed: t[at + 3] as number,
      inconclusive: t[at + 4] as number,
      outOfForce: t[at + 5] as number,
    };
    if (
      k > 0 &&
      (t[at - 6] as number) * 1000 + (t[at - 5] as number) > (t[at] as number) * 1000 + (t[at + 1] as number)
    )
      sorted = false;
  }
  return sorted ? tallies : tallies.sort((x, y) => x.hourStart - y.hourStart || x.hourOfWeek - y.hourOfWeek);
}

/** A claim's tallies for the hours starting in [fromHour, to), summed by hour of week, ordered by hour of week. */
export function slotTallies(scanner: DayScanner, folded: string, fromHour: number, to: number): SlotTally[] {
  const n = scanner.scan(folded, fromHour, to);
  const t = scanner.tallies;
  const sums = new Float64Array(168 * 5);
  for (let at = 0; at < n * 6; at += 6) {
    const slot = t[at + 1] as number;
    if (slot > 167) continue;
    const s = slot * 5;
    sums[s] = 1;
    for (let c = 1; c < 5; c += 1) sums[s + c] = (sums[s + c] as number) + (t[at + 1 + c] as number);
  }
  const slots: SlotTally[] = [];
  for (let slot = 0; slot < 168; slot += 1) {
    const s = slot * 5;
    if (sums[s] === 0) continue;
    slots.push({
      hourOfWeek: slot,
      met: sums[s + 1] as number,
      failed: sums[s + 2] as number,
      inconclusive: sums[s + 3] as number,
      outOfForce: sums[s + 4] as number,
    });
  }
  return slots;
}
