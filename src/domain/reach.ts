import type { Observation } from './observation.ts';

/**
 * Setup versus outage (docs/architecture/evaluation.md "Not yet reached"). A probe that has never once reached its
 * target cannot tell a dead desk from a wrong setting (a mistyped URL, a port nothing listens on): until it has
 * reached the target once, attempts that got no word from the service are not counted against its claims and do not
 * page; they say "not yet reached: check the target". After the first reach, unreachable is the desk's failure. A
 * probe whose catalogue says `expectReachable: true` is judged as reached from its first attempt.
 */

/**
 * `evidence.details` key a channel sets (to `true`) on an attempt that never got a word from the service: the
 * connection was refused, the host was unreachable, nothing answered at all. A refusal *by the service* (HTTP 503,
 * SIP 486 Busy, a closed chat) is an answer, and is not marked.
 */
export const NOT_REACHED_DETAIL = 'notReached';

/**
 * `evidence.details` key Kept stamps (to `true`) when it records a not-reached attempt of a probe that had never
 * reached its target: the judgement reads it, so an observation judges the same way when it is judged again later.
 */
export const NOT_YET_REACHED_DETAIL = 'notYetReached';

export const NOT_YET_REACHED = 'not yet reached: check the target';

/** Whether the attempt got no word from the service at all (a channel's typed mark, never the reason text). */
export function isNotReached(observation: Observation): boolean {
  return (
    (observation.outcome === 'rejected' || observation.outcome === 'unanswered') &&
    observation.evidence.details?.[NOT_REACHED_DETAIL] === true
  );
}

/** Whether the attempt reached the service: it answered, refused or kept silent on an open line. */
export function reachedTarget(observation: Observation): boolean {
  return observation.outcome !== 'inconclusive' && !isNotReached(observation);
}

/** Whether the attempt was recorded while its probe had never reached its target (it counts for nothing). */
export function isNotYetReached(observation: Observation): boolean {
  return isNotReached(observation) && observation.evidence.details?.[NOT_YET_REACHED_DETAIL] === true;
}

/** What Kept knows, when it records an attempt, about its probe's reach before that attempt. */
export interface ReachBefore {
  /** Some earlier attempt of the probe reached its target. */
  readonly everReached: boolean;
  /** The catalogue's `expectReachable: true`: the target is known to be right, so unreachable is an outage at once. */
  readonly expectReachable: boolean;
}

/** Whether an attempt is excused as setup: it did not reach a target the probe has never reached (and not expected). */
export function isSetupAttempt(observation: Observation, before: ReachBefore): boolean {
  return !before.expectReachable && !before.everReached && isNotReached(observation);
}

/** The observation as Kept records it: stamped "not yet reached" when it is a setup attempt, else unchanged. */
export function stampReach(observation: Observation, before: ReachBefore): Observation {
  if (!isSetupAttempt(observation, before)) return observation;
  return {
    ...observation,
    evidence: {
      ...observation.evidence,
      details: { ...observation.evidence.details, [NOT_YET_REACHED_DETAIL]: true },
    },
  };
}

/** The judgement's reason for a setup attempt: the rule, then what the channel saw. */
export function notYetReachedReason(observation: Observation): string {
  return observation.reason === undefined ? NOT_YET_REACHED : `${NOT_YET_REACHED} (${observation.reason})`;
}

/** A probe's reach as shown beside its claims' verdicts. */
export type ProbeReachStatus = 'reached' | 'not-yet-reached' | 'unknown';

/**
 * A probe's reach from its latest attempts, newest first: `not-yet-reached` when the latest attempt that said
 * anything about the service (not inconclusive) was a setup attempt, `reached` when it reached or was judged as an
 * outage, `unknown` without such an attempt.
 */
export function reachStatusOf(newestFirst: readonly Observation[]): ProbeReachStatus {
  const latest = newestFirst.find((o) => o.outcome !== 'inconclusive');
  if (latest === undefined) return 'unknown';
  return isNotYetReached(latest) ? 'not-yet-reached' : 'reached';
}

/** The note a claim's verdict carries while a probe verifying it has never reached its target. */
export function notYetReachedNote(probeIds: readonly string[]): string {
  const named = probeIds.map((id) => `"${id}"`).join(', ');
  const probes = probeIds.length === 1 ? `probe ${named} has` : `probes ${named} have`;
  return `${NOT_YET_REACHED}: ${probes} never reached the target; failures to connect are not counted until it has`;
}
