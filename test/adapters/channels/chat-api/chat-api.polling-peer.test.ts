import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseCatalogue } from '../../../../src/adapters/catalogue/catalogue.loader.ts';
import { formatDiagnostic } from '../../../../src/adapters/catalogue/diagnostic.ts';
import {
  chatApiOptionsSchema,
  createChatApiChannel,
} from '../../../../src/adapters/channels/chat-api/chat-api.channel.ts';
import type { ProbeKind } from '../../../../src/domain/channel.ts';
import { chatProbe, memoryLog, probeContext } from './support.ts';
import { pollingPeerOptions, startPollingPeer, type PollingPeer } from './polling-peer.ts';

// Outcomes, order and what the peer saw; how close the timings are: chat-api.polling.timing.test.ts.
const channel = createChatApiChannel({ log: memoryLog() });
let peer: PollingPeer | undefined;
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
});

const CURSOR_POLL = '/v1/sessions/{conversationId}/items?cursor={cursor}';
const WHOLE_LOG_POLL = '/v1/sessions/{conversationId}/items';

/** A catalogue as a user writes it for this back end: nothing but YAML, a server-issued cursor in the poll path. */
const catalogue = (url: string): string => `version: kept/v1
service: { name: Parcel Co, timeZone: Europe/Berlin }
claims:
  - id: chat-staff-2m
    copy: "Chat with our staff: a person within 2 minutes"
    publishedAt: https://parcel.example/help
    owner: support
    channels: [chat]
    hours: { weekly: [{ days: mon-sun, from: "00:00", to: "24:00" }] }
    promise: { human: 2m }
    target: 95%
probes:
  - id: parcel-chat
    channel: chat-api
    target: ${url}
    schedule: { cron: "*/5 * * * *", timeout: 5s }
    verifies: [chat-staff-2m]
    options:
      transport: http
      message: "Hello, this is {persona}: my parcel never arrived (run {runId})."
      persona: Lee Customer
      send: { body: "{message}" }
      http:
        start: { path: /v1/sessions, conversationIdPath: $.session.token }
        send: { path: "/v1/sessions/{conversationId}/messages" }
        poll: { path: "${CURSOR_POLL}", nextCursorPath: $.next }
      receive:
        messagesPath: $.items[*]
        textPath: $.body
        idPath: $.uid
        senderPath: $.author.type
        senderNamePath: $.author.name
      human: [{ path: $.author.type, equals: staff }]
      bot: [{ path: $.author.type, equals: assistant }]
`;

const schemas = new Map<ProbeKind, z.ZodType>([['chat-api', chatApiOptionsSchema]]);

describe('chat-api over HTTP against a polling peer with a server-issued cursor', () => {
  it('is monitored from the catalogue alone: every poll hands back the cursor the server last issued', async () => {
    const server = await startPollingPeer({ delays: [{ botMs: 40, staffMs: 130 }], echo: 'same' });
    peer = server;
    const result = parseCatalogue([{ file: 'parcel.yaml', text: catalogue(server.url) }], {
      env: {},
      optionSchemas: schemas,
    });
    expect(result.ok ? [] : result.diagnostics.map(formatDiagnostic)).toEqual([]);
    if (!result.ok) return;
    const probe = result.catalogue.probes[0];
    if (probe === undefined) throw new Error('no probe loaded');

    const observation = await channel.run(probe, probeContext());

    expect(observation.outcome).toBe('answered');
    expect(observation.humanReached).toBe(true);
    expect(observation.evidence.transcript?.map(({ from, name }) => ({ from, name }))).toEqual([
      { from: 'customer', name: undefined },
      { from: 'bot', name: 'Bot' },
      { from: 'human', name: 'Lee' },
    ]);
    // The first poll has the cursor from the send response; each later one the cursor of the poll before it.
    expect(server.polls.length).toBeGreaterThan(1);
    expect(server.polls.every((poll) => poll.cursor !== '' && poll.cursor === poll.lastIssued)).toBe(true);
    // Nothing is fetched twice: of the three items (echo, bot, staff) the polls were served the two replies once
    // each; the echo is behind the cursor the send response gave.
    expect(server.itemCount()).toBe(3);
    expect(server.polls.reduce((sum, poll) => sum + poll.served, 0)).toBe(2);
  });

  it('rejects {cursor} in the poll path without nextCursorPath, naming what is missing', () => {
    const parsed = chatApiOptionsSchema.safeParse(pollingPeerOptions(CURSOR_POLL));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      [
        'http.poll.nextCursorPath',
        '{cursor} in http.poll.path needs http.poll.nextCursorPath: where the response holds the next cursor',
      ],
    ]);
  });
});

describe("chat-api never counts Kept's own message as a reply", () => {
  it('an echo with the same text and no ignore rule is not the first response', async () => {
    const server = await startPollingPeer({ delays: [{ botMs: 60, staffMs: 120 }], echo: 'same' });
    peer = server;
    const observation = await channel.run(chatProbe(server.url, pollingPeerOptions(WHOLE_LOG_POLL)), probeContext());

    expect(observation.outcome).toBe('answered');
    expect(observation.timings.firstResponseMs).toBe(observation.timings.autoReplyMs);
    expect(observation.evidence.transcript?.map((line) => line.from)).toEqual(['customer', 'bot', 'human']);
    expect(observation.evidence.details).toMatchObject({ ownEchoes: 1, senders: ['assistant', 'staff'] });
  });

  it('a service that only echoes the message leaves the attempt unanswered, even with no reply awaited', async () => {
    const server = await startPollingPeer({ delays: [{ botMs: null, staffMs: null }], echo: 'same' });
    peer = server;
    const options = pollingPeerOptions(WHOLE_LOG_POLL, { waitForHuman: false });
    const observation = await channel.run(chatProbe(server.url, options, 300), probeContext());

    expect(observation.outcome).toBe('unanswered');
    expect(observation.timings.firstResponseMs).toBeUndefined();
    expect(observation.evidence.details).toMatchObject({ ownEchoes: 1 });
  });

  it('an echo the service rewrote is recognised by the id it gave the message', async () => {
    const server = await startPollingPeer({ delays: [{ botMs: null, staffMs: 90 }], echo: 'rewritten' });
    peer = server;
    const options = pollingPeerOptions(WHOLE_LOG_POLL);
    const http = options.http as Record<string, Record<string, unknown>>;
    http.send = { ...http.send, messageIdPath: '$.accepted.uid' };
    const observation = await channel.run(chatProbe(server.url, options), probeContext());

    expect(observation.outcome).toBe('answered');
    expect(observation.timings.firstResponseMs).toBe(observation.timings.humanMs);
    expect(observation.evidence.transcript?.map((line) => line.from)).toEqual(['customer', 'human']);
    expect(observation.evidence.details).toMatchObject({ ownEchoes: 1 });
  });
});
