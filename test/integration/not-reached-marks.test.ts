import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowserChatChannel } from '../../src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { createChatApiChannel } from '../../src/adapters/channels/chat-api/chat-api.channel.ts';
import { createSipChannel } from '../../src/adapters/channels/sip/sip.channel.ts';
import { callNotReached } from '../../src/adapters/channels/sip/sip.outcome.ts';
import type { InviteResult } from '../../src/adapters/channels/sip/sip-call.ts';
import { isNotReached } from '../../src/domain/reach.ts';
import { browserProbe, deskPageOptions, evidenceDir } from '../adapters/channels/browser-chat/support.ts';
import { chatProbe, closedPort } from '../adapters/channels/chat-api/support.ts';
import { sipProbe } from '../adapters/channels/sip/support.ts';
import { CHROMIUM_PATH, chromiumMissing } from '../support/chromium.ts';
import { memoryLog, probeContext } from '../support/probe-kit.ts';
import { freeSipPort } from '../support/sipp.ts';

// Each channel marks, in a typed way (`evidence.details.notReached`), an attempt that got no word from the service
// (nothing listening), and never one the service refused itself (HTTP 503): src/domain/reach.ts. Outcomes only.

const httpOptions = {
  transport: 'http',
  message: 'Hello?',
  send: { text: '{message}' },
  http: { send: { path: '/send' }, poll: { path: '/poll', intervalMs: 5 } },
  receive: { messagesPath: '$.messages[*]', textPath: '$.text' },
  waitForHuman: false,
};
const wsOptions = { transport: 'websocket', message: 'Hello?', receive: { textPath: '$.text' }, waitForHuman: false };

let refusing: Server;
let refusingUrl: string;
beforeAll(async () => {
  refusing = createServer((req, res) => {
    req.resume();
    res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service unavailable</h1>');
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
});
afterAll(async () => {
  refusing.closeAllConnections();
  await new Promise<void>((resolve) => refusing.close(() => resolve()));
});

describe('chat-api: could not connect versus refused by the service', () => {
  const channel = createChatApiChannel({ log: memoryLog() });

  it.each([
    ['http', (port: number) => `http://127.0.0.1:${port}`, httpOptions],
    ['websocket', (port: number) => `ws://127.0.0.1:${port}/chat`, wsOptions],
  ] as const)('over %s, nothing listening is rejected and marked not reached', async (_name, target, options) => {
    const observation = await channel.run(chatProbe(target(await closedPort()), options), probeContext());
    expect([observation.outcome, isNotReached(observation)]).toEqual(['rejected', true]);
  });

  it.each([
    ['http', () => refusingUrl, httpOptions],
    ['websocket', () => refusingUrl.replace('http', 'ws'), wsOptions],
  ] as const)('over %s, an HTTP 503 is rejected by the service: not marked', async (_name, target, options) => {
    const observation = await channel.run(chatProbe(target(), options), probeContext());
    expect([observation.outcome, isNotReached(observation)]).toEqual(['rejected', false]);
  });
});

describe('sip: no SIP response at all versus a SIP status', () => {
  it('a TCP port nothing listens on is rejected and marked not reached', async () => {
    const channel = createSipChannel({ log: memoryLog() });
    const target = `sip:hotline@127.0.0.1:${await freeSipPort()};transport=tcp`;
    const observation = await channel.run(sipProbe(target, { human: { wait: false } }), probeContext());
    await channel.close();
    expect([observation.outcome, isNotReached(observation)]).toEqual(['rejected', true]);
  });

  it('a UDP line silent until the time-out is unanswered and marked not reached', async () => {
    const channel = createSipChannel({ log: memoryLog() });
    const target = `sip:hotline@127.0.0.1:${await freeSipPort()}`;
    const observation = await channel.run(sipProbe(target, { human: { wait: false } }, 1_000), probeContext());
    await channel.close();
    expect([observation.outcome, isNotReached(observation)]).toEqual(['unanswered', true]);
  });

  const ok = { status: 486, reason: 'Busy Here' } as unknown as InviteResult;
  it.each<[string, InviteResult, number, boolean]>([
    ['no response within Timer B', { kind: 'no-response', timerBMs: 32_000 }, 0, true],
    ['connection refused', { kind: 'transport-error', error: new Error('ECONNREFUSED') }, 0, true],
    [
      '486 Busy Here',
      { kind: 'failed', status: 486, reason: 'Busy Here', response: ok as never, authenticated: false },
      1,
      false,
    ],
    ['100 Trying then silence', { kind: 'transport-error', error: new Error('aborted') }, 1, false],
    ['rang, then cancelled', { kind: 'cancelled', status: 487 }, 2, false],
  ])('%s: not reached %s', (_name, invite, responses, notReached) => {
    expect(callNotReached(invite, responses)).toBe(notReached);
  });
});

describe.skipIf(chromiumMissing() !== undefined)('browser-chat: a page nothing serves versus an HTTP error', () => {
  const channel = createBrowserChatChannel({
    log: memoryLog(),
    evidenceDir: evidenceDir(),
    browser: { executablePath: CHROMIUM_PATH },
  });
  afterAll(() => channel.close());

  it('nothing listening is rejected and marked not reached; an HTTP 503 page is not marked', async () => {
    const closed = await channel.run(
      browserProbe(`http://127.0.0.1:${await closedPort()}/`, deskPageOptions()),
      probeContext(),
    );
    const refused = await channel.run(browserProbe(`${refusingUrl}/`, deskPageOptions()), probeContext());
    expect([closed.outcome, isNotReached(closed)]).toEqual(['rejected', true]);
    expect([refused.outcome, isNotReached(refused)]).toEqual(['rejected', false]);
  }, 60_000);
});
