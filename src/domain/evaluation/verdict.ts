import { promisedSlots } from '../calendar/in-force.ts';
import { hourOfWeekLabel } from '../calendar/zoned-time.ts';
import { requiredShare, type Claim } from '../claim.ts';
import { notYetReachedNote } from '../reach.ts';
import { HOUR_MS, type HourTally, type SlotTally } from './tally.ts';
import { wilsonInterval, type Interval } from './wilson.ts';

export type VerdictStatus = 'kept' | 'broken' | 'unproven';

export interface SlotStat {
  /** 0 = Monday 00:00 … 167 = Sunday 23:00 in the claim's time zone. */
  readonly slot: number;
  readonly label: string;
  /** The claim is in force in this hour somewhere in the window. */
  readonly promised: boolean;
  readonly counted: number;
  readonly met: number;
  /** met / counted, or null when nothing counted. */
  readonly compliance: number | null;
}

export interface Verdict {
  readonly claimId: string;
  readonly status: VerdictStatus;
  /** Plain sentences saying why, most important first. */
  readonly reasons: readonly string[];
  readonly window: { readonly from: number; readonly to: number };
  readonly target: { readonly absolute: boolean; readonly share: number };
  readonly samples: {
    readonly counted: number;
    readonly met: number;
    readonly failed: number;
    readonly inconclusive: number;
    readonly outOfForce: number;
  };
  readonly compliance: number | null;
  readonly interval: Interval | null;
  readonly coverage: {
    readonly promised: number;
    readonly probed: number;
    /** probed / promised; 1 when nothing is promised in the window. */
    readonly ratio: number;
    readonly missing: readonly string[];
  };
  readonly hours: readonly SlotStat[];
  readonly worstHours: readonly SlotStat[];
  /**
   * Probes verifying the claim that have never reached their target (src/domain/reach.ts): their failures to connect
   * are not counted until they have. Set by the app when it knows the catalogue's probes; absent when none.
   */
  readonly notYetReached?: readonly string[];
}

export interface EvaluationWindow {
  readonly from: number;
  readonly to: number;
  /**
   * End of the span whose promised hours must have been probed; defaults to `to`. Callers pass the start of the
   * current hour so an hour that has only just begun is not reported as unprobed.
   */
  readonly coverageTo?: number;
}

const WORST_HOURS = 5;
const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

function slotStats(tallies: readonly SlotTally[], promised: ReadonlySet<number>): SlotStat[] {
  const counted = new Array<number>(168).fill(0);
  const met = new Array<number>(168).fill(0);
  for (const t of tallies) {
    counted[t.hourOfWeek] = (counted[t.hourOfWeek] as number) + t.met + t.failed;
    met[t.hourOfWeek] = (met[t.hourOfWeek] as number) + t.met;
  }
  return counted.map((n, slot) => ({
    slot,
    label: hourOfWeekLabel(slot),
    promised: promised.has(slot),
    counted: n,
    met: met[slot] as number,
    compliance: n === 0 ? null : (met[slot] as number) / n,
  }));
}

/** Hourly tallies are cut to the hours that overlap the window; slot tallies are already sums over it. */
function inWindow(tallies: readonly (HourTally | SlotTally)[], window: EvaluationWindow): readonly SlotTally[] {
  if (!tallies.some((t) => 'hourStart' in t)) return tallies;
  return tallies.filter((t) => !('hourStart' in t) || (t.hourStart + HOUR_MS > window.from && t.hourStart < window.to));
}

/**
 * Judges a claim over a window from its tallies. Only in-force, conclusive observations count.
 * `tallies` are either hourly tallies (`HourTally`, cut here to the hours that overlap the window) or tallies summed
 * by hour of week over the window (`SlotTally`, from `ObservationStore.slotTallies`, taken as given): both give the
 * same verdict.
 * - broken: an absolute claim failed in force at least once, or a share claim's 95% Wilson upper bound is below target;
 * - unproven: nothing counted, a promised hour of the week was never probed, fewer than `minSamples`, or the interval
 *   still straddles the target;
 * - kept: otherwise (absolute: no failure; share: the interval's lower bound reaches the target).
 * A share target of 1 (100%) is judged as absolute.
 * `window.from` should already be clipped to when monitoring of the claim began.
 * `notYetReached`: the claim's probes that have never reached their target (src/domain/reach.ts). Their setup attempts
 * are tallied with the inconclusive ones, and the verdict says so: a note first when unproven, last otherwise.
 */
