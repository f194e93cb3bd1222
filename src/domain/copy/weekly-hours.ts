import type { WeeklyWindow, Weekday } from '../claim.ts';
import type { ExtractedHours } from './extracted-claim.ts';
import { ofFamily } from './mention.ts';
import type { Mention } from './mention.ts';

const EVERY_DAY: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];

export interface HoursReading {
  readonly hours: ExtractedHours;
  /** "365 days a year" or a whole week of whole days: absolute wording. */
  readonly absolute: boolean;
  /** Rule ids and assumptions, for `because`. */
  readonly notes: readonly string[];
}

type Piece = Mention & ({ family: 'days' } | { family: 'times' });

/** "Sun closed", "Sunday: closed", "closed on Sundays", "closed for lunch between 1pm and 2pm" are not hours. */
function isClosed(piece: Piece, closings: readonly Mention[]): boolean {
  return closings.some(
    (c) =>
      (piece.end <= c.start && c.start - piece.end <= 3 && piece.family === 'days') ||
      (piece.start >= c.end && piece.start - c.end <= 30),
  );
}

/**
 * Pairs days with times in the order written: "Mon-Fri 8am-8pm, Sat 9am-5pm", "8am to 8pm Monday to Friday",
 * "8am–10pm, 7 days a week". A time with no days is every day ("agents 9-5"); days with no time add nothing.
 */
export function pairWindows(pieces: readonly Piece[]): { windows: WeeklyWindow[]; daysAssumed: boolean } {
  const windows: WeeklyWindow[] = [];
  let pendingDays: readonly Weekday[] | null = null;
  let pendingTime: { fromMinute: number; toMinute: number } | null = null;
  let daysAssumed = false;
  for (const piece of pieces) {
    if (piece.family === 'days') {
      if (pendingTime !== null) {
        windows.push({ days: piece.days, ...pendingTime });
        pendingTime = null;
      } else {
        pendingDays = piece.days;
      }
      continue;
    }
    const time = { fromMinute: piece.fromMinute, toMinute: piece.toMinute };
    if (pendingDays !== null) {
      windows.push({ days: pendingDays, ...time });
      pendingDays = null;
    } else {
      if (pendingTime !== null) {
        windows.push({ days: EVERY_DAY, ...pendingTime });
        daysAssumed = true;
      }
      pendingTime = time;
    }
  }
  if (pendingTime !== null) {
    windows.push({ days: EVERY_DAY, ...pendingTime });
    daysAssumed = true;
  }
  return { windows, daysAssumed };
}

function coversWholeWeek(windows: readonly WeeklyWindow[]): boolean {
  return EVERY_DAY.every((day) =>
    windows.some((w) => w.days.includes(day) && w.fromMinute === 0 && w.toMinute >= 1440),
  );
}

/** The hours a clause states: always, weekly windows (with a zone), same business day, or unstated. */
export function readHours(mentions: readonly Mention[], defaultTimeZone: string | null): HoursReading {
  const notes: string[] = [];
  const closings = ofFamily(mentions, 'closed');
  const pieces = mentions.filter(
    (m): m is Piece => (m.family === 'days' || m.family === 'times') && !isClosed(m as Piece, closings),
  );
  const absoluteDays = ofFamily(mentions, 'days').some((d) => d.absolute);
  if (ofFamily(mentions, 'speed').some((s) => s.sameBusinessDay)) {
    return { hours: { kind: 'same-business-day' }, absolute: false, notes };
  }
  const { windows, daysAssumed } = pairWindows(pieces);
  const always = ofFamily(mentions, 'always');
  const weekOfDays = always.find((a) => a.days !== undefined);
  if (windows.length === 0 && weekOfDays?.days !== undefined) {
    windows.push({ days: weekOfDays.days, fromMinute: 0, toMinute: 1440 });
  }
  if (windows.length === 0) {
    if (always.length > 0 || (absoluteDays && pieces.length > 0))
      return { hours: { kind: 'always' }, absolute: true, notes };
    return { hours: { kind: 'unstated' }, absolute: false, notes };
  }
  if (coversWholeWeek(windows)) {
    notes.push('hours.whole-week: every day, all day, read as always');
    return { hours: { kind: 'always' }, absolute: true, notes };
  }
  if (daysAssumed) notes.push('hours.days-unstated: times with no days read as every day');
  const zone = ofFamily(mentions, 'zone')[0];
  const timeZone = zone?.timeZone ?? defaultTimeZone;
  if (zone === undefined && defaultTimeZone !== null)
    notes.push(`hours.default-zone: no zone named, read as ${defaultTimeZone}`);
  return { hours: { kind: 'weekly', windows, timeZone }, absolute: absoluteDays, notes };
}
