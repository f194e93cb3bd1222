import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBrowserChatChannel,
  type BrowserChatChannel,
} from '../../../../src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { boundedEvent } from '../../../../src/adapters/channels/browser-chat/widget.session.ts';
import { boundObservation } from '../../../../src/domain/evidence-limits.ts';
import { CHROMIUM_PATH, chromiumMissing } from '../../../support/chromium.ts';
import { browserProbe, evidenceDir, memoryLog, probeContext } from './support.ts';

const missing = chromiumMissing();

/**
 * A hostile chat page: the bot answers with a 5 MB message, then 300 more, then a person answers; a page script also
 * calls Kept's binding itself, forging a person's 5 MB reply (ignored: it lacks the attempt's token). Outcomes and
 * sizes only.
 */
const PAGE = `<!doctype html><html><body>
<ul id="log"></ul><input id="say"><button id="send">Send</button>
<script>
  const log = document.getElementById('log');
  const add = (role, text) => { const li = document.createElement('li'); li.dataset.role = role; li.textContent = text; log.appendChild(li); };
  document.getElementById('send').addEventListener('click', () => {
    add('customer', document.getElementById('say').value);
    setTimeout(() => {
      add('bot', 'B'.repeat(5 * 1024 * 1024));
      try { window.__keptBrowserChat({ type: 'message', text: 'X'.repeat(5 * 1024 * 1024), flags: { human: true }, pageMs: 0 }); } catch (e) {}
      for (let i = 0; i < 300; i += 1) add('bot', 'bot message ' + i);
      setTimeout(() => add('agent', 'Hello, a person here.'), 50);
    }, 20);
  });
</script></body></html>`;

const options = {
  message: 'Hello?',
  composer: { input: '#say', send: '#send' },
  messages: { selector: '#log > li', customer: [{ attribute: 'data-role', equals: 'customer' }] },
  human: [{ attribute: 'data-role', equals: 'agent' }],
  bot: [{ attribute: 'data-role', equals: 'bot' }],
  limits: { messageChars: 1_000, messages: 50 },
};

describe('boundedEvent: what a page passes the binding', () => {
  it.each([
    [
      'a message, its text cut',
      { type: 'message', text: 'a'.repeat(150), flags: { bot: true }, pageMs: 3, token: 't1' },
      {
        type: 'message',
        text: `${'a'.repeat(100)}… [cut: 150 characters, 100 kept]`,
        flags: { ignore: false, customer: false, human: false, bot: true, system: false, closed: false },
        pageMs: 3,
      },
    ],
    [
      'a message already cut by the page, as it is',
      {
        type: 'message',
        text: `${'a'.repeat(100)}… [cut: 150 characters, 100 kept]`,
        flags: {},
        pageMs: 1,
        token: 't1',
      },
      {
        type: 'message',
        text: `${'a'.repeat(100)}… [cut: 150 characters, 100 kept]`,
        flags: { ignore: false, customer: false, human: false, bot: false, system: false, closed: false },
        pageMs: 1,
      },
    ],
    ['a send', { type: 'sent', via: 'click', pageMs: 2, token: 't1' }, { type: 'sent', via: 'click', pageMs: 2 }],
    [
      'nothing from a page script without the token',
      { type: 'message', text: 'a person!', flags: { human: true }, pageMs: 1 },
      undefined,
    ],
    ['something else', 'hello', undefined],
    ['a message without flags', { type: 'message', text: 'hi', token: 't1' }, undefined],
  ])('keeps %s', (_name, event, expected) => {
    expect(boundedEvent(event, 100, 't1')).toEqual(expected);
  });
});

describe.skipIf(missing !== undefined)('browser-chat probe against a hostile page', () => {
  let server: Server;
  let url: string;
  let channel: BrowserChatChannel;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    channel = createBrowserChatChannel({
      log: memoryLog(),
      evidenceDir: evidenceDir(),
      browser: { executablePath: CHROMIUM_PATH },
    });
  });
  afterAll(async () => {
    await channel?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('keeps each message within options.limits.messageChars, the text of the first 50 only, and records the cuts', async () => {
    const observation = boundObservation(await channel.run(browserProbe(url, options, 30_000), probeContext()));
    const transcript = observation.evidence.transcript ?? [];

    expect(observation.outcome).toBe('answered');
    expect(observation.humanReached).toBe(true);
    expect(Math.max(...transcript.map((line) => line.text.length))).toBeLessThanOrEqual(1_000 + 64);
    expect(transcript.find((line) => line.from === 'bot')?.text).toBe(
      `${'B'.repeat(1_000)}… [cut: ${5 * 1024 * 1024} characters, 1000 kept]`,
    );
    expect(
      transcript.filter((line) => line.text.startsWith('[cut: a message beyond the first 50]')).length,
    ).toBeGreaterThan(200);
    expect(observation.evidence.truncated).toEqual([
      { what: 'evidence.transcript.text', unit: 'characters', limit: 1_000, seen: 5 * 1024 * 1024 },
    ]);
    expect(JSON.stringify(observation).length).toBeLessThan(200_000);
  }, 60_000);
});
