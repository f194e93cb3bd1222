import { formatDuration } from '../../../domain/duration.ts';
import type { Outcome } from '../../../domain/observation.ts';
import type { Ending } from './browser-conversation.ts';

/** The finding recorded when a customer cannot get to a person: a dead-end bot, or no human within the limit. */
export const NO_WAY_FORWARD = 'no way forward';

export interface BrowserAttempt {
  readonly hasSent: boolean;
  readonly responses: number;
  readonly humanReached: boolean;
  readonly waitForHuman: boolean;
  readonly requests: number;
  readonly timeoutMs: number;
}

export interface Decided {
  readonly outcome: Outcome;
  readonly reason?: string;
  readonly findings: readonly string[];
}

/**
 * How a browser chat's ending maps to an outcome. A response makes the attempt `answered` whatever came after; a
 * dead end, or waiting for a human in vain, adds the finding "no way forward". Without a response, a refused page
 * or a chat closed by the service is `rejected`, silence is `unanswered`; our own failures, and a time-out before
 * the probe even wrote its message (a slow page or browser cannot be told apart), are `inconclusive`.
 */
export function decideOutcome(ending: Ending, attempt: BrowserAttempt): Decided {
  switch (ending.kind) {
    case 'satisfied':
      return { outcome: 'answered', findings: [] };
    case 'ours':
      return { outcome: 'inconclusive', reason: ending.reason, findings: [] };
    case 'refused':
      return { outcome: 'rejected', reason: ending.reason, findings: [] };
    case 'dead-end':
      return { outcome: 'answered', reason: `${NO_WAY_FORWARD}: ${ending.reason}`, findings: [NO_WAY_FORWARD] };
    case 'closed':
      if (attempt.responses === 0)
        return { outcome: 'rejected', reason: `${ending.reason} without answering`, findings: [] };
      return {
        outcome: 'answered',
        reason: `${ending.reason}${attempt.humanReached ? '' : ', before a human answered'}`,
        findings: [],
      };
    case 'timeout': {
      const within = formatDuration(attempt.timeoutMs);
      if (!attempt.hasSent) {
        return {
          outcome: 'inconclusive',
          reason: `the probe had not written its message when the time-out (${within}) came: the page or the browser was too slow`,
          findings: [],
        };
      }
      if (attempt.responses === 0)
        return { outcome: 'unanswered', reason: `no response within ${within}`, findings: [] };
      if (attempt.humanReached || !attempt.waitForHuman) return { outcome: 'answered', findings: [] };
      const asked =
        attempt.requests === 0
          ? ''
          : ` after ${attempt.requests} request${attempt.requests === 1 ? '' : 's'} for a person`;
      return {
        outcome: 'answered',
        reason: `${NO_WAY_FORWARD}: no human answered within ${within}${asked}; only automatic replies came`,
        findings: [NO_WAY_FORWARD],
      };
    }
  }
}

/** Whether an attempt deserves a screenshot and the console errors: it failed, or found no way forward. */
export function wantsEvidence(decided: Decided, attempt: BrowserAttempt): boolean {
  return (
    decided.outcome !== 'answered' || decided.findings.length > 0 || (attempt.waitForHuman && !attempt.humanReached)
  );
}
