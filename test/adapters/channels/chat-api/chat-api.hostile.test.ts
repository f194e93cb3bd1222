import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createChatApiChannel } from '../../../../src/adapters/channels/chat-api/chat-api.channel.ts';
import { boundObservation, DEFAULT_EVIDENCE_LIMITS } from '../../../../src/domain/evidence-limits.ts';
import type { Observation } from '../../../../src/domain/observation.ts';
import { chatProbe, memoryLog, probeContext } from './support.ts';

// Hostile peers on loopback: each attempt must end (not at its time-out: it is long here), keep memory bounded (the
// peer stops being read), and record what was cut. Outcomes and counts only; no durations are asserted.

const channel = createChatApiChannel({ log: memoryLog() });
const MB = 1_048_576;
const TIMEOUT_MS = 60_000;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A loopback HTTP back end: POST /send accepts the message, GET /poll answers with `poll`. */
async function httpPeer(
  poll: (res: ServerResponse, req: IncomingMessage) => void,
): Promise<{ url: string; closedEarly: Promise<void> }> {
  let pollClosedEarly = (): void => undefined;
  const closedEarly = new Promise<void>((resolve) => {
    pollClosedEarly = resolve;
  });
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST') {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res.on('close', () => {
      if (!res.writableFinished) pollClosedEarly();
    });
    poll(res, req);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, closedEarly };
}

/** A loopback WebSocket back end that does `onMessage` when the probe's message arrives. */
async function wsPeer(onMessage: (socket: WebSocket) => void): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (socket) => socket.once('message', () => onMessage(socket)));
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  );
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;
}

const httpOptions = (extra: Record<string, unknown> = {}) => ({
  transport: 'http',
  message: 'Hello?',
  send: { text: '{message}' },
  http: { send: { path: '/send' }, poll: { path: '/poll', intervalMs: 5 } },
  receive: { messagesPath: '$.messages[*]', textPath: '$.text' },
  waitForHuman: false,
  ...extra,
});

const wsOptions = (extra: Record<string, unknown> = {}) => ({
  transport: 'websocket',
  message: 'Hello?',
  receive: { textPath: '$.text' },
  waitForHuman: false,
  ...extra,
});

/** What would be stored: the one place evidence is bounded. */
const stored = (observation: Observation): Observation => boundObservation(observation);
const sizeOf = (observation: Observation): number => JSON.stringify(observation).length;

