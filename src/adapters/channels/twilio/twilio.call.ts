import type { ProbeContext } from '../../../app/ports.ts';
import type { ProbeSpec } from '../../../domain/catalogue.ts';
import { formatDuration } from '../../../domain/duration.ts';
import type { Observation } from '../../../domain/observation.ts';
import { statusOutcome } from '../sip/sip.outcome.ts';
import type { StatusEvent, TwilioCallbacks } from './twilio-callbacks.ts';
import { TwilioError, type TwilioClient } from './twilio.client.ts';
import type { TwilioOptions } from './twilio.options.ts';

const FINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
/** After hanging up, how long to wait for Twilio's final callback. */
const SETTLE_MS = 10_000;

export interface TwilioCallInput {
  readonly probe: ProbeSpec;
  readonly ctx: ProbeContext;
  readonly options: TwilioOptions;
  readonly client: TwilioClient;
  readonly callbacks: TwilioCallbacks;
  readonly ringTimeoutMs: number;
}

/** What our own request failing says: our configuration or Twilio itself, never the line we call. */
function requestProblem(error: unknown): string {
  if (error instanceof TwilioError) {
    const code = error.code === undefined ? '' : `, error ${error.code}`;
    if (error.status === 401 || error.status === 403)
      return `Twilio refused our credentials (HTTP ${error.status}${code})`;
    return `Twilio refused to place the call (HTTP ${error.status}${code}: ${error.message})`;
  }
  return `Twilio could not be reached: ${(error as Error).message}`;
}

/**
 * One call over the phone network through Twilio: create the call, follow its status callbacks (initiated, ringing,
 * answered, completed) on the clock, stay on the line `hold` after the answer, hang up, and map the final status to
 * an outcome. Twilio brings no audio to Kept here, so a person is only known when machine detection says so.
 */
export async function runTwilioCall(input: TwilioCallInput): Promise<Observation> {
  const { ctx, options, client, callbacks, probe } = input;
  const startedAt = ctx.clock.now();
  const t0 = ctx.clock.monotonic();
  const at = (mono = ctx.clock.monotonic()): number => Math.round((mono - t0) * 10) / 10;
  const base = { id: ctx.runId, probeId: probe.id, kind: probe.kind, startedAt };
  const statuses: { status: string; atMs: number; sequence?: number }[] = [];
  const times: Record<string, number> = {};
  const final: { params?: Readonly<Record<string, string>> } = {};
  let settled: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (settled = resolve));
  let answeredResolve: (() => void) | undefined;
  const answered = new Promise<void>((resolve) => (answeredResolve = resolve));
  const onEvent = (event: StatusEvent): void => {
    const status = event.params.CallStatus ?? '';
    const sequence = Number(event.params.SequenceNumber);
    statuses.push({ status, atMs: at(event.atMono), ...(Number.isFinite(sequence) ? { sequence } : {}) });
    times[status] ??= at(event.atMono);
    if (status === 'in-progress') answeredResolve?.();
    if (FINAL.has(status)) {
      final.params = event.params;
      settled?.();
    }
  };

  const separator = options.statusCallback.includes('?') ? '&' : '?';
  let sid: string;
  try {
    const call = await client.createCall({
      to: probe.target.replace(/^tel:/i, ''),
      from: options.from,
      twiml: `<Response><Pause length="${Math.ceil((input.ringTimeoutMs + probe.schedule.timeoutMs) / 1_000)}"/></Response>`,
      statusCallback: `${options.statusCallback}${separator}run=${encodeURIComponent(ctx.runId)}`,
      timeout: input.ringTimeoutMs / 1_000,
      machineDetection: options.machineDetection,
    });
    sid = call.sid;
    times.queued = at();
  } catch (error) {
    return {
      ...base,
      outcome: 'inconclusive',
      reason: requestProblem(error),
      timings: { totalMs: Math.round(at()) },
      humanReached: false,
      evidence: { details: { carrier: 'twilio' } },
    };
  }
  const unfollow = callbacks.follow(sid, onEvent);
  const wait = async (promise: Promise<void>, ms: number): Promise<boolean> => {
    const stop = new AbortController();
    const abortOnCtx = (): void => stop.abort();
    ctx.signal.addEventListener('abort', abortOnCtx, { once: true });
    const timer = ctx.clock.sleep(ms, stop.signal).then(
      () => false,
      () => false,
    );
    const result = await Promise.race([promise.then(() => true), timer]);
    stop.abort();
    ctx.signal.removeEventListener('abort', abortOnCtx);
    return result;
  };
  let hungUpByUs = false;
  try {
    const limit = probe.schedule.timeoutMs;
    const gotAnswer = await wait(Promise.race([answered, done]), limit);
    if (gotAnswer && times['in-progress'] !== undefined && final.params === undefined) {
      await wait(done, options.hold);
    }
    if (final.params === undefined) {
      hungUpByUs = true;
      await client.endCall(sid, times['in-progress'] === undefined ? 'canceled' : 'completed').catch(() => undefined);
      await wait(done, SETTLE_MS);
    }
  } finally {
    unfollow();
  }
  return observe(base, {
    sid,
    statuses,
    times,
    final: final.params,
    hungUpByUs,
    endMs: at(),
    ringTimeoutMs: input.ringTimeoutMs,
    machineDetection: options.machineDetection,
  });
}

