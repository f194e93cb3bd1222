import type { CollectResult, CollectWindow, PlatformCollector } from '../../../app/collector.port.ts';
import type { Clock } from '../../../app/ports.ts';
import { type CollectContext, gap, read } from '../collector-gap.ts';
import { deskReading, thresholdSeconds } from '../desk-figures.ts';
import { HttpJsonClient } from './http-json.client.ts';
import { httpJsonFigures, MissingFigure } from './http-json.mapper.ts';
import type { HttpJsonOptions } from './http-json.options.ts';

/** An HTTP JSON endpoint that keeps the desk's own figures, read with JSON paths. */
export class HttpJsonCollector implements PlatformCollector {
  readonly platform = 'http-json';
  readonly #client: HttpJsonClient;

  constructor(
    private readonly options: HttpJsonOptions,
    private readonly deps: { readonly collectorId: string; readonly clock: Clock },
  ) {
    this.#client = new HttpJsonClient(options);
  }

  async collect(window: CollectWindow, signal: AbortSignal): Promise<CollectResult> {
    const context: CollectContext = {
      collectorId: this.deps.collectorId,
      window,
      vendor: 'the HTTP JSON endpoint',
      nowMs: this.deps.clock.now(),
    };
    const fetched = await this.#client.fetch(context, signal);
    if (!fetched.ok) return fetched.result;
    let figures;
    try {
      figures = httpJsonFigures(fetched.data, this.options, thresholdSeconds(window));
    } catch (error) {
      if (!(error instanceof MissingFigure)) throw error;
      return gap(context, 'schema-changed', `the HTTP JSON endpoint's answer has no number at ${error.path}`);
    }
    if (figures.length === 0)
      return gap(context, 'schema-changed', `the HTTP JSON endpoint's answer has nothing at ${this.options.items}`);
    const from = { collectorId: this.deps.collectorId, window, source: 'http-json', uncounted: this.options.uncounted };
    return read(figures.map((f) => deskReading(f, from)));
  }
}