describe('chat-api channel against hostile peers', () => {
  it('over http stops reading an endless poll body at options.limits.bodyBytes: inconclusive, the cut recorded', async () => {
    const peer = await httpPeer((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"messages":[{"text":"');
      const chunk = 'x'.repeat(64 * 1024);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const observation = stored(
      await channel.run(
        chatProbe(peer.url, httpOptions({ limits: { bodyBytes: 256 * 1024 } }), TIMEOUT_MS),
        probeContext(),
      ),
    );

    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toBe(
      'the poll response was larger than 262144 bytes (options.limits.bodyBytes): Kept stopped reading it and could not read its messages',
    );
    expect(observation.evidence.truncated).toEqual([
      { what: 'chat-api response body', unit: 'bytes', limit: 262_144, seen: expect.any(Number) },
    ]);
    expect(observation.evidence.truncated?.[0]?.seen).toBeGreaterThan(262_144);
    // The probe dropped the connection instead of reading on (the test times out if it never does).
    await peer.closedEarly;
  });

  it('over http refuses a body whose content-length is over the limit without reading it', async () => {
    const peer = await httpPeer((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * MB) });
      res.write('{"messages":[');
    });
    const observation = stored(
      await channel.run(chatProbe(peer.url, httpOptions({ limits: { bodyBytes: 1_024 } }), TIMEOUT_MS), probeContext()),
    );

    expect(observation.outcome).toBe('inconclusive');
    expect(observation.evidence.truncated).toEqual([
      { what: 'chat-api response body', unit: 'bytes', limit: 1_024, seen: 64 * MB },
    ]);
  });

  it('over http a 10 MB message is still a reply: answered, its text cut to 64 KiB with a marker and the cut recorded', async () => {
    const text = 'y'.repeat(10 * MB);
    const peer = await httpPeer((res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages: [{ text }] }));
    });
    const observation = stored(await channel.run(chatProbe(peer.url, httpOptions(), TIMEOUT_MS), probeContext()));

    expect(observation.outcome).toBe('answered');
    expect(observation.timings.firstResponseMs).toBeGreaterThanOrEqual(0);
    const reply = observation.evidence.transcript?.find((line) => line.from === 'bot');
    expect(reply?.text).toBe(`${'y'.repeat(65_536)}… [cut: ${10 * MB} characters, 65536 kept]`);
    expect(observation.evidence.truncated).toEqual([
      { what: 'evidence.transcript.text', unit: 'characters', limit: 65_536, seen: 10 * MB },
    ]);
    expect(sizeOf(observation)).toBeLessThanOrEqual(DEFAULT_EVIDENCE_LIMITS.observationChars);
  });

  it('over websocket ends an endless message at options.limits.bodyBytes (ws maxPayload): inconclusive, the cut recorded', async () => {
    const url = await wsPeer((socket) => {
      const chunk = Buffer.alloc(64 * 1024, 0x7a);
      const pump = (): void => {
        if (socket.readyState !== socket.OPEN) return;
        socket.send(chunk, { fin: false, binary: false }, (error) => {
          if (error === undefined || error === null) setImmediate(pump);
        });
      };
      pump();
    });
    const observation = stored(
      await channel.run(chatProbe(url, wsOptions({ limits: { bodyBytes: 256 * 1024 } }), TIMEOUT_MS), probeContext()),
    );

    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toBe(
      'the service sent a WebSocket message larger than 262144 bytes (options.limits.bodyBytes): Kept stopped reading it and could not read it',
    );
    expect(observation.evidence.truncated).toEqual([
      { what: 'chat-api websocket message', unit: 'bytes', limit: 262_144, seen: expect.any(Number) },
    ]);
    expect(observation.evidence.truncated?.[0]?.seen).toBeGreaterThan(262_144);
  });

  it('over websocket a 10 MB message is answered with its text cut', async () => {
    const url = await wsPeer((socket) => socket.send(JSON.stringify({ text: 'w'.repeat(10 * MB) })));
    const observation = stored(await channel.run(chatProbe(url, wsOptions(), TIMEOUT_MS), probeContext()));

    expect(observation.outcome).toBe('answered');
    expect(observation.evidence.transcript?.[1]?.text.length).toBeLessThan(65_536 + 60);
    expect(observation.evidence.truncated).toEqual([
      { what: 'evidence.transcript.text', unit: 'characters', limit: 65_536, seen: 10 * MB },
    ]);
  });

  it('over websocket keeps options.limits.messages of a never-ending stream of messages, and counts the rest', async () => {
    const url = await wsPeer((socket) => {
      for (let i = 0; i < 300; i += 1) socket.send(JSON.stringify({ text: `bot message ${i}`, from: 'bot' }));
      socket.send(JSON.stringify({ text: 'a person', from: 'agent' }));
    });
    const options = wsOptions({
      waitForHuman: true,
      human: [{ path: '$.from', equals: 'agent' }],
      limits: { messages: 20 },
    });
    const observation = stored(await channel.run(chatProbe(url, options, TIMEOUT_MS), probeContext()));

    expect(observation.outcome).toBe('answered');
    expect(observation.humanReached).toBe(true);
    expect(observation.evidence.transcript).toHaveLength(20);
    expect(observation.evidence.truncated).toEqual([
      { what: 'chat-api transcript', unit: 'messages', limit: 20, seen: 301 },
    ]);
  });
});
