import type { z } from 'zod';
import type { PlatformCollector } from '../../app/collector.port.ts';
import { validationError } from '../../domain/errors.ts';
import { COLLECTOR_PLATFORMS, type CollectorPlatform } from '../../domain/population/collector-spec.ts';
import type { CollectorDeps, PlatformCollectorClass } from './platform-collector.ts';
import { amazonConnectOptionsSchema } from './amazon-connect/amazon-connect.options.ts';
import { freshdeskOptionsSchema } from './freshdesk/freshdesk.options.ts';
import { genesysCloudOptionsSchema } from './genesys-cloud/genesys-cloud.options.ts';
import { httpJsonOptionsSchema } from './http-json/http-json.options.ts';
import { intercomOptionsSchema } from './intercom/intercom.options.ts';
import { postgresOptionsSchema } from './postgres/postgres.options.ts';
import { prometheusOptionsSchema } from './prometheus/prometheus.options.ts';
import { zendeskOptionsSchema } from './zendesk/zendesk.options.ts';
import { twilioTaskRouterOptionsSchema } from './twilio-taskrouter/twilio-taskrouter.options.ts';

export type { CollectorDeps } from './platform-collector.ts';
export { COLLECTOR_PLATFORMS, type CollectorPlatform };

/** A platform's schema and a loader that imports its collector class only when one is built. */
function platform<S extends z.ZodType>(
  schema: S,
  importClass: () => Promise<PlatformCollectorClass<z.output<S>>>,
): { schema: S; load: (options: z.output<S>, deps: CollectorDeps) => Promise<PlatformCollector> } {
  return { schema, load: async (options, deps) => new (await importClass())(options, deps) };
}

/**
 * Each platform's option schema (for catalogue validation and the JSON Schema) and a lazy import of its module, so
 * a catalogue that reads only Prometheus never loads the AWS SDK. One entry for each of the domain's
 * `COLLECTOR_PLATFORMS`, no more (checked by `satisfies`).
 */
const PLATFORMS = {
  'twilio-taskrouter': platform(
    twilioTaskRouterOptionsSchema,
    async () => (await import('./twilio-taskrouter/twilio-taskrouter.collector.ts')).TwilioTaskRouterCollector,
  ),
  'amazon-connect': platform(
    amazonConnectOptionsSchema,
    async () => (await import('./amazon-connect/amazon-connect.collector.ts')).AmazonConnectCollector,
  ),
  'genesys-cloud': platform(
    genesysCloudOptionsSchema,
    async () => (await import('./genesys-cloud/genesys-cloud.collector.ts')).GenesysCloudCollector,
  ),
  zendesk: platform(
    zendeskOptionsSchema,
    async () => (await import('./zendesk/zendesk.collector.ts')).ZendeskCollector,
  ),
  intercom: platform(
    intercomOptionsSchema,
    async () => (await import('./intercom/intercom.collector.ts')).IntercomCollector,
  ),
  freshdesk: platform(
    freshdeskOptionsSchema,
    async () => (await import('./freshdesk/freshdesk.collector.ts')).FreshdeskCollector,
  ),
  prometheus: platform(
    prometheusOptionsSchema,
    async () => (await import('./prometheus/prometheus.collector.ts')).PrometheusCollector,
  ),
  postgres: platform(
    postgresOptionsSchema,
    async () => (await import('./postgres/postgres.collector.ts')).PostgresCollector,
  ),
  'http-json': platform(
    httpJsonOptionsSchema,
    async () => (await import('./http-json/http-json.collector.ts')).HttpJsonCollector,
  ),
} as const satisfies { readonly [P in CollectorPlatform]: unknown };

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
