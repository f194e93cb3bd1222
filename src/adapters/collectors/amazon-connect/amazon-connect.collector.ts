import type { CollectResult, CollectWindow, PlatformCollector } from '../../../app/collector.port.ts';
import type { Clock } from '../../../app/ports.ts';
import { type CollectContext, read } from '../collector-gap.ts';
import { AmazonConnectClient } from './amazon-connect.client.ts';
import { connectReadings } from './amazon-connect.mapper.ts';
import type { AmazonConnectOptions } from './amazon-connect.options.ts';

const CURRENT_MS = 60_000;

/** Amazon Connect: GetMetricDataV2 for the window and, for a current window, GetCurrentMetricData. */
export class AmazonConnectCollector implements PlatformCollector {
  readonly platform = 'amazon-connect';
  readonly #client: AmazonConnectClient;

  constructor(
    private readonly options: AmazonConnectOptions,
    private readonly deps: { readonly collectorId: string; readonly clock: Clock },
  ) {
    this.#client = new AmazonConnectClient(options);
  }

  async collect(window: CollectWindow, signal: AbortSignal): Promise<CollectResult> {
    const nowMs = this.deps.clock.now();
    const context: CollectContext = { collectorId: this.deps.collectorId, window, vendor: 'Amazon Connect', nowMs };
    // Connect takes whole seconds from 1 to 604800 (7 days); a stricter (lower) split never flatters.
    const splitSeconds = [
      ...new Set(window.thresholdsMs.map((ms) => Math.min(604_800, Math.max(1, Math.floor(ms / 1000))))),
    ];
    const historical = await this.#client.metricDataV2(splitSeconds, context, signal);
    if (!historical.ok) return historical.result;
    let current;
    if (nowMs - window.toMs <= CURRENT_MS) {
      const fetched = await this.#client.currentMetricData(context, signal);
      if (!fetched.ok) return fetched.result;
      current = fetched.results;
    }
    return read(
      connectReadings({
        collectorId: this.deps.collectorId,
        fromMs: window.fromMs,
        toMs: window.toMs,
        splitSeconds,
        queueIds: this.options.queueIds,
        channels: this.options.channels,
        historical: historical.results,
        current,
      }),
    );
  }
}
