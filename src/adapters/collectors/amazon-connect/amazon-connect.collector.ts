import { read } from '../collector-gap.ts';
import { limitSeconds } from '../desk-figures.ts';
import { isCurrentWindow, platformCollector } from '../platform-collector.ts';
import { AmazonConnectClient } from './amazon-connect.client.ts';
import { connectReadings } from './amazon-connect.mapper.ts';
import type { AmazonConnectOptions } from './amazon-connect.options.ts';

/** Amazon Connect: GetMetricDataV2 for the window and, for a current window, GetCurrentMetricData. */
export const AmazonConnectCollector = platformCollector({
  platform: 'amazon-connect',
  vendor: 'Amazon Connect',
  client: (options: AmazonConnectOptions) => new AmazonConnectClient(options),
  async read({ options, client, context, signal }) {
    const { window } = context;
    // Connect takes whole seconds from 1 to 604800 (7 days); a stricter (lower) split never flatters.
    const splitSeconds = [...new Set(window.thresholdsMs.map((ms) => Math.min(604_800, limitSeconds(ms))))];
    const historical = await client.metricDataV2(splitSeconds, context, signal);
    if (!historical.ok) return historical.result;
    let current;
    if (isCurrentWindow(context)) {
      const fetched = await client.currentMetricData(context, signal);
      if (!fetched.ok) return fetched.result;
      current = fetched.results;
    }
    return read(
      connectReadings({
        collectorId: context.collectorId,
        fromMs: window.fromMs,
        toMs: window.toMs,
        splitSeconds,
        queueIds: options.queueIds,
        channels: options.channels,
        historical: historical.results,
        current,
      }),
    );
  },
});

export type AmazonConnectCollector = InstanceType<typeof AmazonConnectCollector>;
