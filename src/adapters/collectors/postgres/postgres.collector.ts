import type { CollectResult, CollectWindow, PlatformCollector } from '../../../app/collector.port.ts';
import type { Clock } from '../../../app/ports.ts';
import { type CollectContext, read } from '../collector-gap.ts';
import { deskReading, thresholdSeconds } from '../desk-figures.ts';
import { queryFigures } from './postgres.client.ts';
import { postgresFigures } from './postgres.mapper.ts';
import type { PostgresOptions } from './postgres.options.ts';

/** A SQL query against the desk's own PostgreSQL, the interval and the promise limits as parameters. */
export class PostgresCollector implements PlatformCollector {
  readonly platform = 'postgres';

  constructor(
    private readonly options: PostgresOptions,
    private readonly deps: { readonly collectorId: string; readonly clock: Clock },
  ) {}

  async collect(window: CollectWindow, signal: AbortSignal): Promise<CollectResult> {
    const context: CollectContext = {
      collectorId: this.deps.collectorId,
      window,
      vendor: 'PostgreSQL',
      nowMs: this.deps.clock.now(),
    };
    const fetched = await queryFigures(this.options, thresholdSeconds(window), context, signal);
    if (!fetched.ok) return fetched.result;
    const from = {
      collectorId: this.deps.collectorId,
      window,
      source: 'postgres.sql',
      uncounted: this.options.uncounted,
    };
    return read(postgresFigures(fetched.rows, this.options.channel).map((f) => deskReading(f, from)));
  }
}
