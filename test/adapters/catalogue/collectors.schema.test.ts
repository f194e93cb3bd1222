import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as check from '../../../src/adapters/catalogue/catalogue.check.ts';
import { allCollectorOptionSchemas, parseCatalogue } from '../../../src/adapters/catalogue/catalogue.loader.ts';
import { editorCollectorsSchema } from '../../../src/adapters/catalogue/collectors.schema.ts';
import { COLLECTOR_OPTION_SCHEMAS } from '../../../src/adapters/collectors/collector-factory.ts';
import { COLLECTOR_PLATFORMS } from '../../../src/domain/population/collector-spec.ts';
import type { Secret } from '../../../src/domain/secret.ts';
import { formatted, options, SERVICE, yaml } from './catalogue.support.ts';

/** The `collectors:` section: its shape, defaults, references, and credentials only from the environment. */
const CLAIM = yaml`
  version: kept/v1
  claims:
    - id: phone-human-2m
      copy: "A real person answers within 2 minutes, 24/7"
      publishedAt: https://demo.example/contact
      owner: support-ops
      channels: [phone]
      hours: 24/7
      promise: { human: 2m }
      target: absolute
`;

/** A TaskRouter collector that verifies the claim, its token read from `TWILIO_AUTH_TOKEN`. */
const DESK = yaml`
  version: kept/v1
  collectors:
    - id: desk
      platform: twilio-taskrouter
      schedule: { cron: "*/5 * * * *" }
      verifies: [phone-human-2m]
      options:
        accountSid: AC00000000000000000000000000000000
        authToken: \${TWILIO_AUTH_TOKEN}
        workspaceSid: WS11111111111111111111111111111111
        taskQueueSids: [WQ22222222222222222222222222222222]
`;

const load = (text: string, env: Record<string, string> = {}) =>
  parseCatalogue(
    [SERVICE, { file: 'probes/claims.yaml', text: CLAIM }, { file: 'probes/desk.yaml', text }],
    options(env),
  );

