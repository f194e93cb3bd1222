import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalogueJsonSchemaText, JSON_SCHEMA_PATH } from '../../../src/adapters/catalogue/catalogue.json-schema.ts';
import { channelOptionSchemas } from '../../../src/cli/channel-options.ts';
import { PROBE_KINDS } from '../../../src/domain/channel.ts';

const ROOT = join(import.meta.dirname, '../../..');
const text = catalogueJsonSchemaText(channelOptionSchemas());

interface Node {
  readonly type?: string;
  readonly description?: string;
  readonly pattern?: string;
  readonly const?: string;
  readonly properties?: Record<string, Node>;
  readonly items?: Node & { readonly oneOf?: Node[] };
  readonly additionalProperties?: boolean;
  readonly anyOf?: Node[];
}

const schema = JSON.parse(text) as Node;
const probeEntries = (): Node[] => schema.properties?.probes?.items?.oneOf ?? [];
const entryOf = (kind: string): Node => probeEntries().find((e) => e.properties?.channel?.const === kind) ?? {};

const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
const validate = ajv.compile(schema);

/** A one-probe catalogue document, as YAML would give it. */
const withProbe = (channel: string, options: Record<string, unknown>, target = 'sip:support@127.0.0.1') => ({
  version: 'kept/v1',
  probes: [{ id: 'p', channel, target, schedule: { cron: '*/10 * * * *' }, verifies: ['c'], options }],
});

describe('the JSON Schema for editors', () => {
  it('is committed exactly as scripts/generate-schema.ts writes it (run it after changing the format)', async () => {
    const committed = await readFile(join(ROOT, JSON_SCHEMA_PATH), 'utf8');
    expect(committed).toBe(text);
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
    visit(schema, '$');
    expect(undocumented).toEqual([]);
  });

  it('refuses unknown keys, and tells probe entries apart by channel, each with its own options', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(probeEntries().map((entry) => entry.properties?.channel?.const)).toEqual(PROBE_KINDS);
    for (const entry of probeEntries()) {
      expect(entry.additionalProperties).toBe(false);
      expect(Object.keys(entry.properties?.options?.properties ?? {}).length).toBeGreaterThan(3);
    }
    const sip = entryOf('sip').properties?.options?.properties ?? {};
    expect(Object.keys(sip)).toEqual(expect.arrayContaining(['transport', 'ringTimeout', 't1', 'ivr', 'human']));
    expect(sip.transport).toMatchObject({ enum: ['udp', 'tcp'], description: expect.any(String) });
    const email = entryOf('email').properties?.options?.properties ?? {};
    expect(Object.keys(email)).toEqual(expect.arrayContaining(['smtp', 'persona', 'receive']));
  });

  it('accepts the demo and example catalogues as written, ${VAR} references included', async () => {
    for (const file of ['probes/demo.yaml', 'probes/examples/acme.yaml']) {
      const document: unknown = parse(await readFile(join(ROOT, file), 'utf8'));
      expect(validate(document), `${file}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it.each<[string, string, Record<string, unknown>, string?]>([
    ['a SIP option with a typo', 'sip', { ringTimout: '30s' }],
    ['an unquoted digit in press', 'sip', { ivr: [{ press: 1 }] }],
    ['a transport SIP does not have', 'sip', { transport: 'sctp' }],
    ['a SIP option on an email probe', 'email', { ringTimeout: '30s' }, 'support@example.org'],
    ['a SIP target written host:port', 'sip', {}, '127.0.0.1:9601'],
    ['a page without its scheme', 'browser-chat', {}, 'www.example.org/help'],
  ])('flags %s, as an editor would', (_case, channel, options, target) => {
    expect(validate(withProbe(channel, options, target))).toBe(false);
  });

  it('takes a ${VAR} target in any channel (it is filled in before the target is checked)', () => {
    for (const channel of PROBE_KINDS) {
      validate(withProbe(channel, {}, '${TARGET}'));
      expect((validate.errors ?? []).filter((error) => error.instancePath === '/probes/0/target')).toEqual([]);
    }
  });

  it('accepts a SIP probe with its options written right', () => {
    const options = { transport: 'tcp', t1: '500ms', ivr: [{ waitForPrompt: '20s' }, { press: '1' }, { wait: 5_000 }] };
    expect(validate(withProbe('sip', options)), ajv.errorsText(validate.errors)).toBe(true);
  });
});
