import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnKept } from '../support/spawn-kept.ts';

/**
 * `kept validate` loads only what its catalogue needs (issue 14.1): the option schemas of the channels its probes use,
 * never a channel, a collector adapter or a platform client. Each module the process loads is recorded by a module
 * hook given to node with --import, so this asserts what was loaded, not how long it took.
 */
const dir = mkdtempSync(join(tmpdir(), 'kept-validate-lazy-'));
const hooks = join(dir, 'trace.hooks.mjs');
writeFileSync(
  hooks,
  "import { appendFileSync } from 'node:fs';\n" +
    'export async function load(url, context, nextLoad) {\n' +
    '  appendFileSync(process.env.KEPT_TEST_MODULE_TRACE, url + "\\n");\n' +
    '  return nextLoad(url, context);\n' +
    '}\n',
);
const register = join(dir, 'trace.register.mjs');
writeFileSync(
  register,
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
);

const SERVICE = ['version: kept/v1', 'service: { name: Acme, timeZone: Europe/London }'];
const CLAIM = [
  'claims:',
  '  - id: chat-answered',
  '    copy: "We answer every chat"',
  '    publishedAt: https://example.invalid',
  '    owner: ops',
  '    channels: [chat]',
  '    hours: 24/7',
  '    promise: { answered: true }',
  '    target: absolute',
];
const chatProbe = (channel: string): string[] => [
  'probes:',
  '  - id: desk-chat',
  `    channel: ${channel}`,
  '    target: ws://127.0.0.1:9/chat',
  '    schedule: { cron: "*/10 * * * *" }',
  '    verifies: [chat-answered]',
  '    options: { transport: websocket, persona: Sam, message: Hello, waitForHuman: false }',
];

/** Runs `kept validate` on the catalogue text; gives its exit code, output and the module URLs it loaded. */
async function validate(name: string, lines: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const file = join(dir, `${name}.yaml`);
  const trace = join(dir, `${name}.modules.txt`);
  writeFileSync(file, [...lines, ''].join('\n'));
  writeFileSync(trace, '');
  const kept = spawnKept(['validate', file], {
    ...env,
    KEPT_TEST_MODULE_TRACE: trace,
    NODE_OPTIONS: `--import ${pathToFileURL(register).href}`,
  });
  const code = await kept.exited();
  return { code, output: kept.output(), modules: readFileSync(trace, 'utf8').split('\n').filter(Boolean) };
}

const loaded = (modules: readonly string[], pattern: RegExp): string[] => modules.filter((url) => pattern.test(url));

/** Never for validate: channels, collector adapters, platform clients, the service's HTTP stack and metrics. */
const PACKAGES = '@aws-sdk|pg|axios|playwright-core|express|prom-client|ws|nodemailer|@libsql|bullmq|ioredis';
const HEAVY = new RegExp(`node_modules/(${PACKAGES})/|\\.(channel|collector)\\.ts$`);

describe('kept validate loads only what its catalogue needs', () => {
  it('a chat-API-only catalogue: the chat-API options schema, no other channel, nothing heavy', async () => {
    const { code, output, modules } = await validate('chat-only', [...SERVICE, ...CLAIM, ...chatProbe('chat-api')]);
    expect(output).toContain('ok: 1 claims, 1 probes, 0 receivers, 0 routes');
    expect(code).toBe(0);
    // The hook saw the run (else the assertions below would hold for nothing).
    expect(loaded(modules, /\/src\/cli\/commands\/validate\.command\.ts$/)).toHaveLength(1);
    expect(loaded(modules, /\/chat-api\/chat-api\.options\.ts$/)).toHaveLength(1);
    expect(loaded(modules, /\/channels\/(browser-chat|sip|email|twilio)\//)).toEqual([]);
    expect(loaded(modules, /node_modules\/css-selector-parser\//)).toEqual([]);
    // No collectors in it: no platform's options schema either (src/cli/collector-option-loaders.ts).
    expect(loaded(modules, /\/adapters\/collectors\//)).toEqual([]);
    expect(loaded(modules, HEAVY)).toEqual([]);
  });

  it('a kind the scan cannot see (a YAML escape) is loaded on a second check: the result is the same', async () => {
    const plain = await validate('chat-plain', [...SERVICE, ...CLAIM, ...chatProbe('chat-api')]);
    // "\x63hat-api" is chat-api to YAML, but no word "chat-api" stands in the text.
    const escaped = await validate('chat-escaped', [...SERVICE, ...CLAIM, ...chatProbe('"\\x63hat-api"')]);
    expect(escaped.output).toBe(plain.output.replaceAll('chat-plain', 'chat-escaped'));
    expect(escaped.code).toBe(0);
    expect(loaded(escaped.modules, /\/chat-api\/chat-api\.options\.ts$/)).toHaveLength(1);
    // The second check loaded every kind's schema (so the trace does see them when they load).
    expect(loaded(escaped.modules, /\/channels\/(browser-chat|sip|email)\/.*\.options\.ts$/)).toHaveLength(3);
    expect(loaded(escaped.modules, HEAVY)).toEqual([]);
  });

  it("a probe's options are still checked by its channel's schema", async () => {
    const lines = [...SERVICE, ...CLAIM, ...chatProbe('chat-api')].map((line) =>
      line.replace('transport: websocket', 'transport: carrier-pigeon'),
    );
    const { code, output } = await validate('chat-bad-option', lines);
    expect(code).toBe(1);
    expect(output).toMatch(/chat-bad-option\.yaml:\d+:\d+: .*transport/);
  });
});
