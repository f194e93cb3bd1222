import { z } from 'zod';
import { catalogueFileSchema } from './catalogue.schema.ts';

/**
 * The JSON Schema editors use to complete and check catalogue files (`# yaml-language-server: $schema=…`). It is
 * generated from the zod schema, so it knows the shape, enums, patterns and help texts; the loader remains the judge
 * (time zones, cron expressions, references between entries are only checked there).
 */

/** Where the generated schema is committed, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'schema/kept-v1.schema.json';

/** The JSON Schema text, exactly as committed (2-space JSON with a final newline). */
export function catalogueJsonSchemaText(): string {
  const schema = z.toJSONSchema(catalogueFileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
