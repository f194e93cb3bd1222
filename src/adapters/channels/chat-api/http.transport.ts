import { parseJsonPath, selectFirst, type JsonPath } from '../../../domain/json-path.ts';
import { NOT_REACHED_DETAIL } from '../../../domain/reach.ts';
import { placeholdersOf, renderJson, renderText, type JsonValue } from './chat-template.ts';
import { CURSOR_VARS } from './chat-api.options.ts';
import { describeError, isConnectFailure, isPeerError, type ChatTransportContext } from './chat-transport.ts';
import type { ChatApiOptions } from './chat-api.options.ts';
import { BodyTooLarge, HttpClient, type HttpReply } from './http-client.ts';
import { sampleOf } from './message-reader.ts';
import { abortQuietly } from '../../../app/quiet-abort.ts';
import { startTimer } from '../../../app/clock-timer.ts';

type HttpOptions = NonNullable<ChatApiOptions['http']>;
type Step = 'start' | 'send' | 'poll' | 'end';

interface Reply extends HttpReply {
  readonly body: unknown;
}

/** Aborts the end request when its 2 s grace is over (our own reason: `abort()` builds a DOMException with a stack). */
const GRACE_OVER = Object.freeze({ name: 'GraceOver', message: 'the end request took too long' });

/** JSON paths of the options, parsed once per path text (an attempt would otherwise parse them again). */
const PATHS = new Map<string, JsonPath>();
function pathOf(text: string): JsonPath {
  let path = PATHS.get(text);
  if (path === undefined) {
    path = parseJsonPath(text);
    if (PATHS.size < 1_000) PATHS.set(text, path);
  }
  return path;
}

/** Whether a poll path carries a cursor (then each poll answers only what is new), by path text. */
const INCREMENTAL = new Map<string, boolean>();
function isIncremental(path: string): boolean {
  let known = INCREMENTAL.get(path);
  if (known === undefined) {
    known = CURSOR_VARS.some((name) => placeholdersOf(path).includes(name));
    if (INCREMENTAL.size < 1_000) INCREMENTAL.set(path, known);
  }
  return known;
}

