import type { z } from 'zod';
import type { PlatformCollector } from '../../app/collector.port.ts';
import type { Clock } from '../../app/ports.ts';
import { validationError } from '../../domain/errors.ts';
import { amazonConnectOptionsSchema } from './amazon-connect/amazon-connect.options.ts';
import { freshdeskOptionsSchema } from './freshdesk/freshdesk.options.ts';
import { genesysCloudOptionsSchema } from './genesys-cloud/genesys-cloud.options.ts';
import { httpJsonOptionsSchema } from './http-json/http-json.options.ts';
import { intercomOptionsSchema } from './intercom/intercom.options.ts';
import { postgresOptionsSchema } from './postgres/postgres.options.ts';
import { prometheusOptionsSchema } from './prometheus/prometheus.options.ts';
import { zendeskOptionsSchema } from './zendesk/zendesk.options.ts';
import { twilioTaskRouterOptionsSchema } from './twilio-taskrouter/twilio-taskrouter.options.ts';

/** What a collector needs besides its options. */
export interface CollectorDeps {
  /** The catalogue `collectors:` id: it names every reading and gap. */
  readonly collectorId: string;
  readonly clock: Clock;
}

/**
 * Each platform's option schema (for catalogue validation and the JSON Schema) and a lazy import of its module, so
 * a catalogue that reads only Prometheus never loads the AWS SDK.
 */
const PLATFORMS = {
  'twilio-taskrouter': {
    schema: twilioTaskRouterOptionsSchema,
    load: async (options: z.output<typeof twilioTaskRouterOptionsSchema>, deps: CollectorDeps) =>
      new (await import('./twilio-taskrouter/twilio-taskrouter.collector.ts')).TwilioTaskRouterCollector(options, deps),
  },
  'amazon-connect': {
    schema: amazonConnectOptionsSchema,
    load: async (options: z.output<typeof amazonConnectOptionsSchema>, deps: CollectorDeps) =>
      new (await import('./amazon-connect/amazon-connect.collector.ts')).AmazonConnectCollector(options, deps),
  },
  'genesys-cloud': {
    schema: genesysCloudOptionsSchema,
    load: async (options: z.output<typeof genesysCloudOptionsSchema>, deps: CollectorDeps) =>
      new (await import('./genesys-cloud/genesys-cloud.collector.ts')).GenesysCloudCollector(options, deps),
  },
  zendesk: {
    schema: zendeskOptionsSchema,
    load: async (options: z.output<typeof zendeskOptionsSchema>, deps: CollectorDeps) =>
      new (await import('./zendesk/zendesk.collector.ts')).ZendeskCollector(options, deps),
  },
  intercom: {
    schema: intercomOptionsSchema,
    load: async (options: z.output<typeof intercomOptionsSchema>, deps: CollectorDeps) =>
      new (await import('./intercom/intercom.collector.ts')).IntercomCollector(options, deps),
  },
  freshdesk: {
    schema: freshdeskOptionsSchema,
    load: async (options: z.output<typeof freshdeskOptionsSchema>, deps: CollectorDeps) =>
      new (await import('./freshdesk/freshdesk.collector.ts')).FreshdeskCollector(options, deps),
  },
  prometheus: {
    schema: prometheusOptionsSchema,
    load: async (options: z.output<typeof prometheusOptionsSchema>, deps: CollectorDeps) =>
      new (await import('./prometheus/prometheus.collector.ts')).PrometheusCollector(options, deps),
  },
  postgres: {
    schema: postgresOptionsSchema,
    load: async (options: z.output<typeof postgresOptionsSchema>, deps: CollectorDeps) =>
      new (await import('./postgres/postgres.collector.ts')).PostgresCollector(options, deps),
  },
  'http-json': {
    schema: httpJsonOptionsSchema,
    load: async (options: z.output<typeof httpJsonOptionsSchema>, deps: CollectorDeps) =>
      new (await import('./http-json/http-json.collector.ts')).HttpJsonCollector(options, deps),
  },
} as const;

export type CollectorPlatform = keyof typeof PLATFORMS;

export const COLLECTOR_PLATFORMS = Object.keys(PLATFORMS) as readonly CollectorPlatform[];

/** Each platform's zod option schema, for the catalogue's `collectors:` validation and the JSON Schema. */
export const COLLECTOR_OPTION_SCHEMAS: { readonly [P in CollectorPlatform]: (typeof PLATFORMS)[P]['schema'] } =
  Object.fromEntries(Object.entries(PLATFORMS).map(([name, entry]) => [name, entry.schema])) as never;

export const isCollectorPlatform = (name: string): name is CollectorPlatform => Object.hasOwn(PLATFORMS, name);

/**
 * Builds the collector for a platform from its options (validated here, once; a bad option is a validation error
 * naming the field). Platform failures later are gaps, never exceptions.
 */
export async function createCollector(
  platform: CollectorPlatform,
  options: unknown,
  deps: CollectorDeps,
): Promise<PlatformCollector> {
  const entry = PLATFORMS[platform] as {
    schema: z.ZodType;
    load: (options: unknown, deps: CollectorDeps) => Promise<PlatformCollector>;
  };
  if (entry === undefined)
    throw validationError('collector.platform', `unknown collector platform "${String(platform)}"`);
  const parsed = entry.schema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(options)'}: ${issue.message}`,
    );
    throw validationError('collector.options', `${platform} collector "${deps.collectorId}": ${problems.join('; ')}`);
  }
  return entry.load(parsed.data, deps);
}
