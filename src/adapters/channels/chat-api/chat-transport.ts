import type { Clock } from '../../../app/ports.ts';
import { redactUrls } from '../../../domain/redact-url.ts';
import type { ChatApiOptions } from './chat-api.options.ts';
import type { ConversationRecorder } from './conversation.recorder.ts';
import type { MessageReader } from './message-reader.ts';

/** What a transport needs to hold one conversation. */
export interface ChatTransportContext {
  readonly target: string;
  readonly options: ChatApiOptions;
  /** Template values; transports fill in `conversationId` (and `after` for polls) as they learn them. */
  readonly vars: Record<string, string | undefined>;
  /** The customer's message, already rendered. */
  readonly message: string;
  readonly recorder: ConversationRecorder;
  readonly reader: MessageReader;
  readonly clock: Clock;
  /** Aborted once the recorder has ended: stop reading, close, return. */
  readonly signal: AbortSignal;
}

/**
 * Holds one conversation: connects, sends the message, feeds what arrives to the recorder, reports the service's
 * endings to it, and returns once the recorder has ended and the conversation is closed. Throwing means our side
 * failed; the channel turns it into an inconclusive ending.
 */
export type ChatTransport = (context: ChatTransportContext) => Promise<void>;

const PEER_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const TLS_CODE = /^(ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;

/** The error code of a Node network error, looking through `cause` (fetch wraps them). */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether a network error is the service's doing (refused, reset, bad certificate) rather than ours. */
export function isPeerError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && (PEER_CODES.has(code) || TLS_CODE.test(code) || code.startsWith('WS_ERR_'));
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether a network error means the service could not be reached at all (nothing listening, no route): recorded as
 * `evidence.details.notReached` when nothing had come back yet (src/domain/reach.ts), unlike a refusal by the service.
 */
export function isConnectFailure(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && CONNECT_CODES.has(code);
}

/** A one-line description of an error, with its code and its cause's message (fetch hides both in `cause`). */
export function describeError(error: unknown): string {
  const code = errorCode(error);
  let message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message !== '' && !message.includes(cause.message))
    message += ` (${cause.message})`;
  message = redactUrls(message); // a peer's or the runtime's message may echo a URL with a token in it
  return code === undefined || message.includes(code) ? message : `${code}: ${message}`;
}
