import type { Clock } from '../../../app/ports.ts';
import { CallAudio } from '../../../domain/audio/call-audio.ts';
import { assessHuman, type HumanRules, type HumanVerdict } from '../../../domain/audio/human-detector.ts';
import type { RecordingLibrary } from '../../../domain/audio/recording-library.ts';
import type { AudioPump } from './audio-pump.ts';
import { runIvr, type IvrRecord } from './ivr-runner.ts';
import { RtpSession } from './rtp-session.ts';
import { RFC3261_TIMERS, SipCall, type InviteResult, type TraceLine } from './sip-call.ts';
import type { SipResponse } from '../../../protocols/sip/sip-message.ts';
import { buildSdp, parseSdp } from '../../../protocols/sdp/sdp.ts';
import type { SipOptions } from './sip.options.ts';
import type { SipTransport } from './sip-transport.ts';

export interface AttemptInput {
  readonly transport: SipTransport;
  readonly requestUri: string;
  readonly fromUri: string;
  readonly localAddress: string;
  readonly options: SipOptions;
  readonly library: RecordingLibrary;
  readonly clock: Clock;
  /** Aborted by Kept (time-out, shutdown): the attempt ends with what it has. */
  readonly signal: AbortSignal;
  readonly keepAudioMs: number;
  /** Where the audio analysis runs (shared by the channel's calls). */
  readonly pump: AudioPump;
}

/** Everything one call produced, in call time (ms since the INVITE left). */
export interface AttemptRecord {
  readonly invite: InviteResult;
  readonly callId: string;
  readonly cancelledForNoAnswer: boolean;
  readonly firstProvisionalMs?: number;
  readonly firstRingingMs?: number;
  readonly answerMs?: number;
  readonly responses: { status: number; atMs: number }[];
  readonly trace: TraceLine[];
  readonly ivr?: IvrRecord;
  readonly audio: CallAudio;
  readonly human: HumanVerdict;
  /** Call time after which speech may be the person (answer, or the last key press). */
  readonly humanAfterMs?: number;
  readonly remoteHangupMs?: number;
  readonly endMs: number;
  readonly rtp?: RtpSession['stats'];
  readonly codec?: string;
  readonly stoppedByKept: boolean;
  /** Seconds of call audio analysed at most, and heard, when the call ran longer than that. */
  readonly audioCut?: { readonly limit: number; readonly seen: number };
  /**
   * A bug or failure on Kept's side during the IVR walk or the wait for a person (anything but Kept stopping the
   * attempt): the call says nothing about the line, so the observation is inconclusive.
   */
  readonly failure?: string;
}

const TICK_MS = 100;
const CANCEL_GRACE_MS = 2_000;
const IDLE_MS = 1_000;
const HUMAN_POLL_MS = 100;

/** Places the call, walks the IVR, waits for a person, hangs up; never throws for what the far end does. */
/** Call audio analysed at most: 2 hours (a queue longer than that is not heard for a person). */
export const MAX_ANALYSED_AUDIO_MS = 2 * 3_600_000;

