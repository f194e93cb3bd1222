import {
  ConnectClient,
  GetCurrentMetricDataCommand,
  GetMetricDataV2Command,
  type MetricV2,
} from '@aws-sdk/client-connect';
import { z } from 'zod';
import type { CollectResult } from '../../../app/collector.port.ts';
import { type CollectContext, gap } from '../collector-gap.ts';
import { schemaGap, statusGap, transportGap } from '../collector-http.ts';
import { fetchPages, type Pages } from '../collector-pages.ts';
import { type AmazonConnectOptions, instanceOf } from './amazon-connect.options.ts';

/** Connect's documented answers, the fields Kept reads (values may be absent when there is nothing to count). */
const collection = z.object({
  Metric: z.object({
    Name: z.string(),
    Threshold: z.array(z.object({ Comparison: z.string(), ThresholdValue: z.number() })).optional(),
  }),
  Value: z.number().optional(),
});
export const metricDataV2Schema = z.object({
  MetricResults: z.array(z.object({ Dimensions: z.record(z.string(), z.string()), Collections: z.array(collection) })),
  NextToken: z.string().optional(),
});
export type MetricResultV2 = z.output<typeof metricDataV2Schema>['MetricResults'][number];

export const currentMetricDataSchema = z.object({
  MetricResults: z.array(
    z.object({
      Dimensions: z.object({ Queue: z.object({ Id: z.string() }), Channel: z.string().optional() }),
      Collections: z.array(
        z.object({ Metric: z.object({ Name: z.string(), Unit: z.string() }), Value: z.number().optional() }),
      ),
    }),
  ),
  NextToken: z.string().optional(),
});
export type CurrentMetricResult = z.output<typeof currentMetricDataSchema>['MetricResults'][number];

export type Paged<T> =
  { readonly ok: true; readonly results: T[] } | { readonly ok: false; readonly result: CollectResult };

/** Most pages (of 100 queue and channel results) one interval may take. */
export const MAX_PAGES = 50;

const threshold = (seconds: number) => [{ Comparison: 'LT', ThresholdValue: seconds }];

/** The historical metrics Kept asks GetMetricDataV2 for, at each promise limit (whole seconds). */
export function historicalMetrics(splitSeconds: readonly number[]): MetricV2[] {
  const fixed = [
    'CONTACTS_QUEUED',
    'CONTACTS_ABANDONED',
    'AVG_QUEUE_ANSWER_TIME',
    'MAX_QUEUED_TIME',
    'ABANDONMENT_RATE',
  ];
  return [
    ...fixed.map((Name) => ({ Name })),
    ...splitSeconds.flatMap((seconds) =>
      ['SERVICE_LEVEL', 'SUM_CONTACTS_ANSWERED_IN_X', 'SUM_CONTACTS_ABANDONED_IN_X'].map((Name) => ({
        Name,
        Threshold: threshold(seconds),
      })),
    ),
  ];
}

/** Amazon Connect over the official SDK (SigV4 signing), one attempt per call: the runner owns retries. */
export class AmazonConnectClient {
  readonly #sdk: ConnectClient;
  readonly #options: AmazonConnectOptions;
  readonly #instanceId: string;

