import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../../src/adapters/catalogue/catalogue.loader.ts';
import { formatted, options, SERVICE, yaml } from './catalogue.support.ts';

/**
 * Loading with connections deferred (verdicts, signoff, rules, validate --offline) when the only problems the file
 * schema finds sit under a `${VAR}` the command leaves as written. Such a file was once dropped without a word: with
 * the service in it the mapper then crashed; without, its claims silently vanished.
 */
const CLAIM = yaml`
  claims:
    - id: chat-24-7
      copy: "24/7 live chat"
      publishedAt: https://demo.example/support
      owner: support-ops
      channels: [chat]
      hours: 24/7
      promise: { human: 2m }
      target: absolute
`;

/** One file, service included (as probes/demo.yaml), with `tail` appended. */
const whole = (tail: string) => ({
  file: 'probes/whole.yaml',
  text: `version: kept/v1\nservice: { name: Demo, timeZone: Europe/London }\n${CLAIM}${tail}`,
});

const PROBE_OPTIONS_AS_VAR = yaml`
  probes:
    - id: chat-probe
      channel: chat-api
      target: \${CHAT_URL}
      schedule: { cron: "*/5 * * * *" }
      verifies: [chat-24-7]
      options: \${CHAT_OPTIONS}
`;

const deferred = { ...options({}), connections: 'defer' as const };

describe('deferred ${VAR} values the file schema cannot accept', () => {
  it('are reported at their line, not dropped with the file (which held the service: no crash)', () => {
    const result = parseCatalogue([whole(PROBE_OPTIONS_AS_VAR)], deferred);
    expect(formatted(result)).toEqual([
      'probes/whole.yaml:18:14: probe "chat-probe": "options" must be a mapping of keys to values, not text',
    ]);
  });

  it('are reported in a file without the service too, instead of its claims vanishing', () => {
    const file = { file: 'probes/chat.yaml', text: `version: kept/v1\n${CLAIM}${PROBE_OPTIONS_AS_VAR}` };
    const result = parseCatalogue([SERVICE, file], deferred);
    expect(formatted(result)).toEqual([
      'probes/chat.yaml:17:14: probe "chat-probe": "options" must be a mapping of keys to values, not text',
    ]);
  });

  it('are the same problems resolving finds once the variable is set: the value is text either way', () => {
    const env = { CHAT_URL: 'https://chat.example/api', CHAT_OPTIONS: '{ greeting: hi }' };
    const resolved = parseCatalogue([whole(PROBE_OPTIONS_AS_VAR)], options(env));
    const onDefer = parseCatalogue([whole(PROBE_OPTIONS_AS_VAR)], deferred);
    expect(formatted(onDefer)).toEqual(formatted(resolved));
  });
});

/** A collector whose token and base URL come from the environment. */
const collector = (baseUrl: string) => yaml`
  collectors:
    - id: desk-taskrouter
      platform: twilio-taskrouter
      schedule: { cron: "*/5 * * * *" }
      verifies: [chat-24-7]
      options:
        accountSid: AC000000000000000000000000000de5c0
        authToken: \${DESK_TOKEN}
        workspaceSid: WS000000000000000000000000000de5c0
        taskQueueSids: [WQ000000000000000000000000000c4a70]
        baseUrl: "${baseUrl}"
`;

describe('deferred ${VAR} values the file schema accepts', () => {
  it("load with their values as written when a collector's options fail the platform's schema only there", () => {
    const result = parseCatalogue([whole(collector('${DESK_URL}'))], deferred);
    expect(formatted(result)).toEqual(['(loaded without problems)']);
    if (!result.ok) return;
    expect(result.catalogue.service.name).toBe('Demo');
    expect(result.catalogue.claims.map((claim) => claim.id)).toEqual(['chat-24-7']);
    expect(result.catalogue.collectors?.[0]?.options).toMatchObject({ baseUrl: '${DESK_URL}' });
  });

  it('only where the command defers them: a literal $${ in an option is checked when resolving', () => {
    // Text that holds "${" once escaped is not a deferred value: the platform's schema still checks it. (Skipping any
    // text with "${" loaded this entry with its options as written, unparsed: its token plain text, not a Secret.)
    const bad = parseCatalogue([whole(collector('not a url $${x}'))], options({ DESK_TOKEN: 'token' }));
    expect(formatted(bad)).toEqual(['probes/whole.yaml:22:16: collector "desk-taskrouter": Invalid URL']);
    const good = parseCatalogue([whole(collector('http://127.0.0.1:1/$${x}'))], options({ DESK_TOKEN: 'token' }));
    if (!good.ok) throw new Error(formatted(good).join('\n'));
    expect(String(good.catalogue.collectors?.[0]?.options.authToken)).toBe('<redacted>');
  });
});