/** Builds a request URL: a full http(s) URL as it is, anything else appended to the probe's target. */
export function requestUrl(target: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${target.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
}

/**
 * Chat over HTTP: optionally create a conversation, POST the message (reading replies in its response when
 * `send.readReplies`), then poll for replies: the first poll at once, the next `intervalMs` after a poll's start,
 * growing to `backoff` × the time since the send (at most `maxIntervalMs`), or as soon as the previous poll returns
 * when it took longer (a long-poll). A reply is timed when the response that first carries it arrives, so it is late by
 * up to one pause plus one request. Poll paths may carry cursors: `{after}` (a count), `{cursor}` (the server's),
 * `{lastId}`, `{lastTimestamp}` (empty until known).
 */
export async function converseOverHttp(context: ChatTransportContext): Promise<void> {
  const { recorder, reader, vars, clock, signal, options } = context;
  const http = options.http as HttpOptions;
  const client = new HttpClient(clock);
  for (const name of CURSOR_VARS) vars[name] = '';
  const statuses: { step: Step; status: number }[] = [];
  recorder.detail('httpStatuses', statuses);
  // One set of headers for the attempt (the client copies them before adding its own).
  const getHeaders: Record<string, string> = { accept: 'application/json', ...options.headers };
  const bodyHeaders: Record<string, string> = { ...getHeaders, 'content-type': 'application/json' };

  const call = async (
    step: Step,
    method: string,
    path: string,
    body?: JsonValue,
    stop = signal,
  ): Promise<Reply | undefined> => {
    const url = requestUrl(context.target, renderText(path, vars, encodeURIComponent));
    let reply: HttpReply;
    try {
      const maxBodyBytes = options.limits.bodyBytes;
      reply = await client.request(
        body === undefined
          ? { method, url, headers: getHeaders, signal: stop, maxBodyBytes }
          : { method, url, headers: bodyHeaders, body: JSON.stringify(body), signal: stop, maxBodyBytes },
      );
    } catch (error) {
      if (stop.aborted) return undefined;
      if (error instanceof BodyTooLarge) {
        recorder.truncated({ what: 'chat-api response body', unit: 'bytes', limit: error.limit, seen: error.seen });
        recorder.end({
          kind: 'ours',
          reason: `the ${step} response was larger than ${error.limit} bytes (options.limits.bodyBytes): Kept stopped reading it and could not read its messages`,
        });
        return undefined;
      }
      const peer = isPeerError(error);
      if (statuses.length === 0 && isConnectFailure(error)) recorder.detail(NOT_REACHED_DETAIL, true);
      recorder.end({
        kind: peer ? 'refused' : 'ours',
        reason: `${step} request ${peer ? 'failed' : 'could not be made'}: ${describeError(error)}`,
      });
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = reply.text === '' ? undefined : JSON.parse(reply.text);
    } catch {
      parsed = undefined;
    }
    if (step !== 'poll' || reply.status >= 400) statuses.push({ step, status: reply.status });
    return { ...reply, body: parsed };
  };

  const refusedBy = (step: Step, reply: Reply): void => {
    const gone = step === 'poll' && (reply.status === 404 || reply.status === 410);
    recorder.end({
      kind: gone ? 'closed' : 'refused',
      reason: gone
        ? `the conversation is gone (HTTP ${reply.status} on poll)`
        : `the ${step} request got HTTP ${reply.status}`,
    });
  };

  const takeConversationId = (step: Step, path: string | undefined, reply: Reply): boolean => {
    if (path === undefined) return true;
    const id = selectFirst(pathOf(path), reply.body);
    if (typeof id === 'string' || typeof id === 'number') {
      vars.conversationId = String(id);
      return true;
    }
    recorder.end({
      kind: 'ours',
      reason: `the ${step} response has no conversation id at ${path}: ${sampleOf(reply.text)}`,
    });
    return false;
  };

  const cursorPath = http.poll.nextCursorPath === undefined ? undefined : pathOf(http.poll.nextCursorPath);
  /** Takes the server's next cursor from any response that has one ({cursor} in the poll path). */
  const takeCursor = (reply: Reply): void => {
    if (cursorPath === undefined) return;
    const cursor = selectFirst(cursorPath, reply.body);
    if (typeof cursor === 'string' || typeof cursor === 'number') vars.cursor = String(cursor);
  };

  const converse = async (): Promise<void> => {
    if (http.start !== undefined) {
      const startBody = http.start.body === undefined ? undefined : renderJson(http.start.body as JsonValue, vars);
      const reply = await call('start', http.start.method, http.start.path, startBody);
      if (reply === undefined) return;
      if (reply.status >= 400) return refusedBy('start', reply);
      if (!takeConversationId('start', http.start.conversationIdPath, reply)) return;
      takeCursor(reply);
      recorder.connected(reply.at);
    }
    const body = renderJson(options.send as JsonValue, vars);
    recorder.sending(context.message);
    const sentAt = clock.monotonic();
    const sent = await call('send', http.send.method, http.send.path, body);
    if (sent === undefined) return;
    if (sent.status >= 400) return refusedBy('send', sent);
    if (!takeConversationId('send', http.send.conversationIdPath, sent)) return;
    takeCursor(sent);
    if (http.send.messageIdPath !== undefined) {
      const id = selectFirst(pathOf(http.send.messageIdPath), sent.body);
      if (typeof id === 'string' || typeof id === 'number') reader.own({ id: String(id) });
    } else if (!http.send.readReplies && sent.body !== undefined) {
      // The send response describes the message just sent: an id there (at receive.idPath) is ours.
      const id = reader.idOf(sent.body);
      if (id !== undefined) reader.own({ id });
    }
    if (http.send.readReplies && sent.body !== undefined) {
      // Only readable messages: a send response that is an acknowledgement ({ ok: true }) is not a frame we failed
      // to read.
      const items = reader.items(sent.body).filter((item) => reader.isMessage(item));
      noteCursors(items);
      recorder.receiveItems(items, sent.at);
      if (recorder.isOver) return;
    }
    await poll(sentAt);
  };

  /** Cursors taken from what was read: the last message's id and time ({lastId}, {lastTimestamp}). */
  const noteCursors = (items: readonly unknown[]): void => {
    for (const item of items) {
      const id = reader.idOf(item);
      if (id !== undefined) vars.lastId = id;
      const time = reader.timestampOf(item);
      if (time !== undefined) vars.lastTimestamp = time;
    }
  };

  const incremental = isIncremental(http.poll.path);
  const { intervalMs, backoff } = http.poll;
  const maxIntervalMs = Math.max(intervalMs, http.poll.maxIntervalMs);
  let seen = 0;
  let polls = 0;
  const poll = async (sentAt: number): Promise<void> => {
    while (!recorder.isOver) {
      const pollStart = clock.monotonic();
      vars.after = String(seen);
      const reply = await call('poll', 'GET', http.poll.path);
      polls += 1;
      if (reply === undefined) return;
      if (reply.status >= 400) return refusedBy('poll', reply);
      if (reply.body === undefined) {
        recorder.unreadableFrame(sampleOf(reply.text));
      } else {
        const items = reader.items(reply.body);
        const fresh = incremental ? items : items.slice(seen);
        seen += fresh.length;
        takeCursor(reply);
        noteCursors(fresh);
        recorder.receiveItems(fresh, reply.at);
      }
      if (recorder.isOver) return;
      // Fast right after the send, then a pause that grows with the wait: the error stays a fraction of it.
      const pause = Math.min(maxIntervalMs, Math.max(intervalMs, backoff * (pollStart - sentAt)));
      const wait = pollStart + pause - clock.monotonic();
      if (wait > 0) await clock.sleep(wait, signal).catch(() => undefined);
    }
  };

  try {
    await converse();
  } catch (error) {
    recorder.end({ kind: 'ours', reason: describeError(error) });
  }
  await recorder.ended;
  recorder.detail('polls', polls);
  if (vars.conversationId !== undefined) recorder.detail('conversationId', vars.conversationId);
  if (http.end !== undefined && vars.conversationId !== undefined) await closeConversation(http.end);
  client.close();

  async function closeConversation(end: NonNullable<HttpOptions['end']>): Promise<void> {
    const grace = new AbortController();
    const cancelGrace = startTimer(clock, 2_000, () => abortQuietly(grace, GRACE_OVER));
    try {
      const body = end.body === undefined ? undefined : renderJson(end.body as JsonValue, vars);
      await call('end', end.method, end.path, body, grace.signal);
    } catch (error) {
      recorder.detail('endError', describeError(error));
    } finally {
      cancelGrace();
    }
  }
}
