import { isInForce } from '../calendar/in-force.ts';
import { hourOfWeek, hourOfWeekLabel, localTime } from '../calendar/zoned-time.ts';
import type { ProbeSpec } from '../catalogue.ts';
import type { Claim } from '../claim.ts';
import { nextFireTimes } from './cron-expression.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** An extra run the planner adds so that a promised hour of the week gets probed. */
export interface CoverageRun {
  /** Epoch ms; the start of a minute in which the claim is in force. */
  readonly at: number;
  readonly claimId: string;
  /** Hour of the week (0 = Monday 00:00) in the claim's own time zone. */
  readonly slot: number;
}

export interface CoveragePlanInput {
  readonly probe: ProbeSpec;
  /** Claims of the catalogue; those the probe verifies are planned for. */
  readonly claims: readonly Claim[];
  readonly fromMs: number;
  readonly periodMs: number;
  /** A number in [0, 1), like Math.random. */
  readonly random: () => number;
}

const QUARTER_MS = 15 * MINUTE_MS;

/**
 * In-force minute starts of [from, to), grouped by the claim's hour-of-week slot. Reads each quarter-hour at its
 * first minute; when the next quarter reads the same (in force or not) and the quarter lies in one local hour, takes
 * the quarter as a whole, and reads minute by minute only where hours open or close (or the zone's offset is odd). A window that opens and closes inside one
 * quarter-hour is not seen (as in `promisedSlots`, which samples every 15 minutes).
 */
function promisedMinutes(claim: Claim, fromMs: number, toMs: number): Map<number, number[]> {
  const bySlot = new Map<number, number[]>();
  const { hours } = claim;
  const zone = hours.timeZone;
  const add = (slot: number, t: number): void => {
    const minutes = bySlot.get(slot);
    if (minutes === undefined) bySlot.set(slot, [t]);
    else minutes.push(t);
  };
  const first = Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS;
  let quarter = Math.floor(fromMs / QUARTER_MS) * QUARTER_MS;
  const read = (t: number) => ({
    inForce: isInForce(hours, t),
    slot: hourOfWeek(t, zone),
    minute: localTime(t, zone).minute,
  });
  let head = read(quarter);
  for (; quarter < toMs; quarter += QUARTER_MS) {
    const next = quarter + QUARTER_MS;
    const following = read(next);
    const sameHour = head.slot === following.slot || following.minute === 0;
    const uniform = head.inForce === following.inForce && sameHour;
    if (!uniform || head.inForce) {
      for (let t = Math.max(quarter, first); t < next && t < toMs; t += MINUTE_MS) {
        if (uniform) add(head.slot, t);
        else if (isInForce(hours, t)) add(hourOfWeek(t, zone), t);
      }
    }
    head = following;
  }
  return bySlot;
}

/**
 * Slots a run covers for a claim. A cron run starts anywhere in [fire, fire + jitter), so it covers a slot only if
 * the claim is in force, in that same slot, at both ends of that span; an exact instant has a jitter of 0.
 */
function coveredSlots(claim: Claim, runs: readonly number[], jitterMs: number): Set<number> {
  const covered = new Set<number>();
  const zone = claim.hours.timeZone;
  const reach = Math.max(0, jitterMs - 1);
  // A run that may start an hour or more after its fire lies in no one slot; any larger jitter (however absurd:
  // `kept validate` refuses over 1h) covers nothing, and is never added to a time, which could leave Date's range.
  if (!(reach < HOUR_MS)) return covered;
  let previous = '';
  for (const run of runs) {
    const key = `${Math.floor(run / MINUTE_MS)}|${Math.floor((run + reach) / MINUTE_MS)}`;
    if (key === previous) continue;
    previous = key;
    const slot = hourOfWeek(run, zone);
    if (hourOfWeek(run + reach, zone) !== slot) continue;
    if (isInForce(claim.hours, run) && isInForce(claim.hours, run + reach)) covered.add(slot);
  }
  return covered;
}

function verifiedClaims(probe: ProbeSpec, claims: readonly Claim[]): Claim[] {
  return probe.verifies.flatMap((id) => claims.filter((claim) => claim.id === id));
}

