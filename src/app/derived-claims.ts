import { hourOfWeek } from '../domain/calendar/zoned-time.ts';
import type { Claim } from '../domain/claim.ts';
import {
  AUTO_REPLY_CLAIM_SUFFIX,
  autoReplyClaimId,
  deriveAutoReplyClaim,
  judgeAutoReplyPromise,
} from '../domain/email/auto-reply-claim.ts';
import { extractReplyPromise } from '../domain/email/promise-extraction.ts';
import type { Judgement } from '../domain/judgement.ts';
import type { Observation } from '../domain/observation.ts';

/**
 * Claims that observations make on their own (pure): an email auto-reply that promises "a reply within 24 hours" is
 * a claim of the mailbox, `<mailbox claim>~auto-reply` (the relay race, issue #5; docs/architecture/email-channel.md).
 * `verified` are the claims of the catalogue that the observation's probe verifies: the mailbox claims.
 */

/** Only email auto-replies make derived claims today. */
const derives = (observation: Observation): boolean =>
  observation.kind === 'email' && observation.autoReplyPromise !== undefined;

/** The observation judged against the claims derived from it: one judgement per mailbox claim, when its auto-reply set a time. */
export function derivedJudgements(verified: readonly Claim[], observation: Observation): Judgement[] {
  if (!derives(observation)) return [];
  return verified
    .map((mailbox) => judgeAutoReplyPromise(mailbox, observation))
    .filter((j): j is Judgement => j !== undefined);
}

/** The claims an observation derives, one per mailbox claim (none when no auto-reply promised a time). */
export function claimsDerivedFrom(verified: readonly Claim[], observation: Observation): Claim[] {
  if (!derives(observation)) return [];
  const promise = extractReplyPromise(observation.autoReplyPromise as string);
  return promise === undefined ? [] : verified.map((mailbox) => deriveAutoReplyClaim(mailbox, promise));
}

/** The mailbox claim id a derived claim id was made from, or undefined for any other id. */
export function mailboxClaimIdOf(claimId: string): string | undefined {
  return claimId.endsWith(AUTO_REPLY_CLAIM_SUFFIX) ? claimId.slice(0, -AUTO_REPLY_CLAIM_SUFFIX.length) : undefined;
}

/**
 * How an observation counts for the claim derived from `mailbox` (evidence pages re-judge stored observations): as the
 * runner judged it, or not counted when this attempt's auto-reply set no time.
 */
export function judgeDerived(mailbox: Claim, observation: Observation): Judgement {
  const judged = derives(observation) ? judgeAutoReplyPromise(mailbox, observation) : undefined;
  return (
    judged ?? {
      claimId: autoReplyClaimId(mailbox.id),
      observationId: observation.id,
      at: observation.startedAt,
      hourOfWeek: hourOfWeek(observation.startedAt, mailbox.hours.timeZone),
      inForce: true,
      counted: false,
      met: false,
      reason: 'no auto-reply promised a time in this attempt',
    }
  );
}
