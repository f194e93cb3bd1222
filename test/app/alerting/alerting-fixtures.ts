import type { Clock } from '../../../src/app/ports.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import type { Catalogue, Receiver, Route } from '../../../src/domain/catalogue.ts';
import type { Claim } from '../../../src/domain/claim.ts';
import { judge, type Judgement } from '../../../src/domain/judgement.ts';
import type { Observation, Outcome } from '../../../src/domain/observation.ts';
import { ABSOLUTE, always, at, claim, MINUTE, observation, share } from '../../domain/builders.ts';

/** Wall-clock time the test sets; sleeping and durations stay real so retries and ticks really wait. */
export function settableClock(start: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    monotonic: () => systemClock.monotonic(),
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
    set: (ms) => void (now = ms),
    advance: (ms) => void (now += ms),
  };
}

export const START = at('2026-03-01T03:00:00Z');
export const allDayChat: Claim = {
  ...claim({ id: 'chat-24-7', hours: always('Europe/London'), target: ABSOLUTE }),
  owner: 'support-ops',
};
export const shareEmail: Claim = {
  ...claim({ id: 'email-24h', hours: always('Europe/London'), target: share(0.95) }),
  copy: 'We reply to every email within 24 hours',
  owner: 'email-team',
};

export function catalogueWith(
  receivers: Receiver[],
  routes: Route[],
  claims: Claim[] = [allDayChat, shareEmail],
): Catalogue {
  return {
    service: { name: 'Acme Support', timeZone: 'Europe/London' },
    claims,
    probes: [],
    receivers,
    routes,
    evaluation: { windowMs: 7 * 86_400_000, coveragePeriodMs: 7 * 86_400_000 },
  };
}

/** Feeds one attempt with `outcome` for `subject` at the clock's time, as the probe runner's listener would. */
export function attemptOf(subject: Claim, outcome: Outcome, clock: Clock): [Observation, Judgement[]] {
  const seen = observation(clock.now(), { outcome });
  return [seen, [judge(subject, seen)]];
}

export { MINUTE };