export async function attemptCall(input: AttemptInput): Promise<AttemptRecord> {
  const { clock, options } = input;
  /** Call time 0: the moment the INVITE leaves (set just before sending it). */
  let t0 = clock.monotonic();
  const at = (): number => clock.monotonic() - t0;
  const life = new AbortController();
  const stop = (): void => life.abort();
  if (input.signal.aborted) stop();
  else input.signal.addEventListener('abort', stop, { once: true });
  const sleep = (ms: number): Promise<void> => clock.sleep(ms, life.signal);
  const audio = new CallAudio({ library: input.library, keepAudioMs: input.keepAudioMs });
  const rtp = await RtpSession.open(input.localAddress, clock);
  const { pump } = input;
  // Call audio is analysed for MAX_ANALYSED_AUDIO_MS at most (its features are kept for the whole call); what is
  // heard later is counted, not analysed, and the cut is recorded.
  let heardMs = 0;
  rtp.onAudio((samples, mono) => {
    heardMs = Math.max(heardMs, mono - t0);
    if (mono - t0 <= MAX_ANALYSED_AUDIO_MS) pump.push(() => audio.push(samples, mono - t0));
  });
  const responses: { status: number; atMs: number }[] = [];
  let firstProvisionalMs: number | undefined;
  let firstRingingMs: number | undefined;
  let answerMs: number | undefined;
  let codec: string | undefined;
  const sessionId = Math.floor(clock.now() / 1_000);
  const call: SipCall = new SipCall({
    transport: input.transport,
    requestUri: input.requestUri,
    fromUri: input.fromUri,
    displayName: options.displayName,
    ...(options.auth === undefined ? {} : { auth: options.auth }),
    clock,
    at,
    userAgent: options.userAgent,
    timers: { t1Ms: options.t1, t2Ms: RFC3261_TIMERS.t2Ms },
    sdp: (): string =>
      buildSdp({
        address: input.localAddress,
        port: rtp.local.port,
        codecs: options.codecs,
        telephoneEvent: 101,
        sessionId,
        version: call.sdpVersion,
      }),
    onRemoteSdp: (text) => {
      const sdp = parseSdp(text);
      if (sdp?.codec === undefined) return;
      codec = sdp.codec;
      rtp.setRemote({
        address: sdp.address,
        port: sdp.port,
        codec: sdp.codec,
        ...(sdp.telephoneEvent === undefined ? {} : { telephoneEvent: sdp.telephoneEvent }),
      });
    },
    onProgress: (response: SipResponse, atMs) => {
      responses.push({ status: response.status, atMs: Math.round(atMs * 10) / 10 });
      if (response.status > 100 && response.status < 200) firstProvisionalMs ??= atMs;
      if (response.status === 180 || response.status === 183) firstRingingMs ??= atMs;
      if (response.status >= 200 && response.status < 300) answerMs ??= atMs;
    },
  });
  // Silence is declared only for stretches more than IDLE_MS old: packets (timed by their RTP timestamps) fill
  // everything sooner, even after a stall of our event loop; only a stream that stopped leaves gaps to fill.
  void (async () => {
    while (!life.signal.aborted) {
      const until = at() - IDLE_MS;
      pump.push(() => audio.fillSilenceTo(until));
      await sleep(TICK_MS).catch(() => undefined);
    }
  })();
  const sending = options.sendSilence ? rtp.run(clock, life.signal) : Promise.resolve();
  // Digits go out through the paced sender; without silence it runs only while keys are being pressed (it used to
  // never run, and the first key press waited forever). Either way a press ends when the attempt stops.
  const press = async (digits: string): Promise<void> => {
    const pressing = new AbortController();
    const onStop = (): void => pressing.abort();
    life.signal.addEventListener('abort', onStop, { once: true });
    const sender = options.sendSilence ? undefined : rtp.run(clock, pressing.signal);
    try {
      const dtmf = { mode: options.dtmf.mode, toneMs: options.dtmf.tone, gapMs: options.dtmf.gap };
      await untilAborted(rtp.sendDigits(digits, dtmf), life.signal);
    } finally {
      life.signal.removeEventListener('abort', onStop);
      pressing.abort();
      await sender;
    }
  };
  let cancelledForNoAnswer = false;
  const ringTimer = new AbortController();
  // Kept stopping during the INVITE sends a CANCEL and waits a little for the far end's 487 before giving up.
  const inviteSignal = new AbortController();
  const onKeptStop = (): void => {
    call.cancel();
    if (!call.provisional) inviteSignal.abort();
    else
      void clock.sleep(CANCEL_GRACE_MS, ringTimer.signal).then(
        () => inviteSignal.abort(),
        () => undefined,
      );
  };
  if (input.signal.aborted) onKeptStop();
  else input.signal.addEventListener('abort', onKeptStop, { once: true });
  let remoteHangupMs: number | undefined;
  void call.remoteHangup.then((ms) => (remoteHangupMs = ms));

  t0 = clock.monotonic();
  rtp.setCallStart(t0);
  void clock.sleep(options.ringTimeout, ringTimer.signal).then(
    () => {
      cancelledForNoAnswer = true;
      call.cancel();
    },
    () => undefined,
  );
  const invite = await call.invite(inviteSignal.signal);
  ringTimer.abort();
  input.signal.removeEventListener('abort', onKeptStop);
  let ivr: IvrRecord | undefined;
  let humanAfterMs: number | undefined;
  const rules: HumanRules = {
    minSpeechMs: options.human.minSpeech,
    confirmMs: options.human.confirm,
    reviewBelow: options.human.reviewBelow,
  };
  let human: HumanVerdict = { status: 'listening' };
  let failure: string | undefined;
  if (invite.kind === 'answered') {
    humanAfterMs = answerMs ?? at();
    try {
      if (options.ivr.length > 0) {
        ivr = await runIvr(options.ivr, {
          audio,
          now: at,
          sleep,
          press,
          hungUp: () => call.ended !== undefined,
          humanRules: rules,
        });
        humanAfterMs = ivr.presses.at(-1)?.atMs ?? humanAfterMs;
      }
      while (options.human.wait && call.ended === undefined) {
        human = assessHuman(audio, humanAfterMs, at(), rules);
        if (human.status === 'human') break;
        await sleep(HUMAN_POLL_MS);
      }
    } catch (error) {
      // Kept stopping the attempt (time-out or shutdown) ends the waits: keep what was heard. Anything else is a
      // failure on our side, never "answered, no person spoke".
      if (!(life.signal.aborted && isAbort(error))) failure = error instanceof Error ? error.message : String(error);
    }
    await call.hangUp();
  }
  const stoppedByKept = input.signal.aborted;
  const endMs = at();
  life.abort();
  await sending;
  rtp.close();
  input.transport.close();
  await pump.run(() => {
    audio.fillSilenceTo(endMs);
    audio.finish();
  });
  // Speech still going, or not yet confirmed, when the call ended is no person: nothing showed it was not a recording.
  if (human.status !== 'human' && humanAfterMs !== undefined) human = assessHuman(audio, humanAfterMs, endMs, rules);
  return {
    invite,
    callId: call.callId,
    cancelledForNoAnswer,
    ...(firstProvisionalMs === undefined ? {} : { firstProvisionalMs }),
    ...(firstRingingMs === undefined ? {} : { firstRingingMs }),
    ...(answerMs === undefined ? {} : { answerMs }),
    responses,
    trace: call.trace,
    ...(ivr === undefined ? {} : { ivr }),
    audio,
    human,
    ...(humanAfterMs === undefined ? {} : { humanAfterMs }),
    ...(remoteHangupMs === undefined ? {} : { remoteHangupMs }),
    endMs,
    rtp: rtp.stats,
    ...(codec === undefined ? {} : { codec }),
    stoppedByKept,
    ...(failure === undefined ? {} : { failure }),
    ...(heardMs > MAX_ANALYSED_AUDIO_MS
      ? { audioCut: { limit: MAX_ANALYSED_AUDIO_MS / 1_000, seen: Math.round(heardMs / 1_000) } }
      : {}),
  };
}

/** Whether an error is the rejection of a wait that Kept aborted. */
function isAbort(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError';
}

/** `work`, or an AbortError as soon as `signal` aborts (a wait that depends on the far end never outlives the call). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new DOMException('the attempt stopped', 'AbortError'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DOMException('the attempt stopped', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
