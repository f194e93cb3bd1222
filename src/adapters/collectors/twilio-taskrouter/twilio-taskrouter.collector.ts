import type { Clock } from '../../../app/ports.ts';
import type { CollectResult, CollectWindow, PlatformCollector } from '../../../app/collector.port.ts';
import type { PopulationReading } from '../../../domain/population/population-reading.ts';
import { type CollectContext, read } from '../collector-gap.ts';
import { TwilioTaskRouterClient } from './twilio-taskrouter.client.ts';
import { splitSeconds, taskQueueReading } from './twilio-taskrouter.mapper.ts';
import type { TwilioTaskRouterOptions } from './twilio-taskrouter.options.ts';

/** How close to now a window must end for the queue's current longest wait to belong to it, ms. */
const CURRENT_MS = 60_000;

/** Twilio TaskRouter: per TaskQueue, CumulativeStatistics for the window and, for a current window, RealTime. */
export class TwilioTaskRouterCollector implements PlatformCollector {
  readonly platform = 'twilio-taskrouter';
  readonly #client: TwilioTaskRouterClient;

  constructor(
    private readonly options: TwilioTaskRouterOptions,
    private readonly deps: { readonly collectorId: string; readonly clock: Clock },
  ) {
    this.#client = new TwilioTaskRouterClient(options);
  }

  async collect(window: CollectWindow, signal: AbortSignal): Promise<CollectResult> {
    const nowMs = this.deps.clock.now();
    const context: CollectContext = { collectorId: this.deps.collectorId, window, vendor: 'Twilio TaskRouter', nowMs };
    const splits = [...new Set(window.thresholdsMs.map(splitSeconds))].sort((a, b) => a - b);
    const current = nowMs - window.toMs <= CURRENT_MS;
    const readings: PopulationReading[] = [];
    for (const queueSid of this.options.taskQueueSids) {
      const cumulative = await this.#client.cumulative(queueSid, splits, context, signal);
      if (!cumulative.ok) return cumulative.result;
      let realTime;
      if (current) {
        const fetched = await this.#client.realTime(queueSid, context, signal);
        if (!fetched.ok) return fetched.result;
        realTime = fetched.data;
      }
      readings.push(
        taskQueueReading({
          collectorId: this.deps.collectorId,
          fromMs: window.fromMs,
          toMs: window.toMs,
          channel: this.options.taskChannel,
          thresholdsMs: window.thresholdsMs,
          cumulative: cumulative.data,
          realTime,
        }),
      );
    }
    return read(readings);
  }
}
