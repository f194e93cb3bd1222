import type { Clock } from '../../../app/ports.ts';

/** One retransmission schedule of RFC 3261: wait an interval, resend, wait a longer one, until answered or give-up. */
export interface Retransmission {
  readonly clock: Clock;
  /** Aborting it ends the schedule: the request was answered or acknowledged, or the call stopped. */
  readonly signal: AbortSignal;
  /** The first interval: T1. */
  readonly firstMs: number;
  /** The next interval after `intervalMs` (doubling; at most T2 for all but the INVITE). */
  readonly next: (intervalMs: number) => number;
  /** How long after the first send the schedule gives up: 64·T1 (Timers B and F, §13.3.1.4). */
  readonly giveUpMs: number;
  /** Over a reliable transport (TCP) the transport retransmits: no resend, one wait until `giveUpMs`. */
  readonly reliable: boolean;
  /** Called at each interval's end before the give-up; returning false ends the schedule (a provisional answer). */
  readonly resend: () => boolean | void;
}

/**
 * Runs a retransmission schedule (the INVITE's Timer A, a non-INVITE's Timer E, the 2xx resent until its ACK) on the
 * call's clock. Resolves `gave-up` once `giveUpMs` has passed, `stopped` when `signal` aborted, `resend` said so or
 * threw (it never rejects: callers run it unawaited).
 */
export async function retransmit(schedule: Retransmission): Promise<'gave-up' | 'stopped'> {
  const { clock, signal, giveUpMs, reliable } = schedule;
  let interval = schedule.firstMs;
  let waited = 0;
  while (waited < giveUpMs) {
    const step = reliable ? giveUpMs - waited : Math.min(interval, giveUpMs - waited);
    try {
      await clock.sleep(step, signal);
    } catch {
      return 'stopped';
    }
    if (signal.aborted) return 'stopped';
    waited += step;
    if (waited >= giveUpMs) break;
    try {
      if (schedule.resend() === false) return 'stopped';
    } catch {
      return 'stopped'; // the transport is gone (closed under us): nothing left to resend on
    }
    interval = schedule.next(interval);
  }
  return 'gave-up';
}
