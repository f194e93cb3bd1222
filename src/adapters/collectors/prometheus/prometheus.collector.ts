import type { CollectResult, CollectWindow } from '../../../app/collector.port.ts';
import { read } from '../collector-gap.ts';
import { deskReading, thresholdSeconds } from '../desk-figures.ts';
import { platformCollector } from '../platform-collector.ts';
import { PrometheusClient } from './prometheus.client.ts';
import { byQueue, prometheusFigures } from './prometheus.mapper.ts';
import type { PrometheusOptions } from './prometheus.options.ts';

/** Fills `$window` (the interval, in seconds) and `$threshold` (a promise limit, in seconds) into a query. */
export function fillQuery(query: string, window: CollectWindow, threshold?: number): string {
  const seconds = Math.max(1, Math.round((window.toMs - window.fromMs) / 1000));
  const filled = query.replaceAll('$window', `${seconds}s`);
  return threshold === undefined ? filled : filled.replaceAll('$threshold', String(threshold));
}

/** PromQL against the desk's own Prometheus: each figure an instant query at the interval's end. */
export const PrometheusCollector = platformCollector({
  platform: 'prometheus',
  vendor: 'Prometheus',
  client: (options: PrometheusOptions) => new PrometheusClient(options),
  async read({ options, client, context, signal }) {
    const { collectorId, window } = context;
    const { queries, queueLabel, queue } = options;
    const at = window.toMs / 1000;
    const failed: { result?: CollectResult } = {};
    const run = async (query: string | undefined, threshold?: number): Promise<Map<string, number> | undefined> => {
      if (query === undefined || failed.result !== undefined) return undefined;
      const fetched = await client.query(fillQuery(query, window, threshold), at, context, signal);
      if (!fetched.ok) {
        failed.result = fetched.result;
        return undefined;
      }
      return byQueue(fetched.data, queueLabel, queue);
    };
    const contacts = (await run(queries.contacts)) ?? new Map<string, number>();
    const abandoned = (await run(queries.abandoned)) ?? new Map<string, number>();
    const longestWaitSeconds = await run(queries.longestWaitSeconds);
    const averageWaitSeconds = await run(queries.averageWaitSeconds);
    const answeredWithin = new Map<number, Map<string, number>>();
    const abandonedWithin = new Map<number, Map<string, number>>();
    for (const threshold of queries.answeredWithin === undefined ? [] : thresholdSeconds(window)) {
      const answered = await run(queries.answeredWithin, threshold);
      if (answered !== undefined) answeredWithin.set(threshold, answered);
      const gaveUp = await run(queries.abandonedWithin, threshold);
      if (gaveUp !== undefined) abandonedWithin.set(threshold, gaveUp);
    }
    if (failed.result !== undefined) return failed.result;
    const figures = prometheusFigures(
      { contacts, abandoned, longestWaitSeconds, averageWaitSeconds, answeredWithin, abandonedWithin },
      options.channel,
      queue,
    );
    const from = { collectorId, window, source: 'prometheus.promql', uncounted: options.uncounted };
    return read(figures.map((f) => deskReading(f, from)));
  },
});

export type PrometheusCollector = InstanceType<typeof PrometheusCollector>;
