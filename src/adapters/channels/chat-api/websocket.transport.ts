import WebSocket from 'ws';
import { parseJsonPath, selectFirst } from '../../../domain/json-path.ts';
import { NOT_REACHED_DETAIL } from '../../../domain/reach.ts';
import { renderJson, type JsonValue } from './chat-template.ts';
import {
  describeError,
  errorCode,
  isConnectFailure,
  isPeerError,
  type ChatTransportContext,
} from './chat-transport.ts';
import { sampleOf } from './message-reader.ts';

/** How long (compressed-clock ms) to wait for the peer's close handshake before dropping the socket. */
const CLOSE_GRACE_MS = 1_000;

function frameText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/**
 * Chat over a WebSocket: open `target`, send the optional hello frame, wait for the optional ready frame, send the
 * message frame, and read every frame that arrives. Each frame is timed with the clock as the first thing its
 * handler does, so the measurement error is the event-loop delay (CHANNELS.md: +1..3 ms with a plain ws client).
 */
export async function converseOverWebSocket(context: ChatTransportContext): Promise<void> {
  const { options, recorder, reader, vars, clock } = context;
  const settings = options.websocket ?? {};
  const conversationIdPath =
    settings.conversationIdPath === undefined ? undefined : parseJsonPath(settings.conversationIdPath);
  let ready = settings.ready === undefined;
  let frames = 0;
  // maxPayload: a longer message (or an endless fragmented one) makes ws close the socket (1009) instead of buffering it.
  const limit = options.limits.bodyBytes;
  const socket = new WebSocket(context.target, {
    headers: options.headers,
    perMessageDeflate: false,
    maxPayload: limit,
  });
  let connection: { readonly bytesRead: number } | undefined;
  socket.on('upgrade', (response) => {
    connection = response.socket;
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

  const sendJson = (frame: JsonValue, onSent?: () => void): void => {
    onSent?.();
    socket.send(JSON.stringify(frame), (error) => {
      if (error !== undefined && error !== null && !recorder.isOver) {
        recorder.end({
          kind: isPeerError(error) ? 'closed' : 'ours',
          reason: `sending failed: ${describeError(error)}`,
        });
      }
    });
  };
  const sendMessage = (): void => {
    const frame = renderJson(options.send as JsonValue, vars);
    sendJson(frame, () => recorder.sending(context.message));
  };
  const guard = (step: () => void): void => {
    try {
      step();
    } catch (error) {
      recorder.end({ kind: 'ours', reason: describeError(error) });
    }
  };

  socket.on('unexpected-response', (request, response) => {
    recorder.detail('httpStatus', response.statusCode);
    recorder.end({ kind: 'refused', reason: `the WebSocket upgrade was refused with HTTP ${response.statusCode}` });
    response.resume();
    request.destroy();
  });
  socket.on('error', (error) => {
    if (errorCode(error) === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      recorder.truncated({
        what: 'chat-api websocket message',
        unit: 'bytes',
        limit,
        seen: Math.max(limit + 1, connection?.bytesRead ?? 0),
      });
      recorder.end({
        kind: 'ours',
        reason: `the service sent a WebSocket message larger than ${limit} bytes (options.limits.bodyBytes): Kept stopped reading it and could not read it`,
      });
      return;
    }
    recorder.detail('socketError', describeError(error));
    const peer = isPeerError(error);
    const kind = peer ? (socket.readyState === WebSocket.CONNECTING ? 'refused' : 'closed') : 'ours';
    if (connection === undefined && isConnectFailure(error)) recorder.detail(NOT_REACHED_DETAIL, true);
    recorder.end({
      kind,
      reason: peer ? `the connection failed: ${describeError(error)}` : `our socket failed: ${describeError(error)}`,
    });
  });
  socket.on('close', (code, reason) => {
    recorder.detail('closeCode', code);
    if (reason.length > 0) recorder.detail('closeReason', reason.toString('utf8'));
    const why = reason.length > 0 ? `: ${reason.toString('utf8')}` : '';
    recorder.end({ kind: 'closed', reason: `the service closed the WebSocket (code ${code}${why})` });
  });
  socket.on('open', () =>
    guard(() => {
      if (ready) recorder.connected();
      if (settings.hello !== undefined) sendJson(renderJson(settings.hello as JsonValue, vars));
      if (ready) sendMessage();
    }),
  );
  socket.on('message', (data) => {
    const at = clock.monotonic();
    frames += 1;
    const text = frameText(data);
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      recorder.unreadableFrame(sampleOf(text));
      return;
    }
    if (ready) {
      recorder.receiveItems(reader.items(frame), at);
      return;
    }
    if (!reader.isReady(frame)) return;
    ready = true;
    guard(() => {
      recorder.connected(at);
      if (conversationIdPath !== undefined) {
        const id = selectFirst(conversationIdPath, frame);
        if (typeof id === 'string' || typeof id === 'number') vars.conversationId = String(id);
      }
      sendMessage();
    });
  });

  await recorder.ended;
  recorder.detail('frames', frames);
  if (vars.conversationId !== undefined) recorder.detail('conversationId', vars.conversationId);
  if (socket.readyState === WebSocket.OPEN) {
    socket.close(1000, 'probe done');
    const grace = new AbortController();
    await Promise.race([closed, clock.sleep(CLOSE_GRACE_MS, grace.signal).catch(() => undefined)]);
    grace.abort();
  }
  if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
}
