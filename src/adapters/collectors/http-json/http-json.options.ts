import { z } from 'zod';
import { isJsonPath } from '../../../domain/json-path.ts';
import { collectorSecret, uncountedOption } from '../collector-options.ts';

const path = (what: string) =>
  z
    .string()
    .refine(isJsonPath, "a JSON path: $, .key, ['key'], [n], [*]")
    .describe(`JSON path (from each item) to ${what}`);

/**
 * The desk's own figures from an HTTP endpoint that answers JSON. `{from}` / `{to}` (ISO 8601) and `{fromEpoch}` /
 * `{toEpoch}` (unix seconds) in the URL or params become the interval; `items` selects one object per queue, and
 * each field's path reads from that object. `{threshold}` in `answeredWithin` / `abandonedWithin` is a promise limit
 * in seconds.
 */
export const httpJsonOptionsSchema = z
  .strictObject({
    url: z.string().min(1).describe('the endpoint; may hold {from}, {to}, {fromEpoch}, {toEpoch}'),
    params: z.record(z.string(), z.string()).default({}).describe('query parameters, with the same placeholders'),
    headers: z
      .record(z.string(), collectorSecret('a header value (e.g. Authorization)'))
      .default({})
      .describe('request headers; kept secret'),
    items: path('the queues (default: the whole answer is one queue)').default('$'),
    queue: z.string().min(1).default('desk').describe('the population name when no `fields.queue` names it'),
    channel: z.string().min(1).optional().describe('voice, chat or email, when the figures are for one channel'),
    fields: z
      .strictObject({
        queue: path('the queue name').optional(),
        contacts: path('contacts that ended in the interval (answered plus abandoned)'),
        abandoned: path('contacts that gave up before a person answered'),
        answeredWithin: path('contacts answered in less than {threshold} seconds').optional(),
        abandonedWithin: path('contacts that gave up in less than {threshold} seconds').optional(),
        longestWaitSeconds: path('the longest wait, seconds').optional(),
        averageWaitSeconds: path('the average wait until answered, seconds').optional(),
      })
      .describe('where each figure is in the answer (JSON paths, per queue item)'),
    uncounted: uncountedOption,
  })
  .describe('http-json collector options');

export type HttpJsonOptions = z.output<typeof httpJsonOptionsSchema>;
