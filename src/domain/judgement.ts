import { deadlineAfter } from './calendar/business-calendar.ts';
import { isInForce } from './calendar/in-force.ts';
import { hourOfWeek } from './calendar/zoned-time.ts';
import { describeBusinessLimit, type Claim, type ClaimPromise, type Hours } from './claim.ts';
import { formatDuration } from './duration.ts';
import type { Observation } from './observation.ts';
import { isNotYetReached, notYetReachedReason } from './reach.ts';

/** How one observation counts for one claim. Stored beside the observation and rolled up by hour. */
export interface Judgement {
  readonly claimId: string;
  readonly observationId: string;
  readonly at: number;
  /** Hour of the week in the claim's own time zone. */
  readonly hourOfWeek: number;
  readonly inForce: boolean;
  /** In force and not inconclusive: it counts toward compliance. */
  readonly counted: boolean;
  /** Counted and the promise was met. */
  readonly met: boolean;
  readonly reason: string;
}

/**
 * The time an attempt was allowed, from the moment the customer's message left: the promise's own length, or for a
 * limit in business time the span to its deadline in the claim's calendar (4 business hours asked for at 16:00 on a
 * Friday run to 12:00 on Monday). `undefined` for a promise without a limit; `null` when the calendar has no
 * business day to count.
 */
function allowedMs(
  promise: ClaimPromise,
  observation: Observation,
  calendar: Hours | undefined,
): number | null | undefined {
  if (promise.kind === 'answered' || promise.withinMs === null) return undefined;
  if (promise.business === undefined || calendar === undefined) return promise.withinMs;
  const origin = askedAt(observation);
  const due = deadlineAfter(promise.business, origin, calendar);
  return due === undefined ? null : due - origin;
}

const NO_BUSINESS_DAY = "not counted: the claim's calendar has no business day to count the limit in";

function limitWords(promise: ClaimPromise, allowed: number): string {
  if (promise.kind === 'answered' || promise.business === undefined) return `${allowed} ms`;
  return `${describeBusinessLimit(promise.business)} (${allowed} ms from this attempt)`;
}

/**
 * Whether an observation delivered what a promise says, with the reason in words. A limit in business time is counted
 * in `calendar` (the claim's hours); without one it reads as its nominal length.
 */
export function meetsPromise(
  promise: ClaimPromise,
  observation: Observation,
  calendar?: Hours,
): { met: boolean; reason: string } {
  const { timings } = observation;
  if (observation.outcome !== 'answered') return { met: false, reason: `outcome ${observation.outcome}` };
  const allowed = allowedMs(promise, observation, calendar);
  if (allowed === null) return { met: false, reason: NO_BUSINESS_DAY };
  switch (promise.kind) {
    case 'answered':
      return { met: true, reason: 'answered' };
    case 'first-response':
      if (timings.firstResponseMs === undefined) return { met: false, reason: 'no response' };
      return timings.firstResponseMs <= (allowed as number)
        ? { met: true, reason: `first response in ${timings.firstResponseMs} ms` }
        : {
            met: false,
            reason: `first response in ${timings.firstResponseMs} ms, over ${limitWords(promise, allowed as number)}`,
          };
    case 'human':
    case 'reply':
      if (!observation.humanReached) return { met: false, reason: 'no human reached' };
      if (allowed === undefined) {
        return {
          met: true,
          reason: timings.humanMs === undefined ? 'human reached' : `human in ${timings.humanMs} ms`,
        };
      }
      if (timings.humanMs === undefined) return { met: false, reason: 'human reached, but when was not measured' };
      if (timings.humanMs <= allowed) {
        return { met: true, reason: `human in ${timings.humanMs} ms` };
      }
      return { met: false, reason: `human in ${timings.humanMs} ms, over ${limitWords(promise, allowed)}` };
  }
}

/**
 * The instant the customer's message left, from which responses are timed: `evidence.details.sentAt` when the channel
 * records it apart from the start (email records when the mail was accepted), else the start of the attempt.
 */
