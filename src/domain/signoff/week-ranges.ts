import type { Hours } from '../claim.ts';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const hh = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;

/** Runs of consecutive hours in one day as "09:00-17:00" ("00:00-24:00" for the whole day). */
function hourRuns(hours: readonly number[]): string[] {
  const runs: string[] = [];
  let start: number | null = null;
  for (let h = 0; h <= 24; h++) {
    const open = h < 24 && hours.includes(h);
    if (open && start === null) start = h;
    if (!open && start !== null) {
      runs.push(`${hh(start)}-${hh(h)}`);
      start = null;
    }
  }
  return runs;
}

/** Weekdays (0 = Monday) as ranges of consecutive days: [0,1,2,4] → "Mon-Wed, Fri". */
function dayRuns(days: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < days.length) {
    let j = i;
    while (j + 1 < days.length && (days[j + 1] as number) === (days[j] as number) + 1) j++;
    const first = DAY_NAMES[days[i] as number] as string;
    parts.push(j === i ? first : `${first}-${DAY_NAMES[days[j] as number] as string}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * Hour-of-week slots (0 = Monday 00:00 … 167 = Sunday 23:00) in words people write on a contact page: contiguous hours
 * per day, and days with the same hours grouped into day ranges, e.g. "Mon-Fri 09:00-17:00; Sat 10:00-14:00".
 * All 168 hours read "24/7"; no hours read "".
 */
export function describeSlots(slots: Iterable<number>): string {
  const set = new Set([...slots].filter((s) => Number.isInteger(s) && s >= 0 && s < 168));
  if (set.size === 168) return '24/7';
  const byRuns = new Map<string, number[]>();
  for (let day = 0; day < 7; day++) {
    const hours = [...set].filter((s) => Math.floor(s / 24) === day).map((s) => s % 24);
    if (hours.length === 0) continue;
    const key = hourRuns(hours).join(', ');
    byRuns.set(key, [...(byRuns.get(key) ?? []), day]);
  }
  return [...byRuns.entries()]
    .sort((a, b) => (a[1][0] as number) - (b[1][0] as number))
    .map(([runs, days]) => `${dayRuns(days)} ${runs}`)
    .join('; ');
}

const ZONE_LABELS: Readonly<Record<string, string>> = {
  'Europe/London': 'UK time',
  'Europe/Dublin': 'Irish time',
  'America/New_York': 'US Eastern time',
  'America/Chicago': 'US Central time',
  'America/Denver': 'US Mountain time',
  'America/Los_Angeles': 'US Pacific time',
  'Australia/Sydney': 'Sydney time',
  'Asia/Tokyo': 'Japan time',
  UTC: 'UTC',
  'Etc/UTC': 'UTC',
};

/** How copy names a time zone: "UK time" for Europe/London, else "Europe/Berlin time". */
export function zoneLabel(timeZone: string): string {
  return ZONE_LABELS[timeZone] ?? `${timeZone} time`;
}

const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** A claim's hours in words: "24/7", or "Mon-Fri 09:00-17:00 UK time" (a window past midnight ends "+1d"). */
export function describeHours(hours: Hours): string {
  if (hours.kind === 'always') return '24/7';
  if (hours.windows.length === 0) return `never (${zoneLabel(hours.timeZone)})`;
  const windows = hours.windows.map((w) => {
    const end = w.toMinute > 1_440 ? `${hhmm(w.toMinute - 1_440)}+1d` : hhmm(w.toMinute);
    return `${dayRuns([...w.days].sort((a, b) => a - b))} ${hhmm(w.fromMinute)}-${end}`;
  });
  const holidays = hours.holidays.length === 0 ? '' : ` (${hours.holidays.length} holidays)`;
  return `${windows.join('; ')} ${zoneLabel(hours.timeZone)}${holidays}`;
}
