import type { PopulationReading, WaitSplit } from '../../../domain/population/population-reading.ts';
import { maxDefined, reading, secondsToMs } from '../collector-gap.ts';
import { limitSeconds } from '../desk-figures.ts';
import type { TaskQueueCumulative, TaskQueueRealTime } from './twilio-taskrouter.client.ts';

/** TaskRouter creates the task when the flow (IVR, Studio, a bot) hands the customer over: it never sees before. */
export const TASKROUTER_UNCOUNTED = ['ivr', 'bot'] as const;

export interface TaskQueueFigures {
  readonly collectorId: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly channel: string | undefined;
  readonly thresholdsMs: readonly number[];
  readonly cumulative: TaskQueueCumulative;
  /** Present when the window ends now, so the queue's current longest wait belongs to it. */
  readonly realTime: TaskQueueRealTime | undefined;
}

/**
 * One reading per queue and window, split at each promise limit. Contacts are the tasks accepted plus those canceled
 * (abandoned) in the window; within a limit are those accepted below the split, and those who hung up below it.
 */
export function taskQueueReading(figures: TaskQueueFigures): PopulationReading {
  const { cumulative, realTime } = figures;
  const contacts = cumulative.reservations_accepted + cumulative.tasks_canceled;
  const longestWaitMs = maxDefined(
    contacts === 0 ? undefined : secondsToMs(cumulative.wait_duration_until_accepted.max),
    contacts === 0 ? undefined : secondsToMs(cumulative.wait_duration_until_canceled.max),
    realTime === undefined || realTime.longest_task_waiting_age < 0
      ? undefined
      : secondsToMs(realTime.longest_task_waiting_age),
  );
  const base = {
    collectorId: figures.collectorId,
    queue: cumulative.task_queue_sid,
    channel: figures.channel,
    fromMs: figures.fromMs,
    toMs: figures.toMs,
    contacts,
    abandoned: cumulative.tasks_canceled,
    longestWaitMs,
    averageWaitMs:
      cumulative.reservations_accepted === 0 ? undefined : secondsToMs(cumulative.wait_duration_until_accepted.avg),
    source: 'twilio.taskrouter.cumulative',
    uncounted: TASKROUTER_UNCOUNTED,
  };
  const splits = figures.thresholdsMs.flatMap((thresholdMs) => {
    const split = cumulative.split_by_wait_time?.[String(limitSeconds(thresholdMs))];
    if (split === undefined) return [];
    return [
      {
        thresholdMs: limitSeconds(thresholdMs) * 1000,
        answeredWithin: split.below.reservations_accepted,
        abandonedWithin: split.below.tasks_canceled,
      },
    ];
  });
  return reading({ ...base, splits: splits.length === 0 ? undefined : uniqueSplits(splits) });
}

function uniqueSplits(splits: readonly WaitSplit[]): WaitSplit[] {
  const byLimit = new Map(splits.map((split) => [split.thresholdMs, split]));
  return [...byLimit.values()].sort((a, b) => a.thresholdMs - b.thresholdMs);
}
