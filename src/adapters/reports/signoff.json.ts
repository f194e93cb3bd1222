import type { ApproveResult } from '../../app/signoff/approve.ts';
import type { SignoffRecord } from '../../app/signoff/signoff.types.ts';
import type { JudgedClaim, SignoffReport, UnmeasurableClaim } from '../../app/signoff/signoff.types.ts';
import { describePromise } from '../../domain/claim.ts';
import { formatDuration } from '../../domain/duration.ts';
import { describeHours } from '../../domain/signoff/week-ranges.ts';
import { observationToJson } from '../json/observation.json.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** One judged claim as JSON: what the copy says, how it was read, the verdict with its evidence, and a wording. */
export function judgedClaimJson(c: JudgedClaim) {
  const v = c.verdict;
  return {
    id: c.id,
    extractedId: c.extracted.id,
    channel: c.channel,
    text: c.extracted.span.text,
    span: { start: c.extracted.span.start, end: c.extracted.span.end },
    sentence: c.extracted.sentence.text,
    status: c.status,
    reasons: c.reasons,
    notes: c.notes,
    readAs:
      c.claim === null
        ? null
        : {
            hours: describeHours(c.claim.hours),
            timeZone: c.claim.hours.timeZone,
            promise: describePromise(c.claim.promise, formatDuration),
            statistic: c.average === null ? 'each' : 'average',
            target: c.claim.target.kind === 'absolute' ? 'absolute' : c.claim.target.share,
            minSamples: c.claim.minSamples,
          },
    because: c.extracted.because,
    basis: c.basis,
    matchedClaim: c.matchedClaimId,
    probes: c.probes,
    samples: v?.samples ?? null,
    compliance: v?.compliance ?? null,
    interval: v?.interval ?? null,
    average: c.average,
    coverage: v?.coverage ?? null,
    worstHours: v?.worstHours ?? [],
    hours: v?.hours ?? [],
    suggestion: c.suggestion,
    examples: c.examples.map((e) => ({ failure: e.reason, observation: observationToJson(e.observation) })),
    evidence: {
      from: c.evidence.from === 0 ? null : iso(c.evidence.from),
      to: c.evidence.to === 0 ? null : iso(c.evidence.to),
      latestObservation: iso(c.evidence.latestAt),
      observations: c.evidence.observations,
      digest: `sha256:${c.evidence.digest}`,
    },
  };
}

export function unmeasurableJson(u: UnmeasurableClaim) {
  return {
    id: u.extracted.id,
    text: u.extracted.span.text,
    span: { start: u.extracted.span.start, end: u.extracted.span.end },
    sentence: u.extracted.sentence.text,
    kind: u.extracted.unmeasurable,
    reason: u.reason,
    because: u.extracted.because,
  };
}

/** The sign-off report as JSON: `kept signoff --json` and `POST /api/signoff` print exactly this. */
export function signoffReportJson(report: SignoffReport) {
  return {
    service: report.service,
    generatedAt: iso(report.generatedAt),
    since: formatDuration(report.sinceMs),
    format: report.format,
    status: report.status,
    exitCode: report.exitCode,
    summary: {
      supported: report.claims.filter((c) => c.status === 'supported').length,
      notSupported: report.claims.filter((c) => c.status === 'not supported').length,
      unproven: report.claims.filter((c) => c.status === 'unproven').length,
      unmeasurable: report.unmeasurable.length,
    },
    claims: report.claims.map(judgedClaimJson),
    unmeasurable: report.unmeasurable.map(unmeasurableJson),
  };
}

export function signoffRecordJson(r: SignoffRecord) {
  return {
    id: r.id,
    claim: r.partId,
    channel: r.channel,
    text: r.claimText,
    sentence: r.sentence,
    status: r.status,
    reasons: r.reasons,
    approver: r.approver,
    approvedAt: iso(r.approvedAt),
    digest: `sha256:${r.digest}`,
    owner: r.owner,
    since: formatDuration(r.sinceMs),
    matchedClaim: r.matchedClaimId,
    currentStatus: r.lastStatus,
    lastCheckedAt: iso(r.lastCheckedAt),
  };
}

export function approveResultJson(result: ApproveResult) {
  return {
    approved: result.approved.map(signoffRecordJson),
    refused: result.refused,
    report: signoffReportJson(result.report),
  };
}
