import { hourOfWeek } from '../calendar/zoned-time.ts';
import { deadlineAfter } from '../calendar/business-calendar.ts';
import type { BusinessLimit, Claim } from '../claim.ts';
import { formatDuration } from '../duration.ts';
import type { Judgement } from '../judgement.ts';
import type { Observation } from '../observation.ts';
import {
  describeDeadline,
  extractReplyPromise,
  type PromisedDeadline,
  type ReplyPromise,
} from './promise-extraction.ts';

/**
 * The relay race: an auto-reply that promises "a reply within 24 hours" makes a claim of its own. It is derived from
 * the mailbox's claim (same owner, time zone and target), in force whenever the auto-reply makes it (around the
 * clock), and judged by the human reply time against the promised deadline in the mailbox claim's calendar.
 */
export const AUTO_REPLY_CLAIM_SUFFIX = '~auto-reply';

export function autoReplyClaimId(mailboxClaimId: string): string {
  return `${mailboxClaimId}${AUTO_REPLY_CLAIM_SUFFIX}`;
}

const DAY_MS = 86_400_000;

/**
 * A fixed length for a promise, for display and for `Claim.promise.withinMs`: exact for elapsed time, nominal for
 * calendar promises (1 business day reads 2 days, the longest it usually takes). Judge with `judgeAutoReplyPromise`,
 * which uses the real deadline of each mail.
 */
export function nominalMs(deadline: PromisedDeadline): number {
  switch (deadline.kind) {
    case 'elapsed':
      return deadline.ms;
    case 'business-hours':
      return deadline.hours * 3_600_000;
    case 'business-days':
    case 'calendar-days':
      return (deadline.days + 1) * DAY_MS;
  }
}

/** The promise in business time, for display: "a reply within 2 business days". */
function businessOf(deadline: PromisedDeadline): { business: BusinessLimit } | Record<string, never> {
  if (deadline.kind === 'business-hours') return { business: { kind: 'business-hours', hours: deadline.hours } };
  if (deadline.kind === 'business-days') return { business: { kind: 'business-days', days: deadline.days } };
  return {};
}

/** The derived claim `<mailbox>~auto-reply` for a promise its auto-reply made. */
export function deriveAutoReplyClaim(mailbox: Claim, promise: ReplyPromise): Claim {
  return {
    id: autoReplyClaimId(mailbox.id),
    copy: promise.verbatim,
    publishedAt: [`auto-reply of the mailbox in claim ${mailbox.id}`],
    owner: mailbox.owner,
    channels: ['email'],
    hours: { kind: 'always', timeZone: mailbox.hours.timeZone },
    promise: { kind: 'reply', withinMs: nominalMs(promise.deadline), ...businessOf(promise.deadline) },
    target: mailbox.target,
    minSamples: mailbox.minSamples,
  };
}

/** The instant the probe's mail was accepted: `evidence.details.sentAt`, else the start plus the connect time. */
export function mailSentAt(observation: Observation): number {
  const sentAt = observation.evidence.details?.sentAt;
  return typeof sentAt === 'number' ? sentAt : observation.startedAt + (observation.timings.connectMs ?? 0);
}

/**
 * Judges one observation against the promise its auto-reply made, or undefined when no auto-reply promised a time.
 * Counted unless the probe failed on our side, or stopped waiting before the promised deadline without a reply.
 */
export function judgeAutoReplyPromise(mailbox: Claim, observation: Observation): Judgement | undefined {
  const promise =
    observation.autoReplyPromise === undefined ? undefined : extractReplyPromise(observation.autoReplyPromise);
  if (promise === undefined) return undefined;
  const base = {
    claimId: autoReplyClaimId(mailbox.id),
    observationId: observation.id,
    at: observation.startedAt,
    hourOfWeek: hourOfWeek(observation.startedAt, mailbox.hours.timeZone),
    inForce: true,
  };
  if (observation.outcome === 'inconclusive')
    return { ...base, counted: false, met: false, reason: 'inconclusive: the probe itself failed' };
  const sentAt = mailSentAt(observation);
  const due = deadlineAfter(promise.deadline, sentAt, mailbox.hours);
  const promised = `promised ${describeDeadline(promise.deadline)}`;
  if (due === undefined)
    return { ...base, counted: false, met: false, reason: `${promised}, but the calendar has no business days` };
  const dueIn = formatDuration(due - sentAt);
  const { humanMs } = observation.timings;
  if (observation.humanReached && humanMs !== undefined) {
    const met = sentAt + humanMs <= due;
    return {
      ...base,
      counted: true,
      met,
      reason: `human reply after ${formatDuration(humanMs)}; ${promised} (due after ${dueIn})`,
    };
  }
  const stoppedAt = observation.startedAt + observation.timings.totalMs;
  if (stoppedAt < due) {
    return {
      ...base,
      counted: false,
      met: false,
      reason: `the probe stopped waiting before the promised deadline (${promised}, due after ${dueIn})`,
    };
  }
  return {
    ...base,
    counted: true,
    met: false,
    reason: `no human reply by the promised deadline (${promised}, due after ${dueIn})`,
  };
}
