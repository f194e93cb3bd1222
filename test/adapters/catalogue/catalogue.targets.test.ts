import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../../src/adapters/catalogue/catalogue.loader.ts';
import { targetProblem } from '../../../src/adapters/catalogue/probe-target.ts';
import { channelOptionSchemas } from '../../../src/cli/channel-options.ts';
import type { ProbeKind } from '../../../src/domain/channel.ts';
import { formatted, options, SERVICE, yaml } from './catalogue.support.ts';

/** A claim for every channel and one probe of `channel` with `target` (line 20) and `optionsYaml` below it. */
function catalogue(channel: ProbeKind, target: string, optionsYaml = ''): string {
  return (
    yaml`
    version: kept/v1
    claims:
      - id: any-answer
        copy: "We answer"
        publishedAt: https://example.org
        owner: support
        channels: [chat, phone, email]
        hours: 24/7
        promise: { answered: true }
        target: absolute
    probes:
      - id: the-probe
        channel: ${channel}
        schedule: { cron: "*/10 * * * *" }
        verifies: [any-answer]




        target: ${target}
  ` + optionsYaml
  );
}

const load = (text: string, optionSchemas = channelOptionSchemas()) =>
  formatted(parseCatalogue([SERVICE, { file: 'probes/case.yaml', text }], options({}, optionSchemas)));

describe('kept validate checks each probe target in the syntax its channel reads', () => {
  it.each<[ProbeKind, string]>([
    ['sip', 'sip:support@127.0.0.1:9601'],
    ['sip', 'sips:support@pbx.example.org'],
    ['sip', 'sip:127.0.0.1:9601;transport=tcp'],
    ['sip', 'sip:support@[::1]:5060'],
    ['chat-api', 'ws://127.0.0.1:9/chat'],
    ['chat-api', 'https://api.example.org/v1'],
    ['browser-chat', 'https://example.org/help'],
    ['browser-chat', 'http://127.0.0.1:9/'],
    ['email', 'support@acme.example'],
    ['email', 'mailto:support@acme.example'],
  ])('%s accepts %s', (kind, target) => {
    expect(targetProblem(kind, target, {})).toBeUndefined();
  });

  it.each<[string, ProbeKind, string, string]>([
    [
      'a SIP probe at host:port, with the URI it probably means',
      'sip',
      '127.0.0.1:9601',
      '"127.0.0.1:9601" is not a SIP URI; write sip:[user@]host[:port] (or sips:, or tel:+E.164 with options.twilio), such as sip:127.0.0.1:9601',
    ],
    [
      'a SIP probe at a web address',
      'sip',
      'https://pbx.example.org',
      '"https://pbx.example.org" is not a SIP URI; write sip:[user@]host[:port] (or sips:, or tel:+E.164 with options.twilio), such as sip:support@pbx.example.org:5060',
    ],
    [
      'a SIP URI with a port out of range',
      'sip',
      'sip:support@127.0.0.1:70000',
      '"sip:support@127.0.0.1:70000" is not a SIP URI (port 70000 is not a port); write sip:[user@]host[:port] (or sips:, or tel:+E.164 with options.twilio), such as sip:support@pbx.example.org:5060',
    ],
    [
      'a SIP transport the probe does not speak',
      'sip',
      'sip:support@127.0.0.1;transport=sctp',
      '"sip:support@127.0.0.1;transport=sctp" is not a SIP URI (transport=sctp: the probe speaks udp or tcp); write sip:[user@]host[:port] (or sips:, or tel:+E.164 with options.twilio), such as sip:support@pbx.example.org:5060',
    ],
    [
      'a tel: number without a carrier',
      'sip',
      'tel:+441632960001',
      '"tel:+441632960001" is a phone number, which Kept calls through a carrier: give the probe options.twilio, or call a SIP URI such as sip:support@pbx.example.org',
    ],
    [
      'a chat API without a scheme',
      'chat-api',
      'api.example.org/chat',
      '"api.example.org/chat" is not a chat API URL; write ws://, wss://, http:// or https://, such as wss://api.example.org/chat',
    ],
    [
      'a web page without a scheme',
      'browser-chat',
      'www.example.org/help',
      '"www.example.org/help" is not a web page address; write the page\'s full URL with http:// or https://, such as https://www.example.org/help',
    ],
    [
      'an email probe at a web address',
      'email',
      'https://example.org/contact',
      '"https://example.org/contact" is not an email address; write the support address, such as support@example.org (or mailto:support@example.org)',
    ],
  ])('rejects %s', (_case, kind, target, message) => {
    expect(targetProblem(kind, target, {})).toBe(message);
  });

  it('a tel: number is a target when the probe has Twilio options, and must then be E.164', () => {
    expect(targetProblem('sip', 'tel:+441632960001', { twilio: {} })).toBeUndefined();
    expect(targetProblem('sip', 'tel:01632 960001', { twilio: {} })).toMatch(/is not an E\.164 number/);
  });

  it('a chat API target follows the transport: ws(s) for websocket, http(s) for http', () => {
    expect(targetProblem('chat-api', 'https://api.example.org', { transport: 'websocket' })).toMatch(
      /^"https:\/\/api\.example\.org" is not a WebSocket URL; with transport websocket write ws:\/\/ or wss:\/\//,
    );
    expect(targetProblem('chat-api', 'wss://api.example.org', { transport: 'http' })).toMatch(
      /is not an HTTP URL; with transport http write the API's base URL/,
    );
  });

  it('reports a malformed SIP target at its file:line:column, and the catalogue does not load', () => {
    expect(load(catalogue('sip', '127.0.0.1:9601'))).toEqual([
      'probes/case.yaml:20:13: probe "the-probe": "127.0.0.1:9601" is not a SIP URI; write sip:[user@]host[:port] (or sips:, or tel:+E.164 with options.twilio), such as sip:127.0.0.1:9601',
    ]);
  });

  it('loads the same probe with a SIP URI', () => {
    expect(load(catalogue('sip', 'sip:support@127.0.0.1:9601'))).toEqual(['(loaded without problems)']);
  });

  it('checks a target that comes from an environment variable once it is filled in, and leaves a deferred one', () => {
    const text = catalogue('sip', '${HOTLINE}');
    const env = (value: string) => options({ HOTLINE: value }, channelOptionSchemas());
    const parse = (value: string) =>
      formatted(parseCatalogue([SERVICE, { file: 'probes/case.yaml', text }], env(value)));
    expect(parse('127.0.0.1:9601')).toEqual([expect.stringMatching(/^probes\/case\.yaml:20:13: .* is not a SIP URI/)]);
    expect(parse('sip:support@127.0.0.1:9601')).toEqual(['(loaded without problems)']);
    const deferred = parseCatalogue([SERVICE, { file: 'probes/case.yaml', text }], {
      env: {},
      optionSchemas: channelOptionSchemas(),
      connections: 'defer',
    });
    expect(formatted(deferred)).toEqual(['(loaded without problems)']);
  });
});

