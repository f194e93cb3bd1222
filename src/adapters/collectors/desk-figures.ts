import type { CollectWindow } from '../../app/collector.port.ts';
import type { PopulationReading, WaitSplit } from '../../domain/population/population-reading.ts';
import { reading, secondsToMs } from './collector-gap.ts';

/**
 * What the generic collectors (PromQL, SQL, HTTP JSON) read for one queue: the desk's own figures, waits in seconds.
 * A split is the count answered (and abandoned) in less than `thresholdSeconds`.
 */
export interface DeskFigures {
  readonly queue: string;
  readonly channel?: string | undefined;
  readonly contacts: number;
  readonly abandoned: number;
  readonly longestWaitSeconds?: number | undefined;
  readonly averageWaitSeconds?: number | undefined;
  readonly splits: readonly {
    readonly thresholdSeconds: number;
    readonly answeredWithin: number;
    readonly abandonedWithin?: number | undefined;
  }[];
}

/** What a contact-centre platform's mapper is asked about: the queues, the interval, the limits in seconds. */
export interface QueuesAskedAbout {
  readonly collectorId: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly splitSeconds: readonly number[];
  /** Each queue asked about gets a reading, with zero contacts when the platform had none. */
  readonly queueIds: readonly string[];
}

export interface FiguresSource {
  readonly collectorId: string;
  readonly window: CollectWindow;
  /** e.g. `prometheus.promql`. */
  readonly source: string;
  readonly uncounted: readonly string[] | undefined;
}

export function deskReading(figures: DeskFigures, from: FiguresSource): PopulationReading {
  const splits: WaitSplit[] = [...figures.splits]
    .sort((a, b) => a.thresholdSeconds - b.thresholdSeconds)
    .map((split) => {
      const base = {
        thresholdMs: Math.round(split.thresholdSeconds * 1000),
        answeredWithin: Math.round(split.answeredWithin),
      };
      return split.abandonedWithin === undefined
        ? base
        : { ...base, abandonedWithin: Math.round(split.abandonedWithin) };
    });
  const value = reading({
    collectorId: from.collectorId,
    queue: figures.queue,
    channel: figures.channel,
    fromMs: from.window.fromMs,
    toMs: from.window.toMs,
    contacts: Math.round(figures.contacts),
    abandoned: Math.round(figures.abandoned),
    splits: splits.length === 0 ? undefined : splits,
    longestWaitMs: secondsToMs(figures.longestWaitSeconds),
    averageWaitMs: secondsToMs(figures.averageWaitSeconds),
    source: from.source,
  });
  return from.uncounted === undefined || from.uncounted.length === 0 ? value : { ...value, uncounted: from.uncounted };
}

/** A promise limit in whole seconds, at least 1 (rounded down: a stricter limit never flatters). */
export const limitSeconds = (thresholdMs: number): number => Math.max(1, Math.floor(thresholdMs / 1000));

/** Whole seconds for each promise limit in a window, once each, ascending. */
export const thresholdSeconds = (window: CollectWindow): number[] =>
  [...new Set(window.thresholdsMs.map(limitSeconds))].sort((a, b) => a - b);
