import { read } from '../collector-gap.ts';
import { thresholdSeconds } from '../desk-figures.ts';
import { isCurrentWindow, platformCollector } from '../platform-collector.ts';
import { GenesysCloudClient } from './genesys-cloud.client.ts';
import { genesysReadings } from './genesys-cloud.mapper.ts';
import type { GenesysCloudOptions } from './genesys-cloud.options.ts';

/** Genesys Cloud: conversation aggregates for the window and, for a current window, queue observations. */
export const GenesysCloudCollector = platformCollector({
  platform: 'genesys-cloud',
  vendor: 'Genesys Cloud',
  client: (options: GenesysCloudOptions, deps) => new GenesysCloudClient(options, deps.clock),
  async read({ options, client, context, signal }) {
    const { window } = context;
    const splitSeconds = thresholdSeconds(window);
    const aggregates = await client.aggregates(splitSeconds, context, signal);
    if (!aggregates.ok) return aggregates.result;
    let observations;
    if (isCurrentWindow(context)) {
      const fetched = await client.observations(context, signal);
      if (!fetched.ok) return fetched.result;
      observations = fetched.data.results;
    }
    return read(
      genesysReadings({
        collectorId: context.collectorId,
        fromMs: window.fromMs,
        toMs: window.toMs,
        nowMs: context.nowMs,
        splitSeconds,
        queueIds: options.queueIds,
        mediaTypes: options.mediaTypes,
        aggregates: aggregates.data.results,
        observations,
      }),
    );
  },
});

export type GenesysCloudCollector = InstanceType<typeof GenesysCloudCollector>;