export function askedAt(observation: Observation): number {
  const sentAt = observation.evidence.details?.sentAt;
  return typeof sentAt === 'number' ? sentAt : observation.startedAt;
}

/**
 * How channels record that their own time-out ended an attempt, in `evidence.details.ending`: `timeout` (chat API,
 * browser chat), `deadline` (email: the time-out passed and a last look found no human reply).
 */
const TIME_OUT_ENDINGS: ReadonlySet<unknown> = new Set(['timeout', 'deadline']);

/**
 * The instant the probe stopped waiting of its own accord, or undefined when the service ended the attempt (a reply,
 * a refusal, a chat closed, a dead end). An `unanswered` attempt is one whose time-out came before any response (see
 * Outcome); an answered one stopped by its time-out says so in `evidence.details.ending` (a bot answered, then the
 * probe gave up waiting for a person).
 */
export function stoppedWaitingAt(observation: Observation): number | undefined {
  const timedOut = observation.outcome === 'unanswered' || TIME_OUT_ENDINGS.has(observation.evidence.details?.ending);
  return timedOut ? observation.startedAt + observation.timings.totalMs : undefined;
}

/**
 * Why an attempt that missed its promise cannot count as a failure: it stopped waiting (its own time-out) before the
 * promise fell due, so what it missed might still have come in time. Undefined when the failure stands: the attempt
 * waited at least as long as the promise allows, the service refused or ended it, or the promise has no limit (then
 * the probe's time-out is the only measure there is, e.g. for `answered`).
 */
export function stoppedTooSoon(promise: ClaimPromise, observation: Observation, calendar?: Hours): string | undefined {
  const stoppedAt = stoppedWaitingAt(observation);
  const allowed = allowedMs(promise, observation, calendar);
  if (stoppedAt === undefined || allowed === undefined || allowed === null) return undefined;
  const origin = askedAt(observation);
  if (stoppedAt - origin >= allowed) return undefined;
  const limit =
    promise.kind !== 'answered' && promise.business !== undefined
      ? describeBusinessLimit(promise.business)
      : formatDuration(allowed);
  const waited = formatDuration(Math.max(0, stoppedAt - origin));
  return (
    `not counted: the probe stopped waiting after ${waited}, before the promise fell due ` +
    `(${limit}, due after ${formatDuration(allowed)}); a response could still have come in time`
  );
}

/**
 * Judges one observation against one claim. Out-of-hours and inconclusive observations never count, nor does an
 * attempt of a probe that had never reached its target and did not reach it (stamped at record time, see reach.ts),
 * nor one that stopped waiting before the promise fell due: only attempts that could have met the promise judge it.
 */
export function judge(claim: Claim, observation: Observation): Judgement {
  const base = {
    claimId: claim.id,
    observationId: observation.id,
    at: observation.startedAt,
    hourOfWeek: hourOfWeek(observation.startedAt, claim.hours.timeZone),
  };
  if (!isInForce(claim.hours, observation.startedAt)) {
    return { ...base, inForce: false, counted: false, met: false, reason: 'outside the hours in force' };
  }
  if (observation.outcome === 'inconclusive') {
    return { ...base, inForce: true, counted: false, met: false, reason: 'inconclusive: the probe itself failed' };
  }
  if (isNotYetReached(observation)) {
    return { ...base, inForce: true, counted: false, met: false, reason: notYetReachedReason(observation) };
  }
  if (allowedMs(claim.promise, observation, claim.hours) === null) {
    return { ...base, inForce: true, counted: false, met: false, reason: NO_BUSINESS_DAY };
  }
  const { met, reason } = meetsPromise(claim.promise, observation, claim.hours);
  const tooSoon = met ? undefined : stoppedTooSoon(claim.promise, observation, claim.hours);
  if (tooSoon !== undefined) return { ...base, inForce: true, counted: false, met: false, reason: tooSoon };
  return { ...base, inForce: true, counted: true, met, reason };
}
