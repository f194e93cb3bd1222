import type { Clock } from '../../../app/ports.ts';
import type { EmailAttempt } from './email-attempt.ts';
import type { RunEnding } from './email.outcome.ts';
import type { ReplySource } from './reply-source.ts';
import { sleepUntil } from '../../clock/sleep-until.ts';

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'shutdown';
}

function isTimeout(signal: AbortSignal): boolean {
  const reason: unknown = signal.reason;
  return typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
}

/**
 * Waits for the run's attempt to end (a human reply or a bounce), the deadline, or Kept stopping. At the deadline
 * (or a time-out abort) it takes a last look at the mailbox (catch-up since `since`), so `unanswered` is only said
 * about a mailbox that could be read. Any other abort suspends the run: it stays pending and resumes at the next start.
 */
export async function waitForReplies(input: {
  readonly attempt: EmailAttempt;
  readonly source: ReplySource;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly deadlineAt: number;
  readonly since: number;
}): Promise<RunEnding> {
  const { attempt, source, clock, signal } = input;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const winner = await Promise.race([
      attempt.ended.then((end) => ({ kind: 'ended' as const, end })),
      sleepUntil(clock, input.deadlineAt, stop.signal).then((reached) => ({
        kind: reached ? ('deadline' as const) : ('aborted' as const),
      })),
    ]);
    if (winner.kind === 'ended') return winner;
    if (winner.kind === 'aborted' && !isTimeout(signal)) return { kind: 'suspended', reason: abortReason(signal) };
  } finally {
    stop.abort();
    signal.removeEventListener('abort', onAbort);
  }
  try {
    for (const arrival of await source.catchUp(input.since)) attempt.offer(arrival);
  } catch (error) {
    return { kind: 'unchecked', reason: (error as Error).message };
  }
  const settled = await Promise.race([attempt.ended, Promise.resolve(undefined)]);
  return settled === undefined ? { kind: 'deadline' } : { kind: 'ended', end: settled };
}
