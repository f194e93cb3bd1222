/**
 * Writes schema/kept-v1.schema.json from the zod schema of the catalogue format and the channels' option schemas.
 *   node --import tsx scripts/generate-schema.ts           # write it
 *   node --import tsx scripts/generate-schema.ts --check   # exit 1 if the committed file is stale
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogueJsonSchemaText, JSON_SCHEMA_PATH } from '../src/adapters/catalogue/catalogue.json-schema.ts';
import { channelOptionSchemas } from '../src/cli/channel-options.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, JSON_SCHEMA_PATH);
const text = catalogueJsonSchemaText(channelOptionSchemas());

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== text) {
    console.error(`${JSON_SCHEMA_PATH} is out of date; run: node --import tsx scripts/generate-schema.ts`);
    process.exit(1);
  }
  console.log(`${JSON_SCHEMA_PATH} is up to date`);
} else {
  await writeFile(target, text);
  console.log(`wrote ${JSON_SCHEMA_PATH}`);
}
