import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chatApiOptionsSchema } from '../../../../src/adapters/channels/chat-api/chat-api.channel.ts';
import { renderJson, renderText } from '../../../../src/adapters/channels/chat-api/chat-template.ts';
import { KeptError } from '../../../../src/domain/errors.ts';
import { deskHttpOptions, deskWebSocketOptions } from './support.ts';
import { otherHttpOptions, otherWebSocketOptions } from './other-backend.ts';

const minimal = { transport: 'websocket', message: 'Hello', human: [{ path: '$.from.role', equals: 'agent' }] };

describe('chatApiOptionsSchema', () => {
  it.each([
    ['the desk over a WebSocket', deskWebSocketOptions()],
    ['the desk over HTTP', deskHttpOptions()],
    ['another back end over a WebSocket', otherWebSocketOptions()],
    ['another back end over HTTP', otherHttpOptions()],
  ])('accepts options for %s', (_name, options) => {
    expect(chatApiOptionsSchema.safeParse(options).success).toBe(true);
  });

  it.each(['probes/demo.yaml', 'probes/examples/acme.yaml'])('accepts the chat-api probe options in %s', (file) => {
    const catalogue = parse(readFileSync(new URL(`../../../../${file}`, import.meta.url), 'utf8')) as {
      probes: { channel: string; options?: unknown }[];
    };
    const chatProbes = catalogue.probes.filter((probe) => probe.channel === 'chat-api');
    expect(chatProbes.length).toBeGreaterThan(0);
    for (const probe of chatProbes) expect(chatApiOptionsSchema.safeParse(probe.options).error).toBeUndefined();
  });

  it('fills in the defaults', () => {
    expect(chatApiOptionsSchema.parse(minimal)).toEqual({
      ...minimal,
      persona: 'Sam Taylor',
      send: { type: 'message', text: '{message}' },
      headers: {},
      receive: { messagesPath: '$', textPath: '$.text', ignore: [] },
      system: [],
      closed: [],
      waitForHuman: true,
      limits: { bodyBytes: 16_777_216, messageChars: 65_536, messages: 1_000 },
    });
  });

  it.each([
    ['an unknown option', { ...minimal, colour: 'blue' }, 'colour'],
    [
      'a bad JSON path',
      { ...minimal, receive: { textPath: '$.a[' } },
      'receive.textPath: JSON path "$.a[" is invalid at character 5',
    ],
    ['a marker with two tests', { ...minimal, human: [{ path: '$.a', equals: 1, exists: true }] }, 'exactly one of'],
    ['a marker with no test', { ...minimal, human: [{ path: '$.a' }] }, 'exactly one of'],
    ['a bad regular expression', { ...minimal, human: [{ path: '$.a', matches: '(' }] }, 'invalid regular expression'],
    ['an unknown placeholder in the message', { ...minimal, message: 'Hi {name}' }, 'unknown placeholder {name}'],
    [
      'an unknown placeholder in the send template',
      { ...minimal, send: { text: '{txt}' } },
      'unknown placeholder {txt}',
    ],
    ['{after} outside a URL path', { ...minimal, send: { text: '{after}' } }, 'unknown placeholder {after}'],
    [
      'waiting for a human with no human markers',
      { transport: 'websocket', message: 'Hi' },
      'human: waitForHuman needs at least one human marker',
    ],
    [
      'http transport without http options',
      { ...minimal, transport: 'http' },
      'http: transport http needs http.send and http.poll',
    ],
    [
      'http options on a WebSocket probe',
      { ...deskHttpOptions(), transport: 'websocket' },
      'http: http options are for transport http',
    ],
    [
      'a poll interval of zero',
      deskHttpOptions({ http: { send: { path: '/m' }, poll: { path: '/m', intervalMs: 0 } } }),
      'http.poll.intervalMs',
    ],
  ])('rejects %s', (_name, options, message) => {
    const parsed = chatApiOptionsSchema.safeParse(options);
    expect(parsed.success).toBe(false);
    const text = parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
    expect(text).toContain(message);
  });
});

describe('chat templates', () => {
  const vars = { message: 'Hi "there"', persona: 'Sam', conversationId: 'a/b', missing: undefined };

  it.each([
    ['fills placeholders', 'From {persona}: {message}', 'From Sam: Hi "there"'],
    ['keeps doubled braces as literal braces', '{{persona}} is {persona}', '{persona} is Sam'],
    ['leaves braces around non-names alone', 'I owe {3} or { x }', 'I owe {3} or { x }'],
  ])('%s', (_name, template, expected) => {
    expect(renderText(template, vars)).toBe(expected);
  });

  it('encodes values in URL paths', () => {
    expect(renderText('/c/{conversationId}/m', vars, encodeURIComponent)).toBe('/c/a%2Fb/m');
  });

  it('fills string values of a JSON template but not its keys', () => {
    expect(renderJson({ '{persona}': ['{message}', 1, true, null, { who: '{persona}' }] }, vars)).toEqual({
      '{persona}': ['Hi "there"', 1, true, null, { who: 'Sam' }],
    });
  });

  it.each([
    ['an unknown placeholder', 'Hi {nobody}', 'template.unknown-placeholder'],
    ['a placeholder with no value yet', 'Hi {missing}', 'template.unfilled-placeholder'],
  ])('throws a validation error for %s', (_name, template, code) => {
    expect(() => renderText(template, vars)).toThrow(KeptError);
    try {
      renderText(template, vars);
    } catch (error) {
      expect((error as KeptError).code).toBe(code);
      expect((error as KeptError).kind).toBe('validation');
    }
  });
});
