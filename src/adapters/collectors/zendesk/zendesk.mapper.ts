import type { PopulationReading } from '../../../domain/population/population-reading.ts';
import { maxDefined, reading, secondsToMs } from '../collector-gap.ts';
import type { AccountOverview, CurrentQueueActivity, TicketPage } from './zendesk.client.ts';

/** Talk measures the queue wait from when the call enters the queue: after the IVR. */
export const TALK_UNCOUNTED = ['ivr'] as const;

export interface TalkFigures {
  readonly collectorId: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly current: CurrentQueueActivity;
  readonly overview: AccountOverview;
}

/**
 * Talk gives waits, not counts per interval: the reading has no contacts of its own (0), the longest wait of any
 * call waiting now (which breaks an absolute claim), and today's average queue wait (account overview).
 */
export function talkReading(figures: TalkFigures): PopulationReading {
  return reading({
    collectorId: figures.collectorId,
    queue: 'talk',
    channel: 'voice',
    fromMs: figures.fromMs,
    toMs: figures.toMs,
    contacts: 0,
    abandoned: 0,
    longestWaitMs:
      figures.current.calls_waiting + figures.current.callbacks_waiting === 0
        ? undefined
        : secondsToMs(figures.current.longest_wait_time),
    averageWaitMs: secondsToMs(figures.overview.average_queue_wait_time),
    source: 'zendesk.talk.current-queue-activity',
    uncounted: TALK_UNCOUNTED,
  });
}

export interface TicketFigures {
  readonly collectorId: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly nowMs: number;
  readonly channel: string;
  readonly replyTime: 'calendar' | 'business';
  readonly thresholdsMs: readonly number[];
  readonly pages: readonly TicketPage[];
}

/**
 * Tickets created in the interval, by first reply time (`reply_time_in_minutes`). A ticket with no reply yet counts
 * only once it has waited past every limit (then it failed them all); before that it is undecided and left out.
 */
export function ticketReading(figures: TicketFigures): PopulationReading {
  const created = new Map<number, number>();
  for (const page of figures.pages)
    for (const ticket of page.tickets) {
      const at = Date.parse(ticket.created_at);
      if (at >= figures.fromMs && at < figures.toMs) created.set(ticket.id, at);
    }
  const replyMs = new Map<number, number>();
  for (const page of figures.pages)
    for (const metrics of page.metric_sets) {
      const minutes = metrics.reply_time_in_minutes[figures.replyTime];
      if (created.has(metrics.ticket_id) && minutes !== null) replyMs.set(metrics.ticket_id, minutes * 60_000);
    }
  const longestLimit = Math.max(0, ...figures.thresholdsMs);
  const waits: number[] = [];
  for (const [id, at] of created) {
    const replied = replyMs.get(id);
    if (replied !== undefined) waits.push(replied);
    else if (figures.nowMs - at > longestLimit) waits.push(figures.nowMs - at);
  }
  const answered = [...replyMs.values()];
  const splits = [...new Set(figures.thresholdsMs)]
    .sort((a, b) => a - b)
    .map((thresholdMs) => ({ thresholdMs, answeredWithin: answered.filter((ms) => ms < thresholdMs).length }));
  return reading({
    collectorId: figures.collectorId,
    queue: 'tickets',
    channel: figures.channel,
    fromMs: figures.fromMs,
    toMs: figures.toMs,
    contacts: waits.length,
    abandoned: 0,
    splits: splits.length === 0 ? undefined : splits,
    longestWaitMs: maxDefined(...waits),
    averageWaitMs:
      answered.length === 0 ? undefined : Math.round(answered.reduce((a, b) => a + b, 0) / answered.length),
    source: `zendesk.ticket-metrics.reply-time-${figures.replyTime}`,
  });
}
