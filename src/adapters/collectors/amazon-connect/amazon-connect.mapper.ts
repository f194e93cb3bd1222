import type { PopulationReading, WaitSplit } from '../../../domain/population/population-reading.ts';
import { maxDefined, reading, secondsToMs } from '../collector-gap.ts';
import type { QueuesAskedAbout } from '../desk-figures.ts';
import type { CurrentMetricResult, MetricResultV2 } from './amazon-connect.client.ts';

/** Connect's queue clock starts when the contact flow transfers the contact to the queue: IVR and bot come before. */
export const CONNECT_UNCOUNTED = ['ivr', 'bot'] as const;

const CHANNEL: Readonly<Record<string, string>> = { VOICE: 'voice', CHAT: 'chat', TASK: 'task', EMAIL: 'email' };

function value(result: MetricResultV2, name: string, seconds?: number): number | undefined {
  const found = result.Collections.find(
    (c) => c.Metric.Name === name && (seconds === undefined || c.Metric.Threshold?.[0]?.ThresholdValue === seconds),
  );
  return found?.Value;
}

/**
 * The split at one limit: answered in X (`SUM_CONTACTS_ANSWERED_IN_X`) and abandoned in X. Where Connect gives only
 * `SERVICE_LEVEL` (the share of queued contacts removed from the queue within X, quick abandons included), answered
 * within is that share of CONTACTS_QUEUED less those abandoned within X.
 */
function split(result: MetricResultV2, seconds: number, queued: number): WaitSplit | undefined {
  const answered = value(result, 'SUM_CONTACTS_ANSWERED_IN_X', seconds);
  const abandoned = value(result, 'SUM_CONTACTS_ABANDONED_IN_X', seconds);
  const serviceLevel = value(result, 'SERVICE_LEVEL', seconds);
  const answeredWithin =
    answered ??
    (serviceLevel === undefined
      ? undefined
      : Math.max(0, Math.round((serviceLevel / 100) * queued) - (abandoned ?? 0)));
  if (answeredWithin === undefined) return undefined;
  const base = { thresholdMs: seconds * 1000, answeredWithin: Math.round(answeredWithin) };
  return abandoned === undefined ? base : { ...base, abandonedWithin: Math.round(abandoned) };
}

/** The queues (and channels) asked about: each gets a reading, with zero contacts when Connect had none. */
export interface ConnectFigures extends QueuesAskedAbout {
  readonly channels: readonly string[] | undefined;
  readonly historical: readonly MetricResultV2[];
  /** Present when the window ends now. */
  readonly current: readonly CurrentMetricResult[] | undefined;
}

/** Results for the queues (and channels) Connect left out because nothing happened there. */
function withQuietQueues(figures: ConnectFigures): MetricResultV2[] {
  const results = [...figures.historical];
  const channels = figures.channels ?? [undefined];
  for (const queue of figures.queueIds) {
    for (const channel of channels) {
      const seen = results.some(
        (r) => r.Dimensions.QUEUE === queue && (channel === undefined || r.Dimensions.CHANNEL === channel),
      );
      if (!seen)
        results.push({
          Dimensions: { QUEUE: queue, ...(channel === undefined ? {} : { CHANNEL: channel }) },
          Collections: [],
        });
    }
  }
  return results;
}

/** One reading per queue and channel for the window (zero contacts where Connect reported none). */
export function connectReadings(figures: ConnectFigures): PopulationReading[] {
  return withQuietQueues(figures).map((result) => {
    const queue = result.Dimensions.QUEUE ?? 'unknown';
    const channel = result.Dimensions.CHANNEL;
    const queued = Math.round(value(result, 'CONTACTS_QUEUED') ?? 0);
    const oldest = figures.current
      ?.filter((c) => c.Dimensions.Queue.Id === queue && (channel === undefined || c.Dimensions.Channel === channel))
      .flatMap((c) => c.Collections.filter((m) => m.Metric.Name === 'OLDEST_CONTACT_AGE').map((m) => m.Value ?? 0));
    const splits = figures.splitSeconds
      .map((seconds) => split(result, seconds, queued))
      .filter((s): s is WaitSplit => s !== undefined);
    return reading({
      collectorId: figures.collectorId,
      queue,
      channel: channel === undefined ? undefined : (CHANNEL[channel] ?? channel.toLowerCase()),
      fromMs: figures.fromMs,
      toMs: figures.toMs,
      contacts: queued,
      abandoned: Math.round(value(result, 'CONTACTS_ABANDONED') ?? 0),
      splits: splits.length === 0 ? undefined : splits,
      longestWaitMs: maxDefined(
        secondsToMs(value(result, 'MAX_QUEUED_TIME')),
        ...(oldest ?? []).map((s) => secondsToMs(s)),
      ),
      averageWaitMs: secondsToMs(value(result, 'AVG_QUEUE_ANSWER_TIME')),
      source: 'amazon-connect.metric-data-v2',
      uncounted: CONNECT_UNCOUNTED,
    });
  });
}
