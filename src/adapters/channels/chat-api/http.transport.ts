import { parseJsonPath, selectFirst } from '../../../domain/json-path.ts';
import { renderJson, renderText, type JsonValue } from './chat-template.ts';
import { describeError, isPeerError, type ChatTransportContext } from './chat-transport.ts';
import type { ChatApiOptions } from './chat-api.options.ts';
import { BodyTooLarge, HttpClient, type HttpReply } from './http-client.ts';
import { sampleOf } from './message-reader.ts';

type HttpOptions = NonNullable<ChatApiOptions['http']>;
type Step = 'start' | 'send' | 'poll' | 'end';

interface Reply extends HttpReply {
  readonly body: unknown;
}

/** Builds a request URL: a full http(s) URL as it is, anything else appended to the probe's target. */
export function requestUrl(target: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${target.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
}

/**
 * Chat over HTTP: optionally create a conversation, POST the message, then poll for replies, starting a poll every
 * `intervalMs` (or as soon as the previous one returns, when it took longer). A reply is timed when the poll
 * response that first carries it arrives, so it is late by up to one poll period plus one request.
 */
export async function converseOverHttp(context: ChatTransportContext): Promise<void> {
  const { recorder, reader, vars, clock, signal, options } = context;
  const http = options.http as HttpOptions;
  const client = new HttpClient(clock);
  const statuses: { step: Step; status: number }[] = [];
  recorder.detail('httpStatuses', statuses);

  const call = async (
    step: Step,
    method: string,
    path: string,
    body?: JsonValue,
    stop = signal,
  ): Promise<Reply | undefined> => {
    const url = requestUrl(context.target, renderText(path, vars, encodeURIComponent));
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let reply: HttpReply;
    try {
      const request = { method, url, headers, signal: stop, maxBodyBytes: options.limits.bodyBytes };
      reply = await client.request({ ...request, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
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
    const id = selectFirst(parseJsonPath(path), reply.body);
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

  const converse = async (): Promise<void> => {
    if (http.start !== undefined) {
      const startBody = http.start.body === undefined ? undefined : renderJson(http.start.body as JsonValue, vars);
      const reply = await call('start', http.start.method, http.start.path, startBody);
      if (reply === undefined) return;
      if (reply.status >= 400) return refusedBy('start', reply);
      if (!takeConversationId('start', http.start.conversationIdPath, reply)) return;
      recorder.connected(reply.at);
    }
    const body = renderJson(options.send as JsonValue, vars);
    recorder.sending(context.message);
    const sent = await call('send', http.send.method, http.send.path, body);
    if (sent === undefined) return;
    if (sent.status >= 400) return refusedBy('send', sent);
    if (!takeConversationId('send', http.send.conversationIdPath, sent)) return;
    await poll();
  };

  const incremental = http.poll.path.includes('{after}');
  let seen = 0;
  let polls = 0;
  const poll = async (): Promise<void> => {
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
        recorder.receiveItems(fresh, reply.at);
      }
      if (recorder.isOver) return;
      const wait = pollStart + http.poll.intervalMs - clock.monotonic();
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
    const timer = clock.sleep(2_000, grace.signal).then(
      () => grace.abort(),
      () => undefined,
    );
    try {
      const body = end.body === undefined ? undefined : renderJson(end.body as JsonValue, vars);
      await call('end', end.method, end.path, body, grace.signal);
    } catch (error) {
      recorder.detail('endError', describeError(error));
    } finally {
      grace.abort();
      await timer;
    }
  }
}