  constructor(options: AmazonConnectOptions) {
    const { region, instanceId } = instanceOf(options.instanceArn);
    this.#options = options;
    this.#instanceId = instanceId;
    this.#sdk = new ConnectClient({
      region,
      maxAttempts: 1,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      credentials: async () => ({
        accessKeyId: options.accessKeyId.reveal(),
        secretAccessKey: options.secretAccessKey.reveal(),
        ...(options.sessionToken === undefined ? {} : { sessionToken: options.sessionToken.reveal() }),
      }),
    });
  }

  async metricDataV2(
    splitSeconds: readonly number[],
    context: CollectContext,
    signal: AbortSignal,
  ): Promise<Paged<MetricResultV2>> {
    const filters = [{ FilterKey: 'QUEUE', FilterValues: [...this.#options.queueIds] }];
    if (this.#options.channels !== undefined)
      filters.push({ FilterKey: 'CHANNEL', FilterValues: [...this.#options.channels] });
    const pages = await fetchPages(context, {
      what: "Amazon Connect's GetMetricDataV2",
      maxPages: MAX_PAGES,
      fetch: (nextToken: string | undefined) => {
        const command = new GetMetricDataV2Command({
          ResourceArn: this.#options.instanceArn,
          StartTime: new Date(context.window.fromMs),
          EndTime: new Date(context.window.toMs),
          Filters: filters,
          Groupings: ['QUEUE', 'CHANNEL'],
          Metrics: historicalMetrics(splitSeconds),
          MaxResults: 100,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        });
        return this.#send(command, metricDataV2Schema, context, signal, 'GetMetricDataV2');
      },
      next: (page) => page.NextToken,
    });
    return resultsOf(pages);
  }

  async currentMetricData(context: CollectContext, signal: AbortSignal): Promise<Paged<CurrentMetricResult>> {
    const pages = await fetchPages(context, {
      what: "Amazon Connect's GetCurrentMetricData",
      maxPages: MAX_PAGES,
      fetch: (nextToken: string | undefined) => {
        const command = new GetCurrentMetricDataCommand({
          InstanceId: this.#instanceId,
          Filters: {
            Queues: [...this.#options.queueIds],
            ...(this.#options.channels === undefined ? {} : { Channels: [...this.#options.channels] }),
          },
          // With groupings, OLDEST_CONTACT_AGE is in seconds as its unit says (without, it is in ms).
          Groupings: ['QUEUE', 'CHANNEL'],
          CurrentMetrics: [
            { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' },
            { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
          ],
          MaxResults: 100,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        });
        return this.#send(command, currentMetricDataSchema, context, signal, 'GetCurrentMetricData');
      },
      next: (page) => page.NextToken,
    });
    return resultsOf(pages);
  }

  async #send<S extends z.ZodType>(
    command: GetMetricDataV2Command | GetCurrentMetricDataCommand,
    schema: S,
    context: CollectContext,
    signal: AbortSignal,
    what: string,
  ): Promise<{ ok: true; data: z.output<S> } | { ok: false; result: CollectResult }> {
    let output: unknown;
    try {
      output = await this.#sdk.send(command as GetMetricDataV2Command, { abortSignal: signal });
    } catch (error) {
      return { ok: false, result: connectFailure(error, context, what) };
    }
    const parsed = schema.safeParse(output);
    return parsed.success
      ? { ok: true, data: parsed.data }
      : { ok: false, result: schemaGap(context, what, parsed.error) };
  }

  destroy(): void {
    this.#sdk.destroy();
  }
}

/** Every page's results, or the gap that ended the paging. */
function resultsOf<R>(pages: Pages<{ readonly MetricResults: R[] }>): Paged<R> {
  return pages.ok ? { ok: true, results: pages.pages.flatMap((page) => page.MetricResults) } : pages;
}

interface SdkError {
  readonly name?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $response?: { readonly headers?: Record<string, string | undefined> };
}

/**
 * An SDK exception as the gap it is: no HTTP answer by `transportGap`, an HTTP status (Connect's throttling types as
 * 429) by `statusGap`, never by its message.
 */
export function connectFailure(error: unknown, context: CollectContext, what: string): CollectResult {
  const sdk = (error ?? {}) as SdkError;
  const status = sdk.$metadata?.httpStatusCode;
  if (status === undefined) return transportGap(context, error, what);
  const asked = `${what} (${sdk.name ?? 'error'})`;
  if (status >= 200 && status < 300)
    return gap(context, 'schema-changed', `Amazon Connect's answer to ${asked} could not be read`);
  const throttled = sdk.name === 'ThrottlingException' || sdk.name === 'LimitExceededException';
  const headers = sdk.$response?.headers ?? {};
  return statusGap(context, { status: throttled ? 429 : status, headers }, { what: asked });
}