/** Whether a sorted list holds a value in the open interval (lo, hi). */
function hasWithin(sorted: readonly number[], lo: number, hi: number): boolean {
  let [a, b] = [0, sorted.length];
  while (a < b) {
    const mid = (a + b) >> 1;
    if ((sorted[mid] as number) <= lo) a = mid + 1;
    else b = mid;
  }
  return a < sorted.length && (sorted[a] as number) < hi;
}

function insertSorted(sorted: number[], value: number): void {
  let i = sorted.length;
  while (i > 0 && (sorted[i - 1] as number) > value) i--;
  sorted.splice(i, 0, value);
}

/**
 * The extra runs a probe needs over [fromMs, fromMs + periodMs) so that every hour-of-week slot in which a claim it
 * verifies is in force (slots read in that claim's zone) gets at least one run. Slots its cron already covers get
 * none. Each extra run is at a random in-force minute of the uncovered slot, preferring minutes where it cannot
 * collide with another run of the probe (the no-overlap rule would skip it); an extra run planned for one claim
 * counts for the others too. Sorted by time.
 */
export function planCoverageRuns(input: CoveragePlanInput): CoverageRun[] {
  const { probe, fromMs, periodMs, random } = input;
  const toMs = fromMs + periodMs;
  const { cron, timeZone, jitterMs, timeoutMs } = probe.schedule;
  const fires = nextFireTimes(cron, timeZone, fromMs, toMs);
  const busy = [...fires];
  const extras: CoverageRun[] = [];
  for (const claim of verifiedClaims(probe, input.claims)) {
    const covered = coveredSlots(claim, fires, jitterMs);
    for (const slot of coveredSlots(
      claim,
      extras.map((run) => run.at),
      0,
    ))
      covered.add(slot);
    for (const [slot, minutes] of promisedMinutes(claim, fromMs, toMs)) {
      if (covered.has(slot)) continue;
      // Numbers only (never Dates), so even an unbounded jitter or timeout just means "every minute collides".
      const clear = minutes.filter((m) => !hasWithin(busy, m - jitterMs - timeoutMs, m + timeoutMs));
      const pool = clear.length > 0 ? clear : minutes;
      const at = pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))] as number;
      extras.push({ at, claimId: claim.id, slot });
      insertSorted(busy, at);
    }
  }
  return extras.sort((a, b) => a.at - b.at);
}

/** What a probe's cron alone covers of one claim's promised hours. Slots are hours of the week in `timeZone`. */
export interface ScheduleCoverage {
  readonly claimId: string;
  readonly timeZone: string;
  readonly promised: readonly number[];
  readonly covered: readonly number[];
  readonly uncovered: readonly number[];
}

/** For `kept validate` and docs: per verified claim, the promised slots the cron covers and those it leaves. */
export function coverageOfSchedule(input: Omit<CoveragePlanInput, 'random'>): ScheduleCoverage[] {
  const { probe, fromMs, periodMs } = input;
  const { cron, timeZone, jitterMs } = probe.schedule;
  const fires = nextFireTimes(cron, timeZone, fromMs, fromMs + periodMs);
  return verifiedClaims(probe, input.claims).map((claim) => {
    const promised = [...promisedMinutes(claim, fromMs, fromMs + periodMs).keys()].sort((a, b) => a - b);
    const covered = coveredSlots(claim, fires, jitterMs);
    return {
      claimId: claim.id,
      timeZone: claim.hours.timeZone,
      promised,
      covered: promised.filter((slot) => covered.has(slot)),
      uncovered: promised.filter((slot) => !covered.has(slot)),
    };
  });
}

/** Slots as compact ranges for people, e.g. "Mon 00:00-09:00, Sat 00:00-Mon 00:00"; "none" when empty. */
export function describeSlots(slots: readonly number[]): string {
  const sorted = [...new Set(slots)].sort((a, b) => a - b);
  if (sorted.length === 0) return 'none';
  if (sorted.length === 168) return 'every hour of the week';
  const ranges: string[] = [];
  let start = sorted[0] as number;
  for (let i = 1; i <= sorted.length; i++) {
    const previous = sorted[i - 1] as number;
    if (i < sorted.length && sorted[i] === previous + 1) continue;
    ranges.push(`${hourOfWeekLabel(start)}-${hourOfWeekLabel((previous + 1) % 168)}`);
    start = sorted[i] as number;
  }
  return ranges.join(', ');
}
