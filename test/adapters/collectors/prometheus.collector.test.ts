/**
 * The PromQL collector against a real Prometheus (started here, scraping a small target that serves a desk's own
 * gauges): the queries run for real, `$window` and `$threshold` filled in. Prometheus missing skips locally and
 * fails in CI.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusCollector } from '../../../src/adapters/collectors/prometheus/prometheus.collector.ts';
import { prometheusOptionsSchema } from '../../../src/adapters/collectors/prometheus/prometheus.options.ts';
import type { CollectResult } from '../../../src/app/collector.port.ts';
import { fixedClock } from '../../support/collector-fakes/fixed-clock.ts';
import { prometheusMissing, startPrometheus, type RunningPrometheus } from '../../support/prometheus.ts';

const missing = prometheusMissing();

const EXPOSITION = `# TYPE desk_contacts gauge
desk_contacts{queue="billing"} 120
desk_contacts{queue="sales"} 30
# TYPE desk_abandoned gauge
desk_abandoned{queue="billing"} 4
desk_abandoned{queue="sales"} 0
# TYPE desk_answered_within gauge
desk_answered_within{queue="billing",le="120"} 100
desk_answered_within{queue="sales",le="120"} 30
desk_answered_within{queue="billing",le="30"} 60
desk_answered_within{queue="sales",le="30"} 25
# TYPE desk_longest_wait_seconds gauge
desk_longest_wait_seconds{queue="billing"} 610
desk_longest_wait_seconds{queue="sales"} 45
`;

const QUERIES = {
  contacts: 'sum by (queue) (max_over_time(desk_contacts[$window]))',
  abandoned: 'sum by (queue) (max_over_time(desk_abandoned[$window]))',
  answeredWithin: 'sum by (queue) (max_over_time(desk_answered_within{le="$threshold"}[$window]))',
  longestWaitSeconds: 'max by (queue) (max_over_time(desk_longest_wait_seconds[$window]))',
};

describe.skipIf(missing !== undefined)('PromQL collector against a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let target: Server;

  beforeAll(async () => {
    target = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      response.end(EXPOSITION);
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    prometheus = await startPrometheus({ scrapeInterval: '1s', job: 'desk' });
    await prometheus.setTargets([`127.0.0.1:${(target.address() as AddressInfo).port}`]);
    await prometheus.waitForScrapes('desk_contacts', 2, 30_000);
  });
  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => target?.close(resolve));
  });

  function collector(overrides: Record<string, unknown> = {}): PrometheusCollector {
    const options = prometheusOptionsSchema.parse({
      url: prometheus.url,
      queueLabel: 'queue',
      channel: 'voice',
      queries: QUERIES,
      uncounted: ['ivr'],
      ...overrides,
    });
    return new PrometheusCollector(options, { collectorId: 'desk-prometheus', clock: fixedClock(Date.now()) });
  }

  const collect = (c: PrometheusCollector, thresholdsMs = [120_000, 30_000]): Promise<CollectResult> => {
    const toMs = Date.now();
    return c.collect({ fromMs: toMs - 60_000, toMs, thresholdsMs }, new AbortController().signal);
  };

  it('reads one reading per queue label, split at each promise limit', async () => {
    const result = await collect(collector());
    if (result.kind !== 'read') throw new Error(JSON.stringify(result));
    expect(result.readings.map(({ fromMs: _f, toMs: _t, ...rest }) => rest)).toEqual([
      {
        collectorId: 'desk-prometheus',
        queue: 'billing',
        channel: 'voice',
        contacts: 120,
        abandoned: 4,
        splits: [
          { thresholdMs: 30_000, answeredWithin: 60 },
          { thresholdMs: 120_000, answeredWithin: 100 },
        ],
        longestWaitMs: 610_000,
        source: 'prometheus.promql',
        uncounted: ['ivr'],
      },
      {
        collectorId: 'desk-prometheus',
        queue: 'sales',
        channel: 'voice',
        contacts: 30,
        abandoned: 0,
        splits: [
          { thresholdMs: 30_000, answeredWithin: 25 },
          { thresholdMs: 120_000, answeredWithin: 30 },
        ],
        longestWaitMs: 45_000,
        source: 'prometheus.promql',
        uncounted: ['ivr'],
      },
    ]);
  });

  it('sums every series into one queue without a queue label', async () => {
    const result = await collect(collector({ queueLabel: undefined, queue: 'whole-desk' }), []);
    expect(result.kind === 'read' && result.readings).toMatchObject([
      { queue: 'whole-desk', contacts: 150, abandoned: 4 },
    ]);
  });

  it('reads an empty result as a reading of zero contacts (the interval was read)', async () => {
    const result = await collect(
      collector({
        queueLabel: undefined,
        queue: 'none',
        queries: { contacts: 'absent_metric_xyz', abandoned: 'absent_metric_xyz' },
      }),
      [],
    );
    expect(result.kind === 'read' && result.readings).toMatchObject([{ queue: 'none', contacts: 0, abandoned: 0 }]);
  });

  it('is a bad-config gap when Prometheus rejects the PromQL (HTTP 400 bad_data)', async () => {
    const result = await collect(collector({ queries: { ...QUERIES, contacts: 'sum by (queue (' } }));
    expect(result).toMatchObject({ kind: 'gap', gap: { code: 'bad-config', collectorId: 'desk-prometheus' } });
  });

  it('is schema-changed when the query is not an instant vector', async () => {
    const result = await collect(collector({ queries: { ...QUERIES, contacts: 'desk_contacts[1m]' } }));
    expect(result).toMatchObject({ kind: 'gap', gap: { code: 'schema-changed' } });
  });

  it('is unreachable when Prometheus is not there', async () => {
    const result = await collect(collector({ url: 'http://127.0.0.1:9' }));
    expect(result).toMatchObject({ kind: 'gap', gap: { code: 'unreachable' } });
  });
});
