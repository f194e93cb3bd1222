import { z } from 'zod';
import type { ProbeKind } from '../../domain/channel.ts';
import { catalogueFileSchema } from './catalogue.schema.ts';
import { allCollectorOptionSchemas } from './catalogue.loader.ts';
import { editorCollectorsSchema } from './collectors.schema.ts';
import { TARGET_FORMS } from './probe-target.ts';

/**
 * The JSON Schema editors use to complete and check catalogue files (`# yaml-language-server: $schema=…`). It is
 * generated from the zod schema, so it knows the shape, enums, patterns and help texts; the loader remains the judge
 * (time zones, cron expressions, targets, references between entries are only checked there).
 *
 * A probe entry is told apart by its `channel`: each channel's entry carries that channel's options schema, so an
 * editor completes and checks every option. The option schemas are passed in (scripts/generate-schema.ts gives the
 * channels' `*.options.ts`, as `kept validate` does): generating the editors' schema is a build step, and the loader
 * itself never needs it, nor the channels.
 */

/** Where the generated schema is committed, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'schema/kept-v1.schema.json';

/** The catalogue file schema with each probe's options typed by its channel (a union discriminated by `channel`). */
export function editorCatalogueSchema(optionSchemas: ReadonlyMap<ProbeKind, z.ZodType>): z.ZodType {
  const probes = catalogueFileSchema.shape.probes;
  const probe = (probes.unwrap() as unknown as z.ZodArray<z.ZodObject>).element;
  const channel = probe.shape.channel as z.ZodType;
  const variants = [...optionSchemas].map(([kind, options]) =>
    probe.extend({
      channel: z.literal(kind).describe(`${channel.description ?? 'The channel.'} This entry: ${kind}.`),
      target: z.string().regex(TARGET_FORMS[kind].pattern).describe(TARGET_FORMS[kind].description),
      options: options
        .optional()
        .describe(`The ${kind} channel's own settings (default none), checked by that channel; see its documentation.`),
    }),
  );
  const [first, ...rest] = variants;
  if (first === undefined) return catalogueFileSchema;
  const meta = z.globalRegistry.get(catalogueFileSchema) ?? {};
  return catalogueFileSchema
    .extend({
      probes: z
        .array(z.discriminatedUnion('channel', [first, ...rest]))
        .optional()
        .describe(probes.description ?? 'Synthetic customers.'),
      collectors: editorCollectorsSchema(allCollectorOptionSchemas()).optional(),
    })
    .meta(meta);
}

/** The JSON Schema text, exactly as committed (2-space JSON with a final newline). */
export function catalogueJsonSchemaText(optionSchemas: ReadonlyMap<ProbeKind, z.ZodType>): string {
  const schema = z.toJSONSchema(editorCatalogueSchema(optionSchemas), {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  });
  return `${JSON.stringify(allowReferences(schema), null, 2)}\n`;
}

/**
 * `${NAME}` may stand anywhere in a string value (it is filled in before anything is checked), so every string
 * pattern also accepts text with a `${` in it: `port: ${SMTP_PORT}` is not flagged by the editor for not being digits.
 */
function allowReferences(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowReferences);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'pattern' && typeof value === 'string' ? `(?:${value})|\\$\\{` : allowReferences(value);
  }
  return out;
}
