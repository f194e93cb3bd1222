import type { Claim } from '../../domain/claim.ts';
import { describePromise } from '../../domain/claim.ts';
import { formatDuration } from '../../domain/duration.ts';
import type { Verdict } from '../../domain/evaluation/verdict.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A claim as the API lists it: what was promised and, when known, its current verdict in brief. */
export function claimSummaryJson(claim: Claim, verdict: Verdict | undefined) {
  return {
    id: claim.id,
    copy: claim.copy,
    owner: claim.owner,
    channels: claim.channels,
    publishedAt: claim.publishedAt,
    hours: claim.hours.kind === 'always' ? '24/7' : `weekly (${claim.hours.timeZone})`,
    promise: describePromise(claim.promise, formatDuration),
    target: claim.target.kind === 'absolute' ? 'absolute' : claim.target.share,
    status: verdict?.status ?? 'unproven',
    reasons: verdict?.reasons ?? ['not evaluated yet'],
    compliance: verdict?.compliance ?? null,
    interval: verdict?.interval ?? null,
    samples: verdict?.samples ?? null,
    coverage:
      verdict === undefined
        ? null
        : { promised: verdict.coverage.promised, probed: verdict.coverage.probed, ratio: verdict.coverage.ratio },
    window: verdict === undefined ? null : { from: iso(verdict.window.from), to: iso(verdict.window.to) },
  };
}

/** The whole verdict with hour-of-week coverage and compliance and the worst hours. */
export function verdictJson(verdict: Verdict) {
  return {
    status: verdict.status,
    reasons: verdict.reasons,
    window: { from: iso(verdict.window.from), to: iso(verdict.window.to) },
    target: verdict.target,
    samples: verdict.samples,
    compliance: verdict.compliance,
    interval: verdict.interval,
    coverage: verdict.coverage,
    worstHours: verdict.worstHours,
    hours: verdict.hours,
    notYetReached: verdict.notYetReached ?? [],
  };
}
