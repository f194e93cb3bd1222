import { promisedSlots } from '../calendar/in-force.ts';
import { hourOfWeekLabel } from '../calendar/zoned-time.ts';
import { promiseLimitMs, requiredShare, type Claim } from '../claim.ts';
import { formatDuration } from '../duration.ts';
import type { EvaluationWindow, VerdictStatus } from '../evaluation/verdict.ts';
import { wilsonInterval, type Interval } from '../evaluation/wilson.ts';
import type { PopulationJudgement } from './population-judgement.ts';

/** An in-force interval in which someone waited past the promise: what breaks an absolute claim. */
export interface PastPromise {
  readonly collectorId: string;
  readonly queue?: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly longestWaitMs: number;
}

/**
 * What the platform says real customers got, for one claim over a window: the second witness beside the probes'
 * `Verdict`. `contacts.counted` is N (every contact, not a sample) and `interval` its Wilson interval, so a
 * discrepancy with the probes can be computed by comparing the two intervals (`witnessOf`).
 */
export interface PopulationVerdict {
  readonly claimId: string;
  readonly status: VerdictStatus;
  readonly reasons: readonly string[];
  readonly window: { readonly from: number; readonly to: number };
  readonly target: { readonly absolute: boolean; readonly share: number };
  /** The promise's limit in ms, or null for "answered at all". */
  readonly limitMs: number | null;
  readonly contacts: {
    readonly counted: number;
    readonly met: number;
    readonly failed: number;
    /** Gave up before the limit fell due: not counted. */
    readonly notCounted: number;
    /** Contacts of intervals the claim was not (wholly) in force, or that could not be judged at the limit. */
    readonly outOfForce: number;
    readonly unjudged: number;
  };
  readonly compliance: number | null;
  readonly interval: Interval | null;
  /** Longest wait in force over the window, when the platform gave one. */
  readonly longestWaitMs: number | null;
  readonly pastPromise: readonly PastPromise[];
  readonly coverage: {
    readonly promised: number;
    /** Promised hours of the week with at least one counted interval (a read of 0 contacts counts). */
    readonly read: number;
    readonly ratio: number;
    readonly missing: readonly string[];
  };
  /** Intervals in force where collection failed: inconclusive, a coverage gap. */
  readonly gaps: {
    readonly count: number;
    readonly inForceMs: number;
    readonly byCode: Readonly<Record<string, number>>;
  };
  readonly collectors: readonly string[];
  /** What the platform's clock does not count (`ivr`, `bot`), as the readings say: named in a discrepancy. */
  readonly uncounted: readonly string[];
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;
const PAST_PROMISE_KEPT = 20;
const utc = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** Judgements whose interval starts in the window. */
const inWindow = (j: PopulationJudgement, window: EvaluationWindow): boolean =>
  j.fromMs >= window.from && j.fromMs < window.to;

/**
 * Judges a claim on the population over a window from its interval judgements (`judgePopulation`), with the probes'
 * rules (docs/architecture/evaluation.md, "Verdict rules") read for counts:
 * - broken, absolute target: any counted contact failed, or any in-force wait past the limit (the longest wait);
 * - broken, share target: the Wilson interval's upper bound is below the target;
 * - unproven: nothing counted, a promised hour of the week never read, fewer than `minSamples` contacts, or the
 *   interval still straddles the target;
 * - kept: otherwise. Gaps are never evidence: they are reported, and leave their hours unread.
 */
export function evaluatePopulation(
  claim: Claim,
  judgements: readonly PopulationJudgement[],
  window: EvaluationWindow,
): PopulationVerdict {
  let met = 0;
  let failed = 0;
  let notCounted = 0;
  let outOfForce = 0;
  let unjudged = 0;
  let longest: number | null = null;
  let gapCount = 0;
  let gapMs = 0;
  const byCode: Record<string, number> = {};
  const pastPromise: PastPromise[] = [];
  /** In-force intervals with a wait past the limit, including those beyond the first PAST_PROMISE_KEPT kept. */
  let pastCount = 0;
  const read = new Set<number>();
  const collectors = new Set<string>();
  const uncounted = new Set<string>();
  for (const j of judgements) {
    if (!inWindow(j, window)) continue;
    collectors.add(j.collectorId);
    if (j.status === 'gap') {
      gapCount += 1;
      gapMs += Math.min(j.toMs, window.to) - j.fromMs;
      const code = j.gap?.code ?? 'unknown';
      byCode[code] = (byCode[code] ?? 0) + 1;
      continue;
    }
    if (j.status === 'other-channel') continue;
    if (j.status === 'out-of-force' || j.status === 'partly-in-force') {
      outOfForce += j.contacts;
      continue;
    }
    for (const segment of j.uncounted ?? []) uncounted.add(segment);
    if (j.longestWaitMs !== undefined) longest = Math.max(longest ?? 0, j.longestWaitMs);
    if (j.pastPromise) pastCount += 1;
    if (j.pastPromise && pastPromise.length < PAST_PROMISE_KEPT) {
      pastPromise.push({
        collectorId: j.collectorId,
        ...(j.queue === undefined ? {} : { queue: j.queue }),
        fromMs: j.fromMs,
        toMs: j.toMs,
        longestWaitMs: j.longestWaitMs as number,
      });
    }
    if (j.status === 'unjudged') {
      unjudged += j.contacts;
      continue;
    }
    met += j.met;
    failed += j.failed;
    notCounted += j.notCounted;
    read.add(j.hourOfWeek);
  }
  const counted = met + failed;
  const share = requiredShare(claim.target);
  const absolute = claim.target.kind === 'absolute' || share >= 1;
  const limitMs = claim.promise.kind === 'answered' ? null : promiseLimitMs(claim.promise);
  const compliance = counted === 0 ? null : met / counted;
  const interval = counted === 0 ? null : wilsonInterval(met, counted);
  const promised = promisedSlots(claim.hours, window.from, window.coverageTo ?? window.to);
  const missing = [...promised]
    .filter((slot) => !read.has(slot))
    .sort((a, b) => a - b)
    .map(hourOfWeekLabel);

  const reasons: string[] = [];
  let status: VerdictStatus;
  const first = pastPromise[0];
  if (absolute && first !== undefined) {
    status = 'broken';
    reasons.push(
      `a contact waited ${formatDuration(first.longestWaitMs)} in force (${utc(first.fromMs)} UTC${first.queue === undefined ? '' : `, queue ${first.queue}`}), past the ${formatDuration(limitMs ?? 0)} promised` +
        `${pastCount > 1 ? `, and in ${pastCount - 1} more intervals` : ''}; an absolute promise allows none`,
    );
  } else if (absolute && failed > 0) {
    status = 'broken';
    reasons.push(
      `${failed} of ${counted} in-force contacts were not answered as promised; an absolute promise allows none`,
    );
  } else if (!absolute && interval !== null && interval.upper < share) {
    status = 'broken';
    reasons.push(
      `${percent(compliance as number)} of ${counted} contacts met the promise (95% interval ${percent(interval.lower)}-${percent(interval.upper)}), below the ${percent(share)} promised`,
    );
  } else {
    status = 'unproven';
    if (counted === 0) reasons.push('no in-force contacts were counted in the window');
    if (missing.length > 0) {
      const shown = missing.slice(0, 6).join(', ');
      reasons.push(
        `${missing.length} promised hours of the week were never read from the platform (${shown}${missing.length > 6 ? ', …' : ''})`,
      );
    }
    if (counted > 0 && counted < claim.minSamples)
      reasons.push(`only ${counted} in-force contacts; at least ${claim.minSamples} are needed`);
    if (reasons.length === 0) {
      const range = interval as Interval;
      if (absolute) {
        status = 'kept';
        reasons.push(`all ${counted} in-force contacts met the promise, every promised hour read`);
      } else if (range.lower >= share) {
        status = 'kept';
        reasons.push(
          `${percent(compliance as number)} of ${counted} contacts met the promise (95% interval ${percent(range.lower)}-${percent(range.upper)}), meeting the ${percent(share)} promised`,
        );
      } else {
        reasons.push(
          `${percent(compliance as number)} of ${counted} contacts met the promise, but its 95% interval ${percent(range.lower)}-${percent(range.upper)} still includes the ${percent(share)} target`,
        );
      }
    }
  }
  if (gapCount > 0) {
    const codes = Object.entries(byCode)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    reasons.push(
      `collection failed for ${formatDuration(gapMs)} in force (${gapCount} intervals: ${codes}); those intervals are inconclusive`,
    );
  }
  if (unjudged > 0)
    reasons.push(`${unjudged} contacts in intervals whose waits were not split at the limit were not counted`);
  if (notCounted > 0) reasons.push(`${notCounted} contacts gave up before the limit fell due and were not counted`);

  return {
    claimId: claim.id,
    status,
    reasons,
    window: { from: window.from, to: window.to },
    target: { absolute, share },
    limitMs,
    contacts: { counted, met, failed, notCounted, outOfForce, unjudged },
    compliance,
    interval,
    longestWaitMs: longest,
    pastPromise,
    coverage: {
      promised: promised.size,
      read: promised.size - missing.length,
      ratio: promised.size === 0 ? 1 : (promised.size - missing.length) / promised.size,
      missing,
    },
    gaps: { count: gapCount, inForceMs: gapMs, byCode },
    collectors: [...collectors].sort(),
    uncounted: [...uncounted].sort(),
  };
}

/** One witness's judgement of a claim, the shape a discrepancy compares: N, compliance and its interval. */
export interface Witness {
  readonly claimId: string;
  readonly source: 'population' | 'probes';
  readonly from: number;
  readonly to: number;
  readonly status: VerdictStatus;
  readonly n: number;
  readonly met: number;
  readonly compliance: number | null;
  readonly interval: Interval | null;
  readonly longestWaitMs: number | null;
}

/** The population's judgement of a claim as a witness (a discrepancy is two witnesses whose intervals do not meet). */
export function witnessOf(verdict: PopulationVerdict): Witness {
  return {
    claimId: verdict.claimId,
    source: 'population',
    from: verdict.window.from,
    to: verdict.window.to,
    status: verdict.status,
    n: verdict.contacts.counted,
    met: verdict.contacts.met,
    compliance: verdict.compliance,
    interval: verdict.interval,
    longestWaitMs: verdict.longestWaitMs,
  };
}
