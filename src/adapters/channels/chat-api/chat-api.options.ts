import { z } from 'zod';
import { parseJsonPath } from '../../../domain/json-path.ts';
import { jsonPlaceholdersOf, placeholdersOf, type JsonValue } from './chat-template.ts';

/** Placeholders each kind of template may use. */
export const MESSAGE_VARS = ['runId', 'probeId', 'persona'] as const;
export const FRAME_VARS = [...MESSAGE_VARS, 'message', 'conversationId'] as const;
/** Poll cursors: `{after}` a count, `{cursor}` the server's next cursor, `{lastId}` / `{lastTimestamp}` of the last message. */
export const CURSOR_VARS = ['after', 'cursor', 'lastId', 'lastTimestamp'] as const;
export const PATH_VARS = [...FRAME_VARS, ...CURSOR_VARS] as const;

function checkPlaceholders(names: string[], allowed: readonly string[], ctx: z.RefinementCtx): void {
  for (const name of names) {
    if (!allowed.includes(name)) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown placeholder {${name}}; use one of ${allowed.map((n) => `{${n}}`).join(' ')}`,
      });
    }
  }
}

const jsonPath = z
  .string()
  .superRefine((value, ctx) => {
    try {
      parseJsonPath(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  })
  .describe("a JSON path: $, .key, ['key'], [n], [*]");

const jsonTemplate = (allowed: readonly string[]) =>
  z.json().superRefine((value, ctx) => checkPlaceholders(jsonPlaceholdersOf(value as JsonValue), allowed, ctx));

const pathTemplate = z
  .string()
  .min(1)
  .superRefine((value, ctx) => checkPlaceholders(placeholdersOf(value), PATH_VARS, ctx))
  .describe(
    'URL path appended to probe.target (or a full http(s) URL); {conversationId} {runId} and in polls {after} {cursor} {lastId} {lastTimestamp} are filled in',
  );

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const MARKER_OPS = ['equals', 'notEquals', 'matches', 'exists'] as const;

const marker = z
  .strictObject({
    path: jsonPath.describe('where to look, relative to one message (or to the frame, for websocket.ready)'),
    equals: scalar.optional().describe('matches when a selected value equals this'),
    notEquals: scalar.optional().describe('matches when no selected value equals this (also when nothing is there)'),
    matches: z
      .string()
      .superRefine((value, ctx) => {
        try {
          new RegExp(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(error as Error).message}` });
        }
      })
      .optional()
      .describe('matches when a selected string or number matches this regular expression'),
    exists: z.boolean().optional().describe('true: something is at the path; false: nothing is'),
  })
  .refine((m) => MARKER_OPS.filter((op) => Object.hasOwn(m, op)).length === 1, {
    message: `a marker needs exactly one of ${MARKER_OPS.join(', ')}`,
  })
  .describe('a test on one message: { path, equals | notEquals | matches | exists }');

const markers = z.array(marker);

const request = (defaultMethod: 'POST' | 'DELETE') =>
  z.strictObject({
    path: pathTemplate,
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default(defaultMethod).describe('HTTP method'),
    conversationIdPath: jsonPath.optional().describe('where the conversation id is in the response body'),
  });
const requestWithBody = (defaultMethod: 'POST' | 'DELETE') =>
  request(defaultMethod).extend({
    body: jsonTemplate(FRAME_VARS).optional().describe('JSON template of the request body'),
  });

/**
 * Poll schedule defaults: every 4 ms right after the send, growing to 1% of the wait, at most every 2 s. Timing error
 * at most max(4 ms, 1% of the wait) plus one request; about 100 polls in the first 0.4 s, 600 in a minute.
 */
export const POLL_DEFAULTS = { intervalMs: 3, backoff: 0.005, maxIntervalMs: 2_000 } as const;

/** Defaults of `options.limits`: a peer controls the size of what it sends, not Kept's memory (docs/observation-json.md). */
export const CHAT_LIMITS = { bodyBytes: 16 * 1_048_576, messageChars: 65_536, messages: 1_000 } as const;

