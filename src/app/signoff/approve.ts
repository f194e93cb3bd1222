import { validationError } from '../../domain/errors.ts';
import { signOffCopy } from './sign-off.ts';
import type { NewSignoffRecord, SignoffRecord, SignoffRecordStore } from './signoff.types.ts';
import type { JudgedClaim, SignoffDeps, SignoffReport, SignoffRequest } from './signoff.types.ts';

export interface ApproveRequest extends SignoffRequest {
  readonly approver: string;
  /** Only these judged claims (`c2`, `c2.chat`); default every supported one. */
  readonly claimIds?: readonly string[];
}

export interface ApproveResult {
  readonly report: SignoffReport;
  readonly approved: readonly SignoffRecord[];
  /** Claims that were not signed off, and why: only supported claims can be. */
  readonly refused: readonly { readonly id: string; readonly status: string; readonly reason: string }[];
}

function recordOf(claim: JudgedClaim, approver: string, at: number, sinceMs: number): NewSignoffRecord {
  return {
    partId: claim.id,
    channel: claim.channel,
    claimText: claim.extracted.span.text,
    sentence: claim.extracted.sentence.text,
    status: claim.status,
    reasons: claim.reasons,
    approver,
    approvedAt: at,
    digest: claim.evidence.digest,
    owner: claim.claim?.owner ?? 'unowned',
    sinceMs,
    matchedClaimId: claim.matchedClaimId,
    extracted: claim.extracted,
    claim: claim.claim,
  };
}

/**
 * Signs the copy off: judges it, then stores a record for each supported claim (or each one named) with the approver,
 * the date and the evidence digest. A claim that is not supported, or unproven, is refused, never recorded as approved.
 */
export async function approveCopy(
  deps: SignoffDeps,
  records: SignoffRecordStore,
  request: ApproveRequest,
): Promise<ApproveResult> {
  const approver = request.approver.trim();
  if (approver === '' || approver.length > 200)
    throw validationError('signoff.approver', "an approval needs the approver's name (at most 200 characters)");
  const report = await signOffCopy(deps, request);
  const known = new Set(report.claims.map((c) => c.id));
  const unknown = (request.claimIds ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw validationError(
      'signoff.claim-unknown',
      `the copy has no measurable claim ${unknown.join(', ')}; it has ${[...known].join(', ') || 'none'}`,
    );
  }
  const wanted = report.claims.filter((c) => request.claimIds === undefined || request.claimIds.includes(c.id));
  const refused = wanted
    .filter((c) => c.status !== 'supported')
    .map((c) => ({ id: c.id, status: c.status, reason: `${c.status}: ${c.reasons[0] ?? ''}`.trim() }));
  const at = deps.clock.now();
  const approved = await records.add(
    wanted.filter((c) => c.status === 'supported').map((c) => recordOf(c, approver, at, request.sinceMs)),
  );
  return { report, approved, refused };
}
