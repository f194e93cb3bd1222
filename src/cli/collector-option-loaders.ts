import type { z } from 'zod';
import type { CollectorPlatform } from '../domain/population/collector-spec.ts';

/**
 * Each collector platform's options schema, imported on demand: `kept validate` loads only the platforms its catalogue
 * names (as channel-option-loaders.ts does for probe kinds). The same schemas as COLLECTOR_OPTION_SCHEMAS in
 * src/adapters/collectors/collector-factory.ts (test/cli/collector-option-loaders.test.ts keeps them in step).
 */
const COLLECTOR_OPTION_LOADERS: { readonly [P in CollectorPlatform]: () => Promise<z.ZodType> } = {
  'twilio-taskrouter': async () =>
    (await import('../adapters/collectors/twilio-taskrouter/twilio-taskrouter.options.ts'))
      .twilioTaskRouterOptionsSchema,
  'amazon-connect': async () =>
    (await import('../adapters/collectors/amazon-connect/amazon-connect.options.ts')).amazonConnectOptionsSchema,
  'genesys-cloud': async () =>
    (await import('../adapters/collectors/genesys-cloud/genesys-cloud.options.ts')).genesysCloudOptionsSchema,
  zendesk: async () => (await import('../adapters/collectors/zendesk/zendesk.options.ts')).zendeskOptionsSchema,
  intercom: async () => (await import('../adapters/collectors/intercom/intercom.options.ts')).intercomOptionsSchema,
  freshdesk: async () => (await import('../adapters/collectors/freshdesk/freshdesk.options.ts')).freshdeskOptionsSchema,
  prometheus: async () =>
    (await import('../adapters/collectors/prometheus/prometheus.options.ts')).prometheusOptionsSchema,
  postgres: async () => (await import('../adapters/collectors/postgres/postgres.options.ts')).postgresOptionsSchema,
  'http-json': async () =>
    (await import('../adapters/collectors/http-json/http-json.options.ts')).httpJsonOptionsSchema,
};

/** The options schemas of the given platforms only, each platform's module imported once. */
export async function loadCollectorOptionSchemas(
  platforms: Iterable<CollectorPlatform>,
): Promise<ReadonlyMap<CollectorPlatform, z.ZodType>> {
  const wanted = [...new Set(platforms)];
  const schemas = await Promise.all(wanted.map((platform) => COLLECTOR_OPTION_LOADERS[platform]()));
  return new Map(wanted.map((platform, index) => [platform, schemas[index] as z.ZodType]));
}
