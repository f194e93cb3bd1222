import { describe, expect, it } from 'vitest';
import { chatApiOptionsSchema } from '../../../../src/adapters/channels/chat-api/chat-api.options.ts';
import { MessageReader } from '../../../../src/adapters/channels/chat-api/message-reader.ts';

const options = chatApiOptionsSchema.parse({
  transport: 'websocket',
  message: 'Hi',
  receive: {
    messagesPath: '$.batch[*]',
    textPath: '$.body',
    senderNamePath: '$.who.name',
    idPath: '$.id',
    ignore: [
      { path: '$.kind', equals: 'typing' },
      { path: '$.who.role', equals: 'me' },
    ],
  },
  human: [
    { path: '$.who.role', equals: 'agent' },
    { path: '$.who.name', matches: '^(?!.*[Bb]ot).*$' },
  ],
  bot: [
    { path: '$.who.role', equals: 'bot' },
    { path: '$.who.name', matches: '[Bb]ot' },
  ],
  system: [{ path: '$.kind', equals: 'notice' }],
  closed: [{ path: '$.kind', equals: 'ended' }],
});

describe('MessageReader', () => {
  it.each([
    [
      'an agent is human',
      { id: 'a', body: 'Hi', who: { role: 'agent', name: 'Priya' } },
      { kind: 'message', from: 'human', text: 'Hi', name: 'Priya' },
    ],
    [
      'a name without "bot" is human',
      { id: 'b', body: 'Hi', who: { name: 'Jo' } },
      { kind: 'message', from: 'human', text: 'Hi', name: 'Jo' },
    ],
    [
      'a bot role is a bot',
      { id: 'c', body: 'Hi', who: { role: 'bot' } },
      { kind: 'message', from: 'bot', text: 'Hi' },
    ],
    [
      'a name with "Bot" is a bot',
      { id: 'd', body: 'Hi', who: { name: 'HelpBot' } },
      { kind: 'message', from: 'bot', text: 'Hi', name: 'HelpBot' },
    ],
    ['no marker matching is unknown', { id: 'e', body: 'Hi' }, { kind: 'message', from: 'unknown', text: 'Hi' }],
    [
      'a notice is system',
      { id: 'f', kind: 'notice', body: 'You are 3rd in the queue' },
      { kind: 'message', from: 'system', text: 'You are 3rd in the queue' },
    ],
    ['typing is ignored', { id: 'g', kind: 'typing' }, { kind: 'ignored' }],
    ['our own echo is ignored', { id: 'h', body: 'Hi', who: { role: 'me' } }, { kind: 'ignored' }],
    ['an end event closes', { id: 'i', kind: 'ended', body: 'Chat ended' }, { kind: 'closed', text: 'Chat ended' }],
    [
      'a number as text is read as text',
      { id: 'j', body: 42, who: { role: 'bot' } },
      { kind: 'message', from: 'bot', text: '42' },
    ],
    [
      'no text is unreadable',
      { id: 'k', who: { role: 'bot' } },
      { kind: 'unreadable', sample: '{"id":"k","who":{"role":"bot"}}' },
    ],
    [
      'an object as text is unreadable',
      { id: 'l', body: { rich: true } },
      { kind: 'unreadable', sample: '{"id":"l","body":{"rich":true}}' },
    ],
  ])('%s', (_name, item, expected) => {
    expect(new MessageReader(options).read(item)).toEqual(expected);
  });

  it('skips a message whose id it has seen', () => {
    const reader = new MessageReader(options);
    const item = { id: 'same', body: 'Hi', who: { role: 'bot' } };
    expect(reader.read(item).kind).toBe('message');
    expect(reader.read(item)).toEqual({ kind: 'duplicate' });
  });

  it('finds the items of a frame with the messages path', () => {
    expect(new MessageReader(options).items({ batch: [1, 2], other: [3] })).toEqual([1, 2]);
    expect(new MessageReader(options).items({ nothing: true })).toEqual([]);
  });

  it('truncates long samples of unreadable items', () => {
    const read = new MessageReader(options).read({ id: 'long', padding: 'x'.repeat(500) });
    expect(read.kind === 'unreadable' && read.sample.length).toBe(201);
  });
});

describe("MessageReader: Kept's own message", () => {
  it('is recognised by its text (whitespace and Unicode form aside) or its id, before any rule', () => {
    const reader = new MessageReader(options);
    reader.own({ text: 'Hello,  I am Zoë:\nmy bill is wrong.' });
    reader.own({ id: 'sent-7' });
    const agent = { role: 'agent', name: 'Priya' };

    expect(reader.read({ id: 'e1', body: ' Hello, I am Zoe\u0308: my bill is wrong. ', who: agent })).toEqual({
      kind: 'own',
    });
    expect(reader.read({ id: 'sent-7', body: '<p>Hello</p>', who: agent })).toEqual({ kind: 'own' });
    // Quoting it inside a longer reply is a reply.
    expect(reader.read({ id: 'e2', body: 'You wrote: Hello, I am Zoë: my bill is wrong.', who: agent })).toMatchObject({
      kind: 'message',
      from: 'human',
    });
  });
});