function observe(
  base: Pick<Observation, 'id' | 'probeId' | 'kind' | 'startedAt'>,
  call: {
    sid: string;
    statuses: { status: string; atMs: number }[];
    times: Record<string, number>;
    final?: Readonly<Record<string, string>> | undefined;
    hungUpByUs: boolean;
    endMs: number;
    ringTimeoutMs: number;
    machineDetection: boolean;
  },
): Observation {
  const { times } = call;
  const status = call.final?.CallStatus ?? (times['in-progress'] !== undefined ? 'in-progress' : 'unknown');
  const sipCode = Number(call.final?.SipResponseCode);
  const answeredBy = call.final?.AnsweredBy;
  const answerMs = times['in-progress'];
  const details: Record<string, unknown> = {
    carrier: 'twilio',
    callSid: call.sid,
    statuses: call.statuses,
    finalStatus: status,
    ...(Number.isFinite(sipCode) ? { sipResponseCode: sipCode } : {}),
    ...(times.ringing === undefined ? {} : { postDialDelayMs: times.ringing }),
    ...(times.ringing === undefined || answerMs === undefined
      ? {}
      : { ringingMs: Math.round(answerMs - times.ringing) }),
    ...(answerMs === undefined ? {} : { answerMs }),
    ...(answeredBy === undefined ? {} : { answeredBy }),
    ...(call.final?.CallDuration === undefined ? {} : { durationS: Number(call.final.CallDuration) }),
  };
  const timings = {
    totalMs: Math.round(call.endMs),
    ...(answerMs === undefined ? {} : { connectMs: Math.round(answerMs), firstResponseMs: Math.round(answerMs) }),
  };
  const evidence = { details };
  if (answerMs !== undefined) {
    const human = answeredBy === 'human';
    const reason = human
      ? undefined
      : call.machineDetection
        ? `answered by ${answeredBy ?? 'an unknown party'} (Twilio machine detection), not a person`
        : 'answered; through Twilio Kept hears no audio, so whether a person answered is not known';
    return {
      ...base,
      outcome: 'answered',
      ...(reason === undefined ? {} : { reason }),
      timings: { ...timings, ...(human ? { humanMs: Math.round(answerMs) } : {}) },
      humanReached: human,
      evidence,
    };
  }
  const said = `Twilio: ${status}${Number.isFinite(sipCode) ? `, SIP ${sipCode}` : ''}`;
  switch (status) {
    case 'busy':
      return { ...base, outcome: 'rejected', reason: `busy (${said})`, timings, humanReached: false, evidence };
    case 'no-answer':
      return { ...base, outcome: 'unanswered', reason: `no answer (${said})`, timings, humanReached: false, evidence };
    case 'failed': {
      const mapped = Number.isFinite(sipCode)
        ? statusOutcome(sipCode, '', false)
        : { outcome: 'rejected' as const, reason: 'the call failed' };
      return {
        ...base,
        outcome: mapped.outcome,
        reason: `${mapped.reason.replace(/ \(\d+\)$/, '')} (${said})`,
        timings,
        humanReached: false,
        evidence,
      };
    }
    default:
      return {
        ...base,
        outcome: 'unanswered',
        reason: `no answer within ${formatDuration(call.endMs)} (${said})`,
        timings,
        humanReached: false,
        evidence,
      };
  }
}
