import { formatDuration } from '../../../domain/duration.ts';
import type { Outcome } from '../../../domain/observation.ts';
import type { CancelRecord, InviteResult } from './sip-call.ts';

/** What a final SIP status says about the line, for the customer: busy, not found, unavailable … */
export function statusOutcome(
  status: number,
  reason: string,
  hadCredentials: boolean,
  authenticated = false,
): { outcome: Outcome; reason: string } {
  const said = `${status} ${reason}`.trim();
  if (authenticated && status === 403)
    return { outcome: 'inconclusive', reason: `our SIP credentials were refused (${said})` };
  if (status === 486 || status === 600) return { outcome: 'rejected', reason: `busy (${said})` };
  if (status === 404 || status === 604) return { outcome: 'rejected', reason: `number not found (${said})` };
  if (status === 480 || status === 503) return { outcome: 'rejected', reason: `unavailable (${said})` };
  if (status === 603) return { outcome: 'rejected', reason: `declined (${said})` };
  if (status === 408) return { outcome: 'unanswered', reason: `no answer (${said})` };
  if (status === 401 || status === 407) {
    return {
      outcome: 'inconclusive',
      reason: hadCredentials
        ? `our SIP credentials were refused (${said})`
        : `the line asks for authentication (${said}); give the probe auth credentials`,
    };
  }
  if (status === 415 || status === 420 || status === 488 || status === 606) {
    return { outcome: 'inconclusive', reason: `the far end did not accept what the probe offered (${said})` };
  }
  return { outcome: 'rejected', reason: `the call was refused (${said})` };
}

/**
 * What happened after the CANCEL, when it was not the usual 200 OK then 487: a far end that never ends the INVITE is
 * given up 64·T1 after the CANCEL (RFC 3261 §9.1), and the reason says so.
 */
function cancelStory(cancel: CancelRecord): string {
  if (cancel.inviteEnded !== 'timer') return '';
  const waited = formatDuration(cancel.giveUpAfterMs);
  const answered =
    cancel.answer === undefined
      ? `the CANCEL got no answer (sent ${cancel.sends} time(s))`
      : `the CANCEL was answered ${cancel.answer.status} ${cancel.answer.reason}`.trimEnd();
  return `; ${answered} but no 487 ended the INVITE, so the call was given up ${waited} after the CANCEL (RFC 3261 §9.1)`;
}

const PEER_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);

/** The outcome of a call that was never answered. */
export function unansweredOutcome(
  invite: Exclude<InviteResult, { kind: 'answered' }>,
  context: {
    cancelledForNoAnswer: boolean;
    ringTimeoutMs: number;
    stop: 'timeout' | 'kept' | undefined;
    target: string;
    hadCredentials: boolean;
  },
): { outcome: Outcome; reason: string } {
  switch (invite.kind) {
    case 'failed':
      return statusOutcome(invite.status, invite.reason, context.hadCredentials, invite.authenticated);
    case 'cancelled': {
      const after = invite.cancel === undefined ? '' : cancelStory(invite.cancel);
      if (context.cancelledForNoAnswer)
        return {
          outcome: 'unanswered',
          reason: `no answer: it rang for ${formatDuration(context.ringTimeoutMs)}${after}`,
        };
      if (context.stop === 'kept')
        return { outcome: 'inconclusive', reason: 'Kept stopped the attempt early (shutdown)' };
      return { outcome: 'unanswered', reason: `no answer within the probe's time-out${after}` };
    }
    case 'no-response':
      if (context.stop === 'kept')
        return { outcome: 'inconclusive', reason: 'Kept stopped the attempt early (shutdown)' };
      return {
        outcome: 'rejected',
        reason: `the SIP server at ${context.target} did not respond to the INVITE within ${formatDuration(invite.timerBMs)} (RFC 3261 Timer B)`,
      };
    case 'transport-error': {
      if (context.stop === 'kept')
        return { outcome: 'inconclusive', reason: 'Kept stopped the attempt early (shutdown)' };
      if (context.stop === 'timeout') return { outcome: 'unanswered', reason: "no answer within the probe's time-out" };
      const code = (invite.error as NodeJS.ErrnoException).code ?? '';
      if (PEER_CODES.has(code))
        return { outcome: 'rejected', reason: `the connection to ${context.target} failed (${code})` };
      return { outcome: 'inconclusive', reason: `our SIP transport failed: ${invite.error.message}` };
    }
  }
}

/**
 * Whether a call never got a word from the far end: not one SIP response (not even 100 Trying) before Timer B, the
 * probe's time-out or a transport error (connection refused, no route). Recorded as `evidence.details.notReached`
 * (src/domain/reach.ts); a SIP status (486 Busy, 503) is the service's answer and is not.
 */
export function callNotReached(invite: InviteResult, responses: number): boolean {
  return responses === 0 && (invite.kind === 'no-response' || invite.kind === 'transport-error');
}