export function evaluateClaim(
  claim: Claim,
  tallies: readonly (HourTally | SlotTally)[],
  window: EvaluationWindow,
  notYetReached: readonly string[] = [],
): Verdict {
  const counts = inWindow(tallies, window);
  let met = 0;
  let failed = 0;
  let inconclusive = 0;
  let outOfForce = 0;
  for (const t of counts) {
    met += t.met;
    failed += t.failed;
    inconclusive += t.inconclusive;
    outOfForce += t.outOfForce;
  }
  const counted = met + failed;
  const promised = promisedSlots(claim.hours, window.from, window.coverageTo ?? window.to);
  const hours = slotStats(counts, promised);
  const missing = hours.filter((h) => h.promised && h.counted === 0).map((h) => h.label);
  const share = requiredShare(claim.target);
  // A share of 100% is "every attempt": no interval's lower bound ever reaches 1, so judge it as absolute.
  const absolute = claim.target.kind === 'absolute' || share >= 1;
  const compliance = counted === 0 ? null : met / counted;
  const interval = counted === 0 ? null : wilsonInterval(met, counted);
  const worstHours = hours
    .filter((h) => h.counted > h.met)
    .sort((a, b) => (a.compliance as number) - (b.compliance as number) || b.counted - b.met - (a.counted - a.met))
    .slice(0, WORST_HOURS);

  const reasons: string[] = [];
  let status: VerdictStatus;
  if (absolute && failed > 0) {
    status = 'broken';
    reasons.push(`${failed} of ${counted} in-force attempts failed; an absolute promise allows none`);
  } else if (!absolute && interval !== null && interval.upper < share) {
    status = 'broken';
    reasons.push(
      `compliance ${percent(compliance as number)} (95% interval ${percent(interval.lower)}-${percent(interval.upper)}) is below the ${percent(share)} promised`,
    );
  } else {
    status = 'unproven';
    if (counted === 0) reasons.push('no in-force observations in the window');
    if (missing.length > 0) {
      const shown = missing.slice(0, 6).join(', ');
      reasons.push(
        `${missing.length} promised hours of the week were never probed (${shown}${missing.length > 6 ? ', …' : ''})`,
      );
    }
    if (counted > 0 && counted < claim.minSamples) {
      reasons.push(`only ${counted} in-force observations; at least ${claim.minSamples} are needed`);
    }
    if (reasons.length === 0) {
      if (absolute) {
        status = 'kept';
        reasons.push(`all ${counted} in-force attempts met the promise, every promised hour probed`);
      } else if ((interval as Interval).lower >= share) {
        status = 'kept';
        reasons.push(
          `compliance ${percent(compliance as number)} (95% interval ${percent((interval as Interval).lower)}-${percent((interval as Interval).upper)}) meets the ${percent(share)} promised`,
        );
      } else {
        reasons.push(
          `compliance ${percent(compliance as number)} but its 95% interval ${percent((interval as Interval).lower)}-${percent((interval as Interval).upper)} still includes the ${percent(share)} target; more observations are needed`,
        );
      }
    }
  }
  if (inconclusive > 0)
    reasons.push(
      notYetReached.length === 0
        ? `${inconclusive} inconclusive attempts (our side failed) were not counted`
        : `${inconclusive} attempts not counted: inconclusive (our side failed) or not yet reached`,
    );
  if (notYetReached.length > 0) {
    const note = notYetReachedNote(notYetReached);
    if (status === 'unproven') reasons.unshift(note);
    else reasons.push(note);
  }

  return {
    claimId: claim.id,
    status,
    reasons,
    window,
    target: { absolute, share },
    samples: { counted, met, failed, inconclusive, outOfForce },
    compliance,
    interval,
    coverage: {
      promised: promised.size,
      probed: promised.size - missing.length,
      ratio: promised.size === 0 ? 1 : (promised.size - missing.length) / promised.size,
      missing,
    },
    hours,
    worstHours,
    ...(notYetReached.length === 0 ? {} : { notYetReached }),
  };
}
