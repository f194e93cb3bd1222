import {
  INITIAL_ALERT_STATE,
  stepAlert,
  tickAlert,
  type AlertInput,
  type AlertPhase,
  type AlertPolicy,
  type AlertState,
  type AlertStep,
} from '../../domain/alerting/alert-state.ts';
import type { BackoffPolicy } from '../../domain/alerting/backoff.ts';
import {
  alertingSettings,
  ALERT_NAMES,
  attemptInput,
  policyFor,
  verdictInput,
  type AlertName,
} from '../../domain/alerting/claim-alerts.ts';
import { toNotification, type Notification } from '../../domain/alerting/notification.ts';
import { receiversFor, routingProblems } from '../../domain/alerting/routing.ts';
import type { Catalogue } from '../../domain/catalogue.ts';
import type { Claim } from '../../domain/claim.ts';
import { validationError } from '../../domain/errors.ts';
import type { Verdict } from '../../domain/evaluation/verdict.ts';
import type { Judgement } from '../../domain/judgement.ts';
import type { Observation } from '../../domain/observation.ts';
import type { Clock, Logger } from '../ports.ts';
import { createDeliveryQueue, type DeliveryQueue, type DeliveryStatus } from './delivery-queue.ts';
import type { NotifierFactory } from './notifier.port.ts';

export interface AlertingDeps {
  readonly catalogue: Catalogue;
  readonly clock: Clock;
  readonly log: Logger;
  /** Builds each receiver's notifier once, at start-up (createNotifierFactory in src/adapters/notifiers). */
  readonly notifierFor: NotifierFactory;
  /** Where a person sees a claim's evidence, e.g. `${publicUrl}/api/claims/${id}`. */
  readonly evidenceUrl: (claimId: string) => string;
  /** Overrides of the default thresholds and re-notify intervals (DEFAULT_ALERTING_SETTINGS). */
  readonly settings?: Partial<Record<AlertName, Partial<AlertPolicy>>>;
  /** How often (clock ms) firing alerts are checked for a due re-notification. Default 15 s. */
  readonly tickMs?: number;
  /** Back-off of the delivery queues once a notifier gave up. Default 5 s doubling up to 5 min. */
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
}

export interface AlertSnapshot {
  readonly claimId: string;
  readonly alert: AlertName;
  readonly phase: AlertPhase;
  readonly since: number | null;
  readonly notifiedAt: number | null;
  readonly reason: string;
}

export interface Alerting {
  /** An ObservationListener: feeds each judgement to the claim's `failing` alert. */
  readonly onObservation: (observation: Observation, judgements: readonly Judgement[]) => void;
  /** A verdict-board onRefresh: feeds each verdict to the claim's `broken` alert. */
  readonly onVerdicts: (verdicts: readonly Verdict[], at?: number) => void;
  /** Re-notifies firing alerts that are due; also runs by itself every `tickMs`. */
  tick(): void;
  states(): AlertSnapshot[];
  deliveries(): DeliveryStatus[];
  /** Resolves when every delivery queue is empty. */
  idle(): Promise<void>;
  /** Stops the tick loop and the queues; undelivered notifications are logged as errors and returned. */
  stop(): Promise<readonly Notification[]>;
}

const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 300_000 };

/**
 * The alerting use case: judgements and verdicts in, per-claim alert state machines in the middle, notifications out
 * to the receivers routed for the claim's owner, each through its own retrying delivery queue. Refuses to start when
 * a route names a receiver that does not exist or a receiver cannot be served (missing routing key, bad URL).
 */
export function createAlerting(deps: AlertingDeps): Alerting {
  const { catalogue, clock, log } = deps;
  const settings = alertingSettings(deps.settings);
  const problems = routingProblems(catalogue);
  if (problems.errors.length > 0) {
    throw validationError('alerting.routes', `alert routing is invalid: ${problems.errors.join('; ')}`);
  }
  for (const owner of problems.unrouted) {
    log.warn("no route sends this owner's alerts anywhere; they are only logged", { owner });
  }
  const queues = new Map<string, DeliveryQueue>();
  for (const receiver of catalogue.receivers) {
    const notifier = deps.notifierFor(receiver);
    const queue = createDeliveryQueue({
      notifier,
      clock,
      log,
      backoff: deps.backoff ?? DEFAULT_BACKOFF,
      random: deps.random ?? Math.random,
    });
    queues.set(receiver.name, queue);
  }
  const claims = new Map(catalogue.claims.map((c) => [c.id, c]));
  const routed = new Map(
    catalogue.claims.map((c) => [
      c.id,
      receiversFor(c.owner, catalogue.routes, catalogue.receivers).map((r) => r.name),
    ]),
  );
  const states = new Map<string, AlertState>();
  const key = (claimId: string, alert: AlertName): string => `${claimId}\u0000${alert}`;

  function dispatch(claim: Claim, alert: AlertName, step: AlertStep, policy: AlertPolicy, now: number): void {
    states.set(key(claim.id, alert), step.state);
    const transition = step.transition;
    if (transition === undefined) return;
    const context = { service: catalogue.service.name, claim, alert, evidenceUrl: deps.evidenceUrl(claim.id), policy };
    const notification = toNotification(context, transition, now);
    const receivers = routed.get(claim.id) ?? [];
    const fields = { claim: claim.id, alert, dedupKey: notification.dedupKey, reason: transition.reason, receivers };
    if (transition.kind === 'fire') log.warn('alert firing', fields);
    else if (transition.kind === 'resolve') log.info('alert resolved', fields);
    else log.info('alert still firing; notifying again', fields);
    for (const name of receivers) queues.get(name)?.enqueue(notification);
  }

  function feed(claimId: string, alert: AlertName, input: AlertInput, now: number): void {
    const claim = claims.get(claimId);
    if (claim === undefined) return;
    const policy = policyFor(claim, alert, settings);
    const state = states.get(key(claimId, alert)) ?? INITIAL_ALERT_STATE;
    dispatch(claim, alert, stepAlert(state, input, now, policy), policy, now);
  }

  function tick(): void {
    const now = clock.now();
    for (const claim of catalogue.claims) {
      for (const alert of ALERT_NAMES) {
        const state = states.get(key(claim.id, alert));
        if (state === undefined || (state.phase !== 'firing' && state.phase !== 'resolving')) continue;
        const policy = policyFor(claim, alert, settings);
        dispatch(claim, alert, tickAlert(state, now, policy), policy, now);
      }
    }
  }

  const stopping = new AbortController();
  const tickMs = deps.tickMs ?? 15_000;
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        await clock.sleep(tickMs, stopping.signal);
      } catch {
        return;
      }
      tick();
    }
  })();

  return {
    onObservation(_observation, judgements) {
      const now = clock.now();
      for (const judgement of judgements) feed(judgement.claimId, 'failing', attemptInput(judgement), now);
    },
    onVerdicts(verdicts, at) {
      const now = at ?? clock.now();
      for (const verdict of verdicts) feed(verdict.claimId, 'broken', verdictInput(verdict), now);
    },
    tick,
    states() {
      return [...states.entries()].map(([k, s]) => {
        const [claimId, alert] = k.split('\u0000') as [string, AlertName];
        return { claimId, alert, phase: s.phase, since: s.since, notifiedAt: s.notifiedAt, reason: s.reason };
      });
    },
    deliveries: () => [...queues.values()].map((q) => q.status()),
    async idle() {
      await Promise.all([...queues.values()].map((q) => q.idle()));
    },
    async stop() {
      stopping.abort();
      await loop;
      const left = await Promise.all([...queues.values()].map((q) => q.stop()));
      return left.flat();
    },
  };
}
