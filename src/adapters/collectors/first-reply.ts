import type { PopulationReading } from '../../domain/population/population-reading.ts';
import { type CollectContext, maxDefined, reading } from './collector-gap.ts';

/** A ticket or conversation: when the customer wrote, and how long until the first reply by a person (if yet). */
export interface FirstReply {
  readonly createdAtMs: number;
  readonly replyAfterMs: number | undefined;
}

export interface FirstReplyScope {
  readonly collectorId: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly nowMs: number;
  readonly thresholdsMs: readonly number[];
  readonly queue: string;
  readonly channel: string;
  readonly source: string;
}

/** The part of a scope that the run's context gives: collector, interval, now and the promise limits. */
export function runScope(
  context: CollectContext,
): Pick<FirstReplyScope, 'collectorId' | 'fromMs' | 'toMs' | 'nowMs' | 'thresholdsMs'> {
  const { collectorId, window, nowMs } = context;
  return { collectorId, fromMs: window.fromMs, toMs: window.toMs, nowMs, thresholdsMs: window.thresholdsMs };
}

/**
 * Those created in the interval, by first reply. One with no reply yet counts only once it has waited past every
 * limit (then it failed them all, and its age so far is its wait); before that it is undecided and left out.
 */
export function firstReplyReading(items: readonly FirstReply[], scope: FirstReplyScope): PopulationReading {
  const inWindow = items.filter((item) => item.createdAtMs >= scope.fromMs && item.createdAtMs < scope.toMs);
  const longestLimit = Math.max(0, ...scope.thresholdsMs);
  const answered = inWindow.flatMap((item) => (item.replyAfterMs === undefined ? [] : [item.replyAfterMs]));
  const overdue = inWindow.flatMap((item) =>
    item.replyAfterMs === undefined && scope.nowMs - item.createdAtMs > longestLimit
      ? [scope.nowMs - item.createdAtMs]
      : [],
  );
  const splits = [...new Set(scope.thresholdsMs)]
    .sort((a, b) => a - b)
    .map((thresholdMs) => ({ thresholdMs, answeredWithin: answered.filter((ms) => ms < thresholdMs).length }));
  return reading({
    collectorId: scope.collectorId,
    queue: scope.queue,
    channel: scope.channel,
    fromMs: scope.fromMs,
    toMs: scope.toMs,
    contacts: answered.length + overdue.length,
    abandoned: 0,
    splits: splits.length === 0 ? undefined : splits,
    longestWaitMs: maxDefined(...answered, ...overdue),
    averageWaitMs:
      answered.length === 0 ? undefined : Math.round(answered.reduce((a, b) => a + b, 0) / answered.length),
    source: scope.source,
  });
}
