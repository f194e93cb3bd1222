import type { ProbeKind } from './channel.ts';
import type { Claim } from './claim.ts';
import type { CollectorSpec } from './population/collector-spec.ts';
import type { Secret } from './secret.ts';

export interface ProbeSchedule {
  /** Five- or six-field cron expression (node-cron syntax), read in `timeZone`. */
  readonly cron: string;
  readonly timeZone: string;
  /** Each run starts after a random delay in [0, jitterMs). */
  readonly jitterMs: number;
  /** The longest one attempt may take before it is abandoned as unanswered. */
  readonly timeoutMs: number;
  /**
   * How many runs of the probe may be in flight at once (default 1): a run due while this many are going is skipped.
   * More than one lets a probe whose attempts can outlast its interval (a 2-minute promise probed every minute) keep
   * its schedule, as several customers waiting in one queue would.
   */
  readonly maxInFlight?: number;
}

/** A synthetic customer. `options` are the channel's own, validated by that channel's schema. */
export interface ProbeSpec<Options = Readonly<Record<string, unknown>>> {
  readonly id: string;
  readonly kind: ProbeKind;
  /** Where the probe goes: a URL, a SIP URI or an address, as the channel reads it. */
  readonly target: string;
  readonly schedule: ProbeSchedule;
  /** Ids of the claims whose promises this probe's observations are judged against. */
  readonly verifies: readonly string[];
  readonly options: Options;
  /**
   * The target is known to be right (`expectReachable: true` in the catalogue): failing to reach it is the desk's
   * failure from the first attempt. Unset, a probe that has never reached its target reports "not yet reached: check
   * the target" and does not page until it has (src/domain/reach.ts).
   */
  readonly expectReachable?: boolean;
  /**
   * Where the probe must run from (`locations: [uk, us-east]`): lower-case ids, each its own fleet queue. Absent when
   * the catalogue names none, which means one location, DEFAULT_LOCATION; read it with `probeLocations`.
   */
  readonly locations?: readonly string[];
}

/** The location of a probe that names none, and of a worker started without `--location`. */
export const DEFAULT_LOCATION = 'default';

/** Where a probe runs from: its catalogue's `locations`, or `[DEFAULT_LOCATION]`. */
export function probeLocations(probe: Pick<ProbeSpec, 'locations'>): readonly string[] {
  return probe.locations ?? [DEFAULT_LOCATION];
}

/** Every location the catalogue's probes name, sorted (the bound on a `location` label's values). */
export function catalogueLocations(probes: readonly Pick<ProbeSpec, 'locations'>[]): readonly string[] {
  return [...new Set(probes.flatMap(probeLocations))].sort();
}

export type ReceiverKind = 'alertmanager' | 'pagerduty' | 'slack' | 'webhook';

export interface Receiver {
  readonly name: string;
  readonly kind: ReceiverKind;
  readonly url: string;
  /** Routing key, bearer token or signing secret, depending on the kind. */
  readonly secret?: Secret;
}

/** Sends breaches of the claims owned by `owner` (or every owner, for `*`) to the named receivers. */
export interface Route {
  readonly owner: string;
  readonly receivers: readonly string[];
}

export interface Service {
  readonly name: string;
  readonly timeZone: string;
}

export interface EvaluationSettings {
  /** Default window for verdicts, e.g. 7 days. */
  readonly windowMs: number;
  /** Period over which the coverage planner makes sure every in-force hour of the week is probed. */
  readonly coveragePeriodMs: number;
}

/** A validated catalogue: what the YAML files say, mapped once to domain objects. */
export interface Catalogue {
  readonly service: Service;
  readonly claims: readonly Claim[];
  readonly probes: readonly ProbeSpec[];
  /** Platform collectors (`collectors:`); absent or empty when the catalogue has none. */
  readonly collectors?: readonly CollectorSpec[];
  readonly receivers: readonly Receiver[];
  readonly routes: readonly Route[];
  readonly evaluation: EvaluationSettings;
}