describe('kept validate names the type a probe option takes', () => {
  it('an unquoted digit in press says to write it as a string, in an IVR step and in escape', () => {
    const ivr = yaml`
          options:
            ivr:
              - press: 1
              - escape: { press: 0 }
    `
      .split('\n')
      .map((line) => (line === '' ? line : `    ${line}`))
      .join('\n');
    expect(load(catalogue('sip', 'sip:support@127.0.0.1:9601', ivr))).toEqual([
      'probes/case.yaml:23:18: probe "the-probe": "press" takes digits as a string: write press: "1" (a number would lose a leading 0)',
      'probes/case.yaml:24:28: probe "the-probe": "press" takes digits as a string: write press: "0" (a number would lose a leading 0)',
    ]);
  });

  it('a step of the IVR union with a wrong value is explained by the step it is, not "has the wrong shape"', () => {
    const ivr = '    options:\n      ivr:\n        - wait: soon\n';
    expect(load(catalogue('sip', 'sip:support@127.0.0.1:9601', ivr))).toEqual([
      expect.stringMatching(/^probes\/case\.yaml:23:17: probe "the-probe": .*soon/),
    ]);
  });

  it.each([
    [
      'a misspelt step',
      '- pres: "1"',
      'probes/case.yaml:23:11: probe "the-probe": unknown key "pres"; did you mean "press"?',
    ],
    [
      'text where a step belongs',
      '- "1"',
      'probes/case.yaml:23:11: probe "the-probe": item 1 of "ivr" must be a mapping with one of "waitForPrompt", "press", "wait", "escape", not text',
    ],
    [
      'two steps in one item',
      '- { press: "1", wait: 5s }',
      'probes/case.yaml:23:11: probe "the-probe": item 1 of "ivr" has "press" and "wait" together; it takes one of "waitForPrompt", "press", "wait", "escape" (one per item)',
    ],
    [
      'an empty step',
      '- {}',
      'probes/case.yaml:23:11: probe "the-probe": item 1 of "ivr" is an empty mapping; it takes one of "waitForPrompt", "press", "wait", "escape"',
    ],
  ])('%s is said in words, not "has the wrong shape"', (_case, step, message) => {
    const ivr = `    options:\n      ivr:\n        ${step}\n`;
    expect(load(catalogue('sip', 'sip:support@127.0.0.1:9601', ivr))).toEqual([message]);
  });
});