const schema = z
  .strictObject({
    transport: z
      .enum(['websocket', 'http'])
      .describe('websocket: probe.target is a ws:// or wss:// URL; http: a base URL'),
    message: z
      .string()
      .min(1)
      .superRefine((value, ctx) => checkPlaceholders(placeholdersOf(value), MESSAGE_VARS, ctx))
      .describe('what the customer writes; {runId} {probeId} {persona} are filled in, {{ and }} are literal braces'),
    persona: z.string().min(1).default('Sam Taylor').describe('the customer name the probe plays'),
    send: jsonTemplate(FRAME_VARS)
      .default({ type: 'message', text: '{message}' })
      .describe('JSON template of the outgoing frame (websocket) or POST body (http); placeholders in string values'),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .describe('extra headers on the WebSocket upgrade or on every HTTP request'),
    websocket: z
      .strictObject({
        hello: jsonTemplate(FRAME_VARS).optional().describe('a frame sent as soon as the socket opens'),
        ready: markers.optional().describe('wait for a frame matching any of these before sending the message'),
        conversationIdPath: jsonPath.optional().describe('where the conversation id is in the ready frame'),
      })
      .optional()
      .describe('transport websocket only: a frame sent when the socket opens, and frames awaited before the message'),
    http: z
      .strictObject({
        start: requestWithBody('POST')
          .optional()
          .describe('a request creating the conversation (its end is connectMs)'),
        send: request('POST')
          .extend({
            readReplies: z
              .boolean()
              .default(false)
              .describe(
                'the send response may already hold replies: read it with receive.messagesPath like a poll response (and poll only if what the probe waits for is not there)',
              ),
            messageIdPath: jsonPath
              .optional()
              .describe(
                "where the id the service gave the customer's message is in the send response; a message with that id is Kept's own and never a reply",
              ),
          })
          .describe('the request carrying the message; its body is the `send` template'),
        poll: z
          .strictObject({
            path: pathTemplate.describe(
              'GET path. With a cursor placeholder ({after}: messages read so far; {cursor}: the value at nextCursorPath of the last response; {lastId}, {lastTimestamp}: of the last message read) the response is taken to hold only newer messages; without one, the whole conversation',
            ),
            intervalMs: z
              .number()
              .int()
              .min(1)
              .max(60_000)
              .default(POLL_DEFAULTS.intervalMs)
              .describe('the shortest pause between poll starts, right after the message is sent'),
            backoff: z
              .number()
              .min(0)
              .max(1)
              .default(POLL_DEFAULTS.backoff)
              .describe(
                'the pause grows to this fraction of the time waited since the send (0.01: 10 ms after 1 s), so the timing error stays this fraction of the wait; 0 polls every intervalMs',
              ),
            maxIntervalMs: z
              .number()
              .int()
              .min(1)
              .max(600_000)
              .default(POLL_DEFAULTS.maxIntervalMs)
              .describe('the longest pause between poll starts (bounds the timing error of a late reply)'),
            nextCursorPath: jsonPath
              .optional()
              .describe(
                'where a response (start, send or poll) holds the cursor for the next poll, filled in as {cursor}; empty until one is seen',
              ),
          })
          .describe('the request fetching replies; a long-poll that answers when a message arrives works as it is'),
        end: requestWithBody('DELETE').optional().describe('a request closing the conversation when the probe is done'),
      })
      .optional()
      .describe('transport http (required): the requests that start the conversation, send, poll for replies, end it'),
    receive: z
      .strictObject({
        messagesPath: jsonPath
          .default('$')
          .describe('where the messages are in a frame or poll response, e.g. $.messages[*]'),
        textPath: jsonPath.default('$.text').describe('the text of one message'),
        senderPath: jsonPath
          .optional()
          .describe("the sender's role or kind; the values seen are listed in the evidence"),
        senderNamePath: jsonPath.optional().describe('the sender name shown to the customer'),
        idPath: jsonPath
          .optional()
          .describe('a message id; messages seen before are skipped, and the last one is {lastId} in the poll path'),
        timestampPath: jsonPath
          .optional()
          .describe("a message's time as the service writes it, the last one read is {lastTimestamp} in the poll path"),
        ignore: markers.default([]).describe('messages to skip entirely: our own echo, typing indicators, receipts'),
      })
      .default({ messagesPath: '$', textPath: '$.text', ignore: [] })
      .describe(
        "how replies are read from a frame or poll response: where the messages are, each one's text, sender, id, time",
      ),
    human: markers.default([]).describe('a response is from a human when any of these matches'),
    bot: markers
      .optional()
      .describe('a response is from a bot when any matches; without it every non-human response is'),
    system: markers
      .default([])
      .describe('notices (queue position, "agent joined") kept in the transcript, not counted as responses'),
    closed: markers.default([]).describe('messages meaning the service ended the conversation'),
    waitForHuman: z
      .boolean()
      .default(true)
      .describe('after a bot response, keep waiting for a human until the time-out'),
    limits: z
      .strictObject({
        bodyBytes: z
          .number()
          .int()
          .min(1_024)
          .max(268_435_456)
          .default(CHAT_LIMITS.bodyBytes)
          .describe(
            'bytes read of one HTTP response or WebSocket message; past it the attempt ends inconclusive, the cut recorded',
          ),
        messageChars: z
          .number()
          .int()
          .min(100)
          .max(1_048_576)
          .default(CHAT_LIMITS.messageChars)
          .describe('characters kept of one message text (cut with a marker; the message still counts)'),
        messages: z
          .number()
          .int()
          .min(10)
          .max(100_000)
          .default(CHAT_LIMITS.messages)
          .describe('messages kept in the transcript; later ones still count but are not kept'),
      })
      .default(CHAT_LIMITS)
      .describe('how much of what the service sends is read and kept; every cut is recorded in evidence.truncated'),
  })
  .superRefine((options, ctx) => {
    if (options.transport === 'http' && options.http === undefined) {
      ctx.addIssue({ code: 'custom', path: ['http'], message: 'transport http needs http.send and http.poll' });
    }
    if (options.transport === 'websocket' && options.http !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['http'], message: 'http options are for transport http' });
    }
    if (options.transport === 'http' && options.websocket !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['websocket'], message: 'websocket options are for transport websocket' });
    }
    const pollPath = options.http?.poll.path ?? '';
    const uses = (name: string): boolean => placeholdersOf(pollPath).includes(name);
    if (uses('cursor') && options.http?.poll.nextCursorPath === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['http', 'poll', 'nextCursorPath'],
        message: '{cursor} in http.poll.path needs http.poll.nextCursorPath: where the response holds the next cursor',
      });
    }
    if (uses('lastId') && options.receive.idPath === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['receive', 'idPath'],
        message: '{lastId} in http.poll.path needs receive.idPath: where a message holds its id',
      });
    }
    if (uses('lastTimestamp') && options.receive.timestampPath === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['receive', 'timestampPath'],
        message: '{lastTimestamp} in http.poll.path needs receive.timestampPath: where a message holds its time',
      });
    }
    if (options.waitForHuman && options.human.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['human'], message: 'waitForHuman needs at least one human marker' });
    }
  })
  .describe('chat-api probe options');

export type ChatApiOptions = z.output<typeof schema>;
export type Marker = ChatApiOptions['human'][number];

/** Validates `probe.options` of a chat-api probe; the catalogue loader reports its issues with file and line. */
export const chatApiOptionsSchema: z.ZodType<ChatApiOptions> = schema;
