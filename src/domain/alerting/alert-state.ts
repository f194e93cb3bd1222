import { validationError } from '../errors.ts';

/**
 * The alert state machine for one alert of one claim, pure: `(state, input, now) -> { state, transition? }`.
 *
 *   ok --bad--> pending --(fireAfter bad in a row)--> firing --good--> resolving --(resolveAfter good in a row)--> ok
 *        pending --good--> ok (a flap: nothing is sent)       resolving --bad--> firing (same incident, nothing new)
 *
 * `neutral` inputs (an inconclusive attempt, an hour not in force, an unproven verdict, the passing of time) never move
 * the state toward firing or toward resolution; while firing they may only produce a re-notification when one is due.
 */
export type AlertPhase = 'ok' | 'pending' | 'firing' | 'resolving';

export type Signal = 'bad' | 'good' | 'neutral';

export interface AlertInput {
  readonly signal: Signal;
  /** Why, in a plain sentence, e.g. "outcome unanswered" or the verdict's first reason. */
  readonly reason: string;
}

export interface AlertPolicy {
  /** Consecutive bad inputs before the alert fires (1 = on the first). */
  readonly fireAfter: number;
  /** Consecutive good inputs before a firing alert resolves. */
  readonly resolveAfter: number;
  /** While firing, the alert is sent again when this long has passed since it was last sent. */
  readonly renotifyMs: number;
}

export interface AlertState {
  readonly phase: AlertPhase;
  readonly badStreak: number;
  readonly goodStreak: number;
  /** First bad input of the current streak (pending) or of the incident (firing, resolving); else null. */
  readonly since: number | null;
  /** First good input of the current recovery (resolving); else null. */
  readonly recoveringSince: number | null;
  /** When the incident was last sent (fire or re-notification); null when not firing. */
  readonly notifiedAt: number | null;
  /** The latest bad reason; kept for re-notifications and the resolve message. */
  readonly reason: string;
}

export type AlertTransition =
  | { readonly kind: 'fire'; readonly startedAt: number; readonly reason: string; readonly badStreak: number }
  | { readonly kind: 'renotify'; readonly startedAt: number; readonly reason: string; readonly badStreak: number }
  | { readonly kind: 'resolve'; readonly startedAt: number; readonly endedAt: number; readonly reason: string };

export interface AlertStep {
  readonly state: AlertState;
  readonly transition?: AlertTransition;
}

export const INITIAL_ALERT_STATE: AlertState = Object.freeze({
  phase: 'ok',
  badStreak: 0,
  goodStreak: 0,
  since: null,
  recoveringSince: null,
  notifiedAt: null,
  reason: '',
});

/** Checks a policy; thresholds are whole numbers of at least 1 and the re-notify interval is positive. */
export function checkAlertPolicy(policy: AlertPolicy): AlertPolicy {
  for (const key of ['fireAfter', 'resolveAfter'] as const) {
    if (!Number.isInteger(policy[key]) || policy[key] < 1) {
      throw validationError('alerting.policy', `${key} must be a whole number of at least 1, not ${policy[key]}`);
    }
  }
  if (!(policy.renotifyMs > 0)) {
    throw validationError('alerting.policy', `renotifyMs must be positive, not ${policy.renotifyMs}`);
  }
  return policy;
}

/** While firing: send again if the re-notify interval has passed since the last send. */
function maybeRenotify(state: AlertState, now: number, policy: AlertPolicy): AlertStep {
  const due = state.notifiedAt === null || now - state.notifiedAt >= policy.renotifyMs;
  if (!due) return { state };
  return {
    state: { ...state, notifiedAt: now },
    transition: { kind: 'renotify', startedAt: state.since ?? now, reason: state.reason, badStreak: state.badStreak },
  };
}

function onBad(state: AlertState, reason: string, now: number, policy: AlertPolicy): AlertStep {
  switch (state.phase) {
    case 'ok':
    case 'pending': {
      const badStreak = state.badStreak + 1;
      const since = state.since ?? now;
      if (badStreak < policy.fireAfter) {
        return { state: { ...INITIAL_ALERT_STATE, phase: 'pending', badStreak, since, reason } };
      }
      const firing: AlertState = { ...INITIAL_ALERT_STATE, phase: 'firing', badStreak, since, notifiedAt: now, reason };
      return { state: firing, transition: { kind: 'fire', startedAt: since, reason, badStreak } };
    }
    case 'firing':
    case 'resolving': {
      const next: AlertState = {
        ...state,
        phase: 'firing',
        badStreak: state.badStreak + 1,
        goodStreak: 0,
        recoveringSince: null,
        reason,
      };
      return maybeRenotify(next, now, policy);
    }
  }
}

function onGood(state: AlertState, reason: string, now: number, policy: AlertPolicy): AlertStep {
  switch (state.phase) {
    case 'ok':
    case 'pending':
      return { state: INITIAL_ALERT_STATE };
    case 'firing':
    case 'resolving': {
      const goodStreak = state.goodStreak + 1;
      const recoveringSince = state.recoveringSince ?? now;
      if (goodStreak < policy.resolveAfter) {
        const next: AlertState = { ...state, phase: 'resolving', goodStreak, recoveringSince };
        return maybeRenotify(next, now, policy);
      }
      return {
        state: INITIAL_ALERT_STATE,
        transition: { kind: 'resolve', startedAt: state.since ?? recoveringSince, endedAt: recoveringSince, reason },
      };
    }
  }
}

/** Advances one alert by one input observed at `now` (epoch ms). */
export function stepAlert(state: AlertState, input: AlertInput, now: number, policy: AlertPolicy): AlertStep {
  switch (input.signal) {
    case 'bad':
      return onBad(state, input.reason, now, policy);
    case 'good':
      return onGood(state, input.reason, now, policy);
    case 'neutral':
      return state.phase === 'firing' || state.phase === 'resolving' ? maybeRenotify(state, now, policy) : { state };
  }
}

/** The passing of time alone: re-notifies a firing alert when due, changes nothing else. */
export function tickAlert(state: AlertState, now: number, policy: AlertPolicy): AlertStep {
  return stepAlert(state, { signal: 'neutral', reason: 'time passed' }, now, policy);
}
