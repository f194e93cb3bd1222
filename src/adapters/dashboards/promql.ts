import type { VerdictStatus } from '../../domain/evaluation/verdict.ts';
import { METRIC, type MetricName } from '../metrics/metric-names.ts';

/**
 * PromQL for the dashboards, built only from the golden metric names (src/adapters/metrics/metric-names.ts): a
 * series name outside that list does not type-check, and test/adapters/dashboards checks the rendered JSON too.
 */

/** A series Kept exports: a golden name, or one of the histogram's own series. */
export type Series = MetricName | `${typeof METRIC.responseSeconds}_${'bucket' | 'sum' | 'count'}`;

/** The claim template variable as a label matcher (Grafana expands a multi-value variable to `(a|b)`). */
export const CLAIM = 'claim=~"$claim"';
/** The channel template variable as a label matcher. */
export const CHANNEL = 'channel=~"$channel"';

/** `series{m1,m2}` */
export function sel(series: Series, ...matchers: readonly string[]): string {
  return matchers.length === 0 ? series : `${series}{${matchers.join(',')}}`;
}

/** Grafana's rate window: at least four scrapes, whatever the zoom. */
export const RATE = '[$__rate_interval]';

/**
 * The verdict as one number per claim, so that stat and state-timeline panels can map it to a word and a colour:
 * 0 kept, 1 unproven, 2 broken. `kept_claim_verdict` is 1 for the current status and 0 for the others.
 */
export const VERDICT_CODE: Readonly<Record<VerdictStatus, number>> = { kept: 0, unproven: 1, broken: 2 };

export function verdictCode(...matchers: readonly string[]): string {
  const statuses: VerdictStatus[] = ['broken', 'unproven', 'kept'];
  const terms = statuses.map((status) => `${sel(METRIC.claimVerdict, ...matchers, `status="${status}"`)} * ${VERDICT_CODE[status]}`);
  return `max by (claim) (${terms.join(' or ')})`;
}

export type ResponseMeasure = 'first_response' | 'human';

/** A percentile of a response time per channel, from the histogram's buckets. */
export function responseQuantile(q: number, measure: ResponseMeasure): string {
  const buckets = sel(`${METRIC.responseSeconds}_bucket`, CHANNEL, `measure="${measure}"`);
  return `histogram_quantile(${q}, sum by (channel, le) (rate(${buckets}${RATE})))`;
}

/** How many response times fell in each bucket per interval: the rows of a heatmap. */
export function responseBuckets(measure: ResponseMeasure): string {
  return `sum by (le) (increase(${sel(`${METRIC.responseSeconds}_bucket`, CHANNEL, `measure="${measure}"`)}${RATE}))`;
}

/** Judged attempts per hour for a claim and result (`met`, `failed`, `inconclusive`, `out_of_hours`). */
export function attemptsPerHour(result: string): string {
  return `sum by (claim) (rate(${sel(METRIC.claimAttempts, CLAIM, `result="${result}"`)}${RATE})) * 3600`;
}

/**
 * Failed share of the conclusive in-force attempts (the error ratio the burn-rate alerts watch), per claim, or per
 * claim and `location` (a fleet whose probes name locations; without them the label is absent and this is per claim).
 */
export function failureRatio(by: 'claim' | 'claim, location' = 'claim'): string {
  const rate = (result: string) => `sum by (${by}) (rate(${sel(METRIC.claimAttempts, CLAIM, `result=${result}`)}${RATE}))`;
  return `${rate('"failed"')}\n/\n${rate('~"met|failed"')}`;
}
