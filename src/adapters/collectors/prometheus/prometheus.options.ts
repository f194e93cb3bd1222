import { z } from 'zod';
import { collectorSecret, uncountedOption } from '../collector-options.ts';

const promql = (what: string) => z.string().min(1).describe(`PromQL for ${what}; $window is the interval (e.g. 300s)`);

/**
 * The desk's own figures in Prometheus: one instant query per figure, evaluated at the end of each interval.
 * `$window` in a query becomes the interval's length (`increase(x[$window])`), `$threshold` a promise limit in
 * seconds. With `queueLabel`, each series' label value is a queue; without, the series are summed into `queue`.
 */
export const prometheusOptionsSchema = z
  .strictObject({
    url: z.url().describe("Prometheus's base URL (the HTTP API is under /api/v1)"),
    queue: z.string().min(1).default('desk').describe('the population name when no queueLabel splits it'),
    queueLabel: z.string().min(1).optional().describe('the label that names the queue in every query result'),
    channel: z.string().min(1).optional().describe('voice, chat or email, when the figures are for one channel'),
    queries: z
      .strictObject({
        contacts: promql('contacts that ended in the interval (answered plus abandoned)'),
        abandoned: promql('contacts that gave up before a person answered'),
        answeredWithin: promql('contacts answered in less than $threshold seconds').optional(),
        abandonedWithin: promql('contacts that gave up in less than $threshold seconds').optional(),
        longestWaitSeconds: promql('the longest wait, seconds').optional(),
        averageWaitSeconds: promql('the average wait until answered, seconds').optional(),
      })
      .describe('one PromQL query per figure, run for the interval ($window) and limit ($threshold)'),
    bearerToken: collectorSecret('a bearer token for a Prometheus behind auth').optional(),
    uncounted: uncountedOption,
  })
  .describe('prometheus collector options');

export type PrometheusOptions = z.output<typeof prometheusOptionsSchema>;
