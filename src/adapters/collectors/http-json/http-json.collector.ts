import { gap, read } from '../collector-gap.ts';
import { deskReading, thresholdSeconds } from '../desk-figures.ts';
import { platformCollector } from '../platform-collector.ts';
import { HttpJsonClient } from './http-json.client.ts';
import { httpJsonFigures, MissingFigure } from './http-json.mapper.ts';
import type { HttpJsonOptions } from './http-json.options.ts';

/** An HTTP JSON endpoint that keeps the desk's own figures, read with JSON paths. */
export const HttpJsonCollector = platformCollector({
  platform: 'http-json',
  vendor: 'the HTTP JSON endpoint',
  client: (options: HttpJsonOptions) => new HttpJsonClient(options),
  async read({ options, client, context, signal }) {
    const fetched = await client.fetch(context, signal);
    if (!fetched.ok) return fetched.result;
    let figures;
    try {
      figures = httpJsonFigures(fetched.data, options, thresholdSeconds(context.window));
    } catch (error) {
      if (!(error instanceof MissingFigure)) throw error;
      return gap(context, 'schema-changed', `the HTTP JSON endpoint's answer has no number at ${error.path}`);
    }
    if (figures.length === 0)
      return gap(context, 'schema-changed', `the HTTP JSON endpoint's answer has nothing at ${options.items}`);
    const { collectorId, window } = context;
    const from = { collectorId, window, source: 'http-json', uncounted: options.uncounted };
    return read(figures.map((f) => deskReading(f, from)));
  },
});

export type HttpJsonCollector = InstanceType<typeof HttpJsonCollector>;
