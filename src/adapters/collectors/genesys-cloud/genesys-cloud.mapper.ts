import type { PopulationReading, WaitSplit } from '../../../domain/population/population-reading.ts';
import { maxDefined, reading } from '../collector-gap.ts';
import type { QueuesAskedAbout } from '../desk-figures.ts';
import { type AggregateResult, type ObservationResult, viewName } from './genesys-cloud.client.ts';

/** Genesys's queue clock (tWait, tAnswered) starts when the flow transfers to ACD: IVR and bot come before. */
export const GENESYS_UNCOUNTED = ['ivr', 'bot'] as const;

const CHANNEL: Readonly<Record<string, string>> = { voice: 'voice', callback: 'voice', chat: 'chat', message: 'chat' };

type Stats = AggregateResult['data'][number]['metrics'][number]['stats'];

function statsOf(result: AggregateResult | undefined, metric: string): Stats[] {
  return (result?.data ?? []).flatMap((d) => d.metrics.filter((m) => m.metric === metric).map((m) => m.stats));
}
const sum = (all: Stats[], key: 'count' | 'sum'): number => all.reduce((total, s) => total + (s[key] ?? 0), 0);
const max = (all: Stats[]): number | undefined => maxDefined(...all.map((s) => s.max));

export interface GenesysFigures extends QueuesAskedAbout {
  readonly nowMs: number;
  readonly mediaTypes: readonly string[] | undefined;
  readonly aggregates: readonly AggregateResult[];
  /** Present when the window ends now. */
  readonly observations: readonly ObservationResult[] | undefined;
}

/** Groups asked about, with those Genesys left out (nothing happened) added with no data. */
function groups(figures: GenesysFigures): { queueId: string; mediaType: string | undefined }[] {
  const seen = figures.aggregates.map((r) => ({ queueId: r.group.queueId, mediaType: r.group.mediaType }));
  for (const queueId of figures.queueIds)
    for (const mediaType of figures.mediaTypes ?? [undefined])
      if (!seen.some((g) => g.queueId === queueId && (mediaType === undefined || g.mediaType === mediaType)))
        seen.push({ queueId, mediaType });
  return seen;
}

/**
 * One reading per queue and media type: answered (tAnswered) plus abandoned (tAbandon) contacts, the splits from the
 * rangeBound views at each limit, the longest wait from tWait/tAnswered/tAbandon and, for a current window, from
 * when the oldest contact still waiting began (oWaiting's observations).
 */
export function genesysReadings(figures: GenesysFigures): PopulationReading[] {
  return groups(figures).map(({ queueId, mediaType }) => {
    const result = figures.aggregates.find((r) => r.group.queueId === queueId && r.group.mediaType === mediaType);
    const answered = statsOf(result, 'tAnswered');
    const abandoned = statsOf(result, 'tAbandon');
    const waiting = (figures.observations ?? [])
      .filter((o) => o.group.queueId === queueId && (mediaType === undefined || o.group.mediaType === mediaType))
      .flatMap((o) => o.data.filter((d) => d.metric === 'oWaiting').flatMap((d) => d.observations ?? []))
      .map((o) => figures.nowMs - Date.parse(o.observationDate));
    const splits: WaitSplit[] = figures.splitSeconds.map((seconds) => ({
      thresholdMs: seconds * 1000,
      answeredWithin: sum(statsOf(result, viewName('tAnswered', seconds)), 'count'),
      abandonedWithin: sum(statsOf(result, viewName('tAbandon', seconds)), 'count'),
    }));
    const answeredCount = sum(answered, 'count');
    return reading({
      collectorId: figures.collectorId,
      queue: queueId,
      channel: mediaType === undefined ? undefined : (CHANNEL[mediaType] ?? mediaType),
      fromMs: figures.fromMs,
      toMs: figures.toMs,
      contacts: answeredCount + sum(abandoned, 'count'),
      abandoned: sum(abandoned, 'count'),
      splits: splits.length === 0 ? undefined : splits,
      longestWaitMs: maxDefined(max(statsOf(result, 'tWait')), max(answered), max(abandoned), ...waiting),
      averageWaitMs: answeredCount === 0 ? undefined : Math.round(sum(answered, 'sum') / answeredCount),
      source: 'genesys-cloud.conversation-aggregates',
      uncounted: GENESYS_UNCOUNTED,
    });
  });
}
