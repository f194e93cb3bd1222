import type { PopulationReading } from '../../../domain/population/population-reading.ts';
import { read } from '../collector-gap.ts';
import { thresholdSeconds } from '../desk-figures.ts';
import { isCurrentWindow, platformCollector } from '../platform-collector.ts';
import { TwilioTaskRouterClient } from './twilio-taskrouter.client.ts';
import { taskQueueReading } from './twilio-taskrouter.mapper.ts';
import type { TwilioTaskRouterOptions } from './twilio-taskrouter.options.ts';

/** Twilio TaskRouter: per TaskQueue, CumulativeStatistics for the window and, for a current window, RealTime. */
export const TwilioTaskRouterCollector = platformCollector({
  platform: 'twilio-taskrouter',
  vendor: 'Twilio TaskRouter',
  client: (options: TwilioTaskRouterOptions) => new TwilioTaskRouterClient(options),
  async read({ options, client, context, signal }) {
    const { window } = context;
    const splits = thresholdSeconds(window);
    const current = isCurrentWindow(context);
    const readings: PopulationReading[] = [];
    for (const queueSid of options.taskQueueSids) {
      const cumulative = await client.cumulative(queueSid, splits, context, signal);
      if (!cumulative.ok) return cumulative.result;
      let realTime;
      if (current) {
        const fetched = await client.realTime(queueSid, context, signal);
        if (!fetched.ok) return fetched.result;
        realTime = fetched.data;
      }
      readings.push(
        taskQueueReading({
          collectorId: context.collectorId,
          fromMs: window.fromMs,
          toMs: window.toMs,
          channel: options.taskChannel,
          thresholdsMs: window.thresholdsMs,
          cumulative: cumulative.data,
          realTime,
        }),
      );
    }
    return read(readings);
  },
});

export type TwilioTaskRouterCollector = InstanceType<typeof TwilioTaskRouterCollector>;
