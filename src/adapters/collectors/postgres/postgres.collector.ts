import { read } from '../collector-gap.ts';
import { deskReading, thresholdSeconds } from '../desk-figures.ts';
import { platformCollector } from '../platform-collector.ts';
import { queryFigures } from './postgres.client.ts';
import { postgresFigures } from './postgres.mapper.ts';
import type { PostgresOptions } from './postgres.options.ts';

/** A SQL query against the desk's own PostgreSQL, the interval and the promise limits as parameters. */
export const PostgresCollector = platformCollector({
  platform: 'postgres',
  vendor: 'PostgreSQL',
  // No client to keep: each collection opens its own connection.
  client: (_options: PostgresOptions) => undefined,
  async read({ options, context, signal }) {
    const { collectorId, window } = context;
    const fetched = await queryFigures(options, thresholdSeconds(window), context, signal);
    if (!fetched.ok) return fetched.result;
    const from = { collectorId, window, source: 'postgres.sql', uncounted: options.uncounted };
    return read(postgresFigures(fetched.rows, options.channel).map((f) => deskReading(f, from)));
  },
});

export type PostgresCollector = InstanceType<typeof PostgresCollector>;
