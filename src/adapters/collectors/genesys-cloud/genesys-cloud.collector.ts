import type { CollectResult, CollectWindow, PlatformCollector } from '../../../app/collector.port.ts';
import type { Clock } from '../../../app/ports.ts';
import { type CollectContext, read } from '../collector-gap.ts';
import { thresholdSeconds } from '../desk-figures.ts';
import { GenesysCloudClient } from './genesys-cloud.client.ts';
import { genesysReadings } from './genesys-cloud.mapper.ts';
import type { GenesysCloudOptions } from './genesys-cloud.options.ts';

const CURRENT_MS = 60_000;

/** Genesys Cloud: conversation aggregates for the window and, for a current window, queue observations. */
export class GenesysCloudCollector implements PlatformCollector {
  readonly platform = 'genesys-cloud';
  readonly #client: GenesysCloudClient;

  constructor(
    private readonly options: GenesysCloudOptions,
    private readonly deps: { readonly collectorId: string; readonly clock: Clock },
  ) {
    this.#client = new GenesysCloudClient(options, deps.clock);
  }

  async collect(window: CollectWindow, signal: AbortSignal): Promise<CollectResult> {
    const nowMs = this.deps.clock.now();
    const context: CollectContext = { collectorId: this.deps.collectorId, window, vendor: 'Genesys Cloud', nowMs };
    const splitSeconds = thresholdSeconds(window);
    const aggregates = await this.#client.aggregates(splitSeconds, context, signal);
    if (!aggregates.ok) return aggregates.result;
    let observations;
    if (nowMs - window.toMs <= CURRENT_MS) {
      const fetched = await this.#client.observations(context, signal);
      if (!fetched.ok) return fetched.result;
      observations = fetched.data.results;
    }
    return read(
      genesysReadings({
        collectorId: this.deps.collectorId,
        fromMs: window.fromMs,
        toMs: window.toMs,
        nowMs,
        splitSeconds,
        queueIds: this.options.queueIds,
        mediaTypes: this.options.mediaTypes,
        aggregates: aggregates.data.results,
        observations,
      }),
    );
  }
}