describe('catalogue collectors', () => {
  it('maps a collector to the domain with its defaults, secrets filled from the environment as secrets', () => {
    const result = load(
      yaml`
        version: kept/v1
        collectors:
          - id: desk-taskrouter
            platform: twilio-taskrouter
            schedule: { cron: "*/5 * * * *", jitter: 30s }
            verifies: [phone-human-2m]
            options:
              accountSid: AC00000000000000000000000000000000
              authToken: \${TWILIO_AUTH_TOKEN}
              workspaceSid: WS11111111111111111111111111111111
              taskQueueSids: [WQ22222222222222222222222222222222]
      `,
      { TWILIO_AUTH_TOKEN: 'token-value' },
    );
    if (!result.ok) throw new Error(formatted(result).join('\n'));
    const [collector] = result.catalogue.collectors ?? [];
    expect(collector).toMatchObject({
      id: 'desk-taskrouter',
      platform: 'twilio-taskrouter',
      schedule: { cron: '*/5 * * * *', timeZone: 'Europe/London', jitterMs: 30_000, timeoutMs: 30_000 },
      intervalMs: 300_000,
      lagMs: 60_000,
      catchUpMs: 86_400_000,
      verifies: ['phone-human-2m'],
      options: {
        accountSid: 'AC00000000000000000000000000000000',
        workspaceSid: 'WS11111111111111111111111111111111',
        taskQueueSids: ['WQ22222222222222222222222222222222'],
      },
    });
    expect((collector?.options.authToken as Secret).reveal()).toBe('token-value');
    expect(JSON.stringify(collector)).not.toContain('token-value');
  });

  it('a claim verified only by a collector is verified', () => {
    const result = load(DESK, { TWILIO_AUTH_TOKEN: 't' });
    expect(formatted(result)).toEqual(['(loaded without problems)']);
  });

  it('leaves options written as ${VAR} unchecked when connections are deferred (validate --offline, verdicts)', () => {
    const text = yaml`
      version: kept/v1
      collectors:
        - id: desk
          platform: twilio-taskrouter
          schedule: { cron: "*/5 * * * *" }
          verifies: [phone-human-2m]
          options:
            accountSid: AC00000000000000000000000000000000
            authToken: \${TOKEN}
            workspaceSid: WS11111111111111111111111111111111
            taskQueueSids: [WQ22222222222222222222222222222222]
            baseUrl: \${DESK_URL}
    `;
    const files = [SERVICE, { file: 'probes/claims.yaml', text: CLAIM }, { file: 'probes/desk.yaml', text }];
    const deferred = parseCatalogue(files, { ...options(), connections: 'defer' });
    expect(formatted(deferred)).toEqual(['(loaded without problems)']);
    const resolved = parseCatalogue(files, options({ TOKEN: 't', DESK_URL: 'not a url' }));
    expect(formatted(resolved)).toEqual(['probes/desk.yaml:12:16: collector "desk": Invalid URL']);
  });

  it('reports every problem with file:line:column', () => {
    const result = load(yaml`
      version: kept/v1
      collectors:
        - id: desk
          platform: twilio
          schedule: { cron: "*/5 * * * *", jitter: 10m }
          interval: 7m
          verifies: [phone-human-2mm]
        - id: desk
          platform: twilio-taskrouter
          schedule: { cron: "*/5 * * * *" }
          verifies: [phone-human-2m]
          options:
            accountSid: AC00000000000000000000000000000000
            authToken: abc123literal
            workspaceSid: WS1
            taskQueueSids: [WQ22222222222222222222222222222222]
    `);
    const lines = formatted(result);
    expect(lines).toEqual([
      'probes/desk.yaml:4:15: collector "desk": "platform" must be one of twilio-taskrouter, amazon-connect, genesys-cloud, zendesk, intercom, freshdesk, prometheus, postgres, http-json, not "twilio"',
      `probes/desk.yaml:5:46: collector "desk": jitter "10m" is longer than the collector's interval: "*/5 * * * *" runs as often as every 5m; give jitter 5m or less`,
      'probes/desk.yaml:6:15: collector "desk": "interval" must be one of 1m, 5m, 15m, not "7m"; did you mean "1m"?',
      'probes/desk.yaml:7:16: collector "desk": verifies "phone-human-2mm", which is not a claim; did you mean "phone-human-2m"?',
      'probes/desk.yaml:8:9: collector "desk" is declared twice; the other one is at probes/desk.yaml:3:9',
      'probes/desk.yaml:14:18: collector "desk": "authToken" is a secret and must be read from the environment, written as ${AUTH_TOKEN} (a variable that holds it), never written in the file',
      'probes/desk.yaml:15:21: collector "desk": a Workspace SID: WS and 32 hex digits',
    ]);
    expect(lines.join('\n')).not.toContain('abc123literal');
  });

  it('checks secrets without reading the environment when connections are deferred', () => {
    const result = parseCatalogue(
      [SERVICE, { file: 'probes/claims.yaml', text: CLAIM }, { file: 'probes/desk.yaml', text: DESK }],
      { ...options(), connections: 'defer' },
    );
    expect(formatted(result)).toEqual(['(loaded without problems)']);
  });

  it('names a platform whose options schema the loader was not given (kept validate then loads every one)', () => {
    const sources = [SERVICE, { file: 'probes/claims.yaml', text: CLAIM }, { file: 'probes/desk.yaml', text: DESK }];
    const env = { TWILIO_AUTH_TOKEN: 'token-value' };
    const without = check.parseCatalogue(sources, { ...options(env), collectorOptionSchemas: new Map() });
    expect(formatted(without)).toEqual([
      'probes/desk.yaml:4:15: collector "desk": no collector adapter for platform "twilio-taskrouter" in this build',
    ]);
    const given = new Map([['twilio-taskrouter', COLLECTOR_OPTION_SCHEMAS['twilio-taskrouter']]]);
    expect(formatted(check.parseCatalogue(sources, { ...options(env), collectorOptionSchemas: given }))).toEqual([
      '(loaded without problems)',
    ]);
  });

  it("gives editors each platform's options: entries told apart by platform", () => {
    const json = z.toJSONSchema(editorCollectorsSchema(allCollectorOptionSchemas()), {
      io: 'input',
      unrepresentable: 'any',
    }) as {
      items: { oneOf?: { properties: Record<string, { const?: string; properties?: Record<string, unknown> }> }[] };
    };
    const entries = json.items.oneOf ?? [];
    expect(entries.map((entry) => entry.properties.platform?.const)).toEqual(COLLECTOR_PLATFORMS);
    const twilio = entries.find((entry) => entry.properties.platform?.const === 'twilio-taskrouter');
    expect(Object.keys(twilio?.properties.options?.properties ?? {})).toEqual(
      expect.arrayContaining(['accountSid', 'authToken', 'workspaceSid', 'taskQueueSids']),
    );
  });
});
