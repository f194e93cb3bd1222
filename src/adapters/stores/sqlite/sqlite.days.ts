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

export function encodeDay(counts: DayCounts): string {
  let text = '';
  for (const key of [...counts.keys()].sort((a, b) => a - b)) {
    const c = counts.get(key) as [number, number, number, number];
    let last = 3;
    while (last >= 0 && c[last] === 0) last -= 1;
    text += String.fromCharCode(A + Math.floor(key / 1000)) + String(key % 1000);
    for (let i = 0; i <= last; i += 1) text += c[i] === 0 ? ',' : `,${c[i]}`;
  }
  return text;
}

/**
 * Walks folded day texts, calling `visit(hourStart, hourOfWeek, met, failed, inconclusive, outOfForce)` for each tally,
 * in order. A plain character loop: no allocation per tally, which matters for 2 million of them.
 */
function walk(text: string, visit: (hourStart: number, hourOfWeek: number, m: number, f: number, i: number, o: number) => void): void {
  let day = 0;
  let hour = -1;
  let field = 0;
  let value = 0;
  let sign = 1;
  const fields = [0, 0, 0, 0, 0];
  const flush = (): void => {
    if (hour < 0) return;
    fields[field] = value;
    for (let k = field + 1; k < 5; k += 1) fields[k] = 0;
    visit(day + hour * HOUR_MS, fields[0] as number, fields[1] as number, fields[2] as number, fields[3] as number, fields[4] as number);
    hour = -1;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
    } else if (c === COMMA) {
      fields[field] = value;
      field += 1;
      value = 0;
    } else if (c === BAR) {
      flush();
      value = 0;
    } else if (c >= A) {
      flush();
      hour = c - A;
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
  flush();
}

/** One day's text as counts, to add a write's increments to. */
export function decodeDay(text: string): DayCounts {
  const counts: DayCounts = new Map();
  walk(`0:${text}`, (hourStart, slot, m, f, i, o) => counts.set((hourStart / HOUR_MS) * 1000 + slot, [m, f, i, o]));
  return counts;
}

/** A claim's hourly tallies for the hours starting in [fromHour, to), from its folded days, ordered like every store. */
export function hourTallies(folded: string, fromHour: number, to: number): HourTally[] {
  const tallies: HourTally[] = [];
  walk(folded, (hourStart, hourOfWeek, met, failed, inconclusive, outOfForce) => {
    if (hourStart >= fromHour && hourStart < to) tallies.push({ hourStart, hourOfWeek, met, failed, inconclusive, outOfForce });
  });
  for (let i = 1; i < tallies.length; i += 1) {
    const a = tallies[i - 1] as HourTally;
    const b = tallies[i] as HourTally;
    if (a.hourStart > b.hourStart || (a.hourStart === b.hourStart && a.hourOfWeek > b.hourOfWeek)) {
      return tallies.sort((x, y) => x.hourStart - y.hourStart || x.hourOfWeek - y.hourOfWeek);
    }
  }
  return tallies;
}

/** A claim's tallies for the hours starting in [fromHour, to), summed by hour of week, ordered by hour of week. */
export function slotTallies(folded: string, fromHour: number, to: number): SlotTally[] {
  const sums = new Float64Array(168 * 4);
  const seen = new Uint8Array(168);
  walk(folded, (hourStart, slot, met, failed, inconclusive, outOfForce) => {
    if (hourStart < fromHour || hourStart >= to || slot > 167) return;
    const at = slot * 4;
    sums[at] = (sums[at] as number) + met;
    sums[at + 1] = (sums[at + 1] as number) + failed;
    sums[at + 2] = (sums[at + 2] as number) + inconclusive;
    sums[at + 3] = (sums[at + 3] as number) + outOfForce;
    seen[slot] = 1;
  });
  const slots: SlotTally[] = [];
  for (let slot = 0; slot < 168; slot += 1) {
    if (seen[slot] === 0) continue;
    const at = slot * 4;
    slots.push({ hourOfWeek: slot, met: sums[at] as number, failed: sums[at + 1] as number, inconclusive: sums[at + 2] as number, outOfForce: sums[at + 3] as number });
  }
  return slots;
}
