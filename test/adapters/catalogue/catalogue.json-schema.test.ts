import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueJsonSchemaText, JSON_SCHEMA_PATH } from '../../../src/adapters/catalogue/catalogue.json-schema.ts';

const ROOT = join(import.meta.dirname, '../../..');

describe('the JSON Schema for editors', () => {
  it('is committed exactly as scripts/generate-schema.ts writes it (run it after changing the format)', async () => {
    const committed = await readFile(join(ROOT, JSON_SCHEMA_PATH), 'utf8');
    expect(committed).toBe(catalogueJsonSchemaText());
  });

  it('describes every property, so editors can show help on hover', () => {
    const undocumented: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const properties = (node as { properties?: Record<string, unknown> }).properties ?? {};
      for (const [key, value] of Object.entries(properties)) {
        if (typeof (value as { description?: unknown }).description !== 'string') undocumented.push(`${path}.${key}`);
        visit(value, `${path}.${key}`);
      }
      for (const [key, value] of Object.entries(node)) if (key !== 'properties') visit(value, `${path}`);
    };
    visit(JSON.parse(catalogueJsonSchemaText()), '$');
    expect(undocumented).toEqual([]);
  });

  it('refuses unknown keys and names the allowed values of enumerations', () => {
    const schema = JSON.parse(catalogueJsonSchemaText()) as {
      additionalProperties: boolean;
      properties: { probes: { items: { properties: { channel: { enum: string[] } } } } };
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.probes.items.properties.channel.enum).toEqual([
      'chat-api',
      'browser-chat',
      'sip',
      'email',
    ]);
  });
});
