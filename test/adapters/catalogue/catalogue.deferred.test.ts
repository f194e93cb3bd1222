import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../../src/adapters/catalogue/catalogue.loader.ts';
import type { ProbeKind } from '../../../src/domain/channel.ts';
import { ANY_OPTIONS, formatted, options, SERVICE, yaml } from './catalogue.support.ts';

/** A catalogue whose probe and receiver read their addresses and secrets from the environment. */
const FILE = {
  file: 'probes/case.yaml',
  text: yaml`
    version: kept/v1
    claims:
      - id: chat-24-7
        copy: "24/7 live chat"
        publishedAt: https://demo.example/support
        owner: support-ops
        channels: [chat]
        hours: 24/7
        promise: { human: 2m }
        target: absolute
    probes:
      - id: chat-probe
        channel: chat-api
        target: \${CHAT_URL}
        schedule: { cron: "*/5 * * * *" }
        verifies: [chat-24-7]
        options: { greeting: hello, port: "\${CHAT_PORT}", password: "\${CHAT_PASSWORD}" }
    receivers:
      - { name: oncall, kind: pagerduty, url: "\${PD_URL}", secret: "\${PD_KEY}" }
      - { name: chat, kind: slack, url: "https://hooks.example/\${SLACK_PATH}" }
    routes:
      - { owner: "*", receivers: [oncall, chat] }
  `,
};

/** A strict chat-api schema: a numeric port, as a channel would declare it. */
const STRICT = new Map<ProbeKind, z.ZodType>([
  ...ANY_OPTIONS,
  ['chat-api', z.strictObject({ greeting: z.string(), port: z.coerce.number().int(), password: z.string() })],
]);

describe('loading with connections deferred (signoff, verdicts, rules, validate --offline)', () => {
  it('keeps every ${VAR} of the probes and receivers as written, with none of them set, and checks the rest', () => {
    const result = parseCatalogue([SERVICE, FILE], { ...options({}, STRICT), connections: 'defer' });
    expect(formatted(result)).toEqual(['(loaded without problems)']);
    if (!result.ok) return;
    const [probe] = result.catalogue.probes;
    expect(probe?.target).toBe('${CHAT_URL}');
    // The port could not be checked as a number: the options stay as written, unparsed.
    expect(probe?.options).toEqual({ greeting: 'hello', port: '${CHAT_PORT}', password: '${CHAT_PASSWORD}' });
    expect(result.catalogue.receivers.map((r) => r.url)).toEqual(['${PD_URL}', 'https://hooks.example/${SLACK_PATH}']);
    expect(result.catalogue.claims.map((c) => c.id)).toEqual(['chat-24-7']);
  });

  it('still reports what is wrong outside the placeholders, and a misspelt reference', () => {
    const broken = {
      ...FILE,
      text: FILE.text
        .replace('greeting: hello', 'greeting: 5')
        .replace('${PD_KEY}', '${PD KEY}')
        .replace('human: 2m', 'human: soon'),
    };
    const result = parseCatalogue([SERVICE, broken], { ...options({}, STRICT), connections: 'defer' });
    expect(formatted(result)).toEqual([
      'probes/case.yaml:9:23: claim "chat-24-7": "soon" is not a duration or "any"; write e.g. "2m", or "any" for a human at some point',
      'probes/case.yaml:17:26: probe "chat-probe": "greeting" must be text, not a number',
      'probes/case.yaml:19:64: receiver "oncall": "${PD KEY}" is not an environment variable reference; write ${NAME} with letters, digits and _, or $${ for a literal ${',
    ]);
  });

  it('resolving (run, probe, validate) names every unset variable', () => {
    const result = parseCatalogue([SERVICE, FILE], options({}, STRICT));
    const unset = formatted(result)
      .map((line) => /variable (\w+) is not set/.exec(line)?.[1])
      .filter(Boolean);
    expect(unset.sort()).toEqual(['CHAT_PASSWORD', 'CHAT_PORT', 'CHAT_URL', 'PD_KEY', 'PD_URL', 'SLACK_PATH']);
  });
});
