import type { Channel, Logger, ProbeContext } from '../../../app/ports.ts';
import type { ProbeSpec } from '../../../domain/catalogue.ts';
import type { Observation } from '../../../domain/observation.ts';
import { autoReplyPromiseOf, decideOutcome } from './chat-api.outcome.ts';
import { chatApiOptionsSchema, type ChatApiOptions } from './chat-api.options.ts';
import { renderText } from './chat-template.ts';
import type { ChatTransport } from './chat-transport.ts';
import { ConversationRecorder, type Ending } from './conversation.recorder.ts';
import { converseOverHttp } from './http.transport.ts';
import { MessageReader } from './message-reader.ts';
import { converseOverWebSocket } from './websocket.transport.ts';
import { preparedOptions } from '../prepared-options.ts';
import { abortQuietly } from '../../../app/quiet-abort.ts';
import { startTimer } from '../../../app/clock-timer.ts';

export { chatApiOptionsSchema, type ChatApiOptions } from './chat-api.options.ts';

const TRANSPORTS: Record<ChatApiOptions['transport'], ChatTransport> = {
  websocket: converseOverWebSocket,
  http: converseOverHttp,
};

/** Options typed once per probe; receive paths that cannot be compiled are a problem found then, not per run. */
const PREPARED = preparedOptions(chatApiOptionsSchema, (options) => {
  try {
    new MessageReader(options);
    return undefined;
  } catch (error) {
    return `the probe's receive options are unusable: ${(error as Error).message}`;
  }
});

/**
 * The reason the attempt's own signal is aborted with once the conversation is over. A plain frozen object: an
 * `abort()` with no reason builds a DOMException with a stack trace on every attempt (0.2-0.3 ms of CPU a probe).
 */
const CONVERSATION_OVER = Object.freeze({ name: 'ConversationOver', message: 'the conversation is over' });

/** Why Kept's own abort signal fired: the runner's time-out counts as a time-out, anything else is ours. */
function waitedFor(totalMs: number, timeoutMs: number): number {
  return totalMs >= timeoutMs - 1 ? timeoutMs : Math.round(totalMs);
}

function abortEnding(signal: AbortSignal, elapsedMs: number, timeoutMs: number): Ending {
  const reason: unknown = signal.reason;
  const name =
    reason instanceof Error || (typeof reason === 'object' && reason !== null)
      ? (reason as { name?: unknown }).name
      : undefined;
  if (name === 'TimeoutError' || elapsedMs >= timeoutMs) return { kind: 'timeout' };
  const said = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'shutdown';
  return { kind: 'ours', reason: `Kept stopped the attempt early (${said})` };
}

/**
 * The chat-API probe: a synthetic customer that talks to any JSON chat back end over a WebSocket or HTTP, configured
 * from the catalogue alone (see docs/architecture/chat-api-channel.md), timing the first response and the first
 * human one.
 */
export function createChatApiChannel(deps: { log: Logger }): Channel {
  async function run(probe: ProbeSpec, ctx: ProbeContext): Promise<Observation> {
    const startedAt = ctx.clock.now();
    const base = { id: ctx.runId, probeId: probe.id, kind: 'chat-api' as const, startedAt };
    const checked = PREPARED.of(probe);
    if ('problem' in checked) {
      return {
        ...base,
        outcome: 'inconclusive',
        reason: checked.problem,
        timings: { totalMs: 0 },
        humanReached: false,
        evidence: {},
      };
    }
    const { options } = checked;
    // Per attempt: the reader keeps the senders and message ids this conversation has seen.
    const reader = new MessageReader(options);
    const recorder = new ConversationRecorder(ctx.clock, reader, options.waitForHuman);
    recorder.detail('transport', options.transport);
    const attempt = new AbortController();
    const timeoutMs = probe.schedule.timeoutMs;
    const cancelTimeout = startTimer(ctx.clock, timeoutMs, () => recorder.end({ kind: 'timeout' }));
    void recorder.ended.then(() => {
      cancelTimeout();
      abortQuietly(attempt, CONVERSATION_OVER);
    });
    const startMono = ctx.clock.monotonic();
    const onAbort = (): void => recorder.end(abortEnding(ctx.signal, ctx.clock.monotonic() - startMono, timeoutMs));
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });

    try {
      const vars: Record<string, string | undefined> = {
        runId: ctx.runId,
        probeId: probe.id,
        persona: options.persona,
      };
      vars.message = renderText(options.message, vars);
      reader.own({ text: vars.message });
      vars.conversationId = undefined;
      await TRANSPORTS[options.transport]({
        target: probe.target,
        options,
        vars,
        message: vars.message,
        recorder,
        reader,
        clock: ctx.clock,
        signal: attempt.signal,
      });
    } catch (error) {
      recorder.end({ kind: 'ours', reason: `the probe failed on our side: ${(error as Error).message}` });
      deps.log.warn('chat-api probe failed on our side', { probeId: probe.id, error: (error as Error).message });
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      cancelTimeout();
      abortQuietly(attempt, CONVERSATION_OVER);
    }

    const ending = await recorder.ended;
    const details = recorder.details();
    if (options.receive.senderPath !== undefined) details.senders = reader.senders;
    const { outcome, reason } = decideOutcome(ending, {
      responses: recorder.responses,
      humanReached: recorder.humanMs !== undefined,
      waitForHuman: options.waitForHuman,
      unreadable: recorder.unreadable,
      ...(typeof details.unreadableSample === 'string' ? { unreadableSample: details.unreadableSample } : {}),
      textPath: options.receive.textPath,
      // How long the attempt waited: the probe's time-out when its timer fired (which may be a fraction of a ms before
      // the clock reads it), else the shorter wait before it was stopped (the runner's time-out, shutdown).
      timeoutMs: waitedFor(recorder.timings().totalMs, timeoutMs),
    });
    const promise = autoReplyPromiseOf(recorder.transcript);
    return {
      ...base,
      outcome,
      ...(reason === undefined ? {} : { reason }),
      timings: recorder.timings(),
      humanReached: recorder.humanMs !== undefined,
      ...(promise === undefined ? {} : { autoReplyPromise: promise }),
      evidence: { transcript: [...recorder.transcript], details: { ...details, ending: ending.kind } },
    };
  }

  return { kind: 'chat-api', prepare: (probe) => void PREPARED.prepare(probe), run };
}
