import { join } from 'node:path';
import type { Channel, Clock, Logger, ProbeContext } from '../../../app/ports.ts';
import { learnFromCall, type Learnt } from '../../../domain/audio/call-learning.ts';
import type { RecordingLibrary } from '../../../domain/audio/recording-library.ts';
import { encodeWav } from '../../../domain/audio/wav.ts';
import type { ProbeSpec } from '../../../domain/catalogue.ts';
import { formatDuration } from '../../../domain/duration.ts';
import type { Observation } from '../../../domain/observation.ts';
import { NOT_REACHED_DETAIL } from '../../../domain/reach.ts';
import { AudioEvidence, type AudioRetention } from './audio-evidence.ts';
import { AudioPump } from './audio-pump.ts';
import { RecordingStore } from './recording-store.ts';
import { attemptCall, type AttemptRecord } from './sip-attempt.ts';
import { parseSipUri } from '../../../protocols/sip/sip-message.ts';
import { detailsOf, findingsOf, timingsOf, transcriptOf } from './sip-observation.ts';
import { sipOptionsSchema, type SipOptions } from './sip.options.ts';
import { callNotReached, unansweredOutcome } from './sip.outcome.ts';
import { preparedOptions } from '../prepared-options.ts';
import { runTwilioCall } from '../twilio/twilio.call.ts';
import { TwilioCallbacks } from '../twilio/twilio-callbacks.ts';
import { TwilioClient } from '../twilio/twilio.client.ts';
import type { TwilioOptions } from '../twilio/twilio.options.ts';
import {
  localAddressFor,
  openTcpTransport,
  openUdpTransport,
  resolveHost,
  type SipTransport,
} from './sip-transport.ts';

export { sipOptionsSchema, type SipOptions } from './sip.options.ts';

export interface SipChannelDeps {
  readonly log: Logger;
  /** Where received audio is kept as WAV (attachments are relative to it). Without it no audio is kept. */
  readonly evidenceDir?: string;
  /** The file holding the recordings Kept has learnt. Default `<evidenceDir>/sip-recordings.json`, else memory only. */
  readonly recordingsFile?: string;
  readonly retention?: Partial<AudioRetention>;
  /** A library to use instead of the file (tests, benchmarks). */
  readonly library?: RecordingLibrary;
}

/** Longest audio kept per call as evidence (8 KB a second). */
const KEEP_AUDIO_MS = 15 * 60_000;
const SIP_PORT = 5060;

type Stop = 'timeout' | 'kept' | undefined;

/** Options typed once per probe (see prepared-options.ts). */
const PREPARED = preparedOptions(sipOptionsSchema);

/**
 * The phone probe: calls `probe.target` (a sip: URI) as a customer would, walks the IVR script, and times the wait
 * until a person speaks (see docs/architecture/sip-channel.md).
 */
export function createSipChannel(deps: SipChannelDeps): Channel & { close(): Promise<void> } {
  const store = new RecordingStore({
    log: deps.log,
    ...(deps.library === undefined ? {} : { library: deps.library }),
    ...(deps.recordingsFile !== undefined
      ? { file: deps.recordingsFile }
      : deps.evidenceDir !== undefined
        ? { file: join(deps.evidenceDir, 'sip-recordings.json') }
        : {}),
  });
  const evidence = deps.evidenceDir === undefined ? undefined : new AudioEvidence(deps.evidenceDir, deps.retention);
  const pump = new AudioPump();
  const carrier = twilioCallbackServers();

  async function run(probe: ProbeSpec, ctx: ProbeContext): Promise<Observation> {
    const startedAt = ctx.clock.now();
    const t0 = ctx.clock.monotonic();
    const base = { id: ctx.runId, probeId: probe.id, kind: 'sip' as const, startedAt };
    const ours = (reason: string): Observation => ({
      ...base,
      outcome: 'inconclusive',
      reason,
      timings: { totalMs: Math.round(ctx.clock.monotonic() - t0) },
      humanReached: false,
      evidence: {},
    });
    const prepared = PREPARED.of(probe);
    if ('problem' in prepared) return ours(prepared.problem);
    const { options } = prepared;
    if (/^tel:/i.test(probe.target)) {
      if (options.twilio === undefined)
        return ours('a tel: target needs a carrier: give the probe twilio options, or call a sip: URI');
      const callbacks = await carrier.callbacks(options.twilio, ctx.clock);
      const client = new TwilioClient({
        baseUrl: options.twilio.apiBaseUrl,
        accountSid: options.twilio.accountSid,
        authToken: options.twilio.authToken,
      });
      return runTwilioCall({
        probe,
        ctx,
        options: options.twilio,
        client,
        callbacks,
        ringTimeoutMs: options.ringTimeout,
      });
    }
    let uri;
    try {
      uri = parseSipUri(probe.target);
    } catch (error) {
      return ours((error as Error).message);
    }
    const transportName = (uri.params.transport ?? options.transport).toLowerCase() === 'tcp' ? 'tcp' : 'udp';
    const attempt = new AbortController();
    let stop: Stop;
    const onAbort = (): void => {
      const name = (ctx.signal.reason as { name?: unknown } | undefined)?.name;
      stop ??= name === 'TimeoutError' ? 'timeout' : 'kept';
      attempt.abort();
    };
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
    void ctx.clock.sleep(probe.schedule.timeoutMs, attempt.signal).then(
      () => {
        stop ??= 'timeout';
        attempt.abort();
      },
      () => undefined,
    );
    let transport: SipTransport;
    let localAddress: string;
    try {
      const host = await resolveHost(uri.host);
      const remote = { host, port: uri.port ?? SIP_PORT };
      localAddress = options.localAddress ?? (await localAddressFor(remote));
      transport =
        transportName === 'tcp'
          ? await openTcpTransport(remote, localAddress, attempt.signal)
          : await openUdpTransport(remote, localAddress);
    } catch (error) {
      attempt.abort();
      ctx.signal.removeEventListener('abort', onAbort);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
        return {
          ...ours(''),
          outcome: 'rejected',
          reason: `the connection to ${uri.host}:${uri.port ?? SIP_PORT} failed (${code})`,
          evidence: { details: { [NOT_REACHED_DETAIL]: true } },
        };
      }
      return ours(`could not reach ${uri.host} from our side: ${(error as Error).message}`);
    }
    const library = await store.library();
    let record: AttemptRecord;
    try {
      record = await attemptCall({
        transport,
        requestUri: probe.target.replace(/;transport=[a-z]+/i, transportName === 'tcp' ? ';transport=tcp' : ''),
        fromUri: options.from ?? `sip:kept@${localAddress.includes(':') ? `[${localAddress}]` : localAddress}`,
        localAddress,
        options,
        library,
        clock: ctx.clock,
        signal: attempt.signal,
        keepAudioMs: options.keepAudio && evidence !== undefined ? KEEP_AUDIO_MS : 0,
        pump,
      });
    } catch (error) {
      transport.close();
      deps.log.warn('sip probe failed on our side', { probeId: probe.id, error: (error as Error).message });
      return ours(`the probe failed on our side: ${(error as Error).message}`);
    } finally {
      attempt.abort();
      ctx.signal.removeEventListener('abort', onAbort);
    }
    return observe(probe, ctx, options, record, stop, base, library);
  }

  async function observe(
    probe: ProbeSpec,
    ctx: ProbeContext,
    options: SipOptions,
    record: AttemptRecord,
    stop: Stop,
    base: Pick<Observation, 'id' | 'probeId' | 'kind' | 'startedAt'>,
    library: RecordingLibrary,
  ): Promise<Observation> {
    let learnt: Learnt = { recognised: [], learnt: [] };
    if (record.invite.kind === 'answered') {
      const personRuns = new Set(record.human.status === 'human' ? record.human.utterances : []);
      learnt = learnFromCall(record.audio, library, {
        target: probe.target,
        at: base.startedAt,
        callId: ctx.runId,
        personRuns,
      });
      void store.save();
    }
    const attachments: string[] = [];
    const audio = record.audio.keptAudio();
    if (evidence !== undefined && audio.length > 0 && (record.rtp?.packets ?? 0) > 0) {
      try {
        attachments.push(await evidence.save(probe.id, ctx.runId, encodeWav(audio, 'pcmu')));
      } catch (error) {
        deps.log.warn('could not keep the call audio', { probeId: probe.id, error: (error as Error).message });
      }
    }
    const humanReached = record.human.status === 'human';
    const timings = timingsOf(record);
    let outcome: Observation['outcome'] = 'answered';
    let reason: string | undefined;
    if (record.failure !== undefined) {
      outcome = 'inconclusive';
      reason = `the probe failed on our side during the call: ${record.failure}`;
      deps.log.error('sip probe failed on our side during the call', { probeId: probe.id, error: record.failure });
    } else if (record.invite.kind !== 'answered') {
      ({ outcome, reason } = unansweredOutcome(record.invite, {
        cancelledForNoAnswer: record.cancelledForNoAnswer,
        ringTimeoutMs: options.ringTimeout,
        stop,
        target: probe.target,
        hadCredentials: options.auth !== undefined,
      }));
    } else if (!humanReached && stop === 'kept') {
      outcome = 'inconclusive';
      reason = 'Kept stopped the attempt early (shutdown)';
    } else if (!humanReached && record.remoteHangupMs !== undefined) {
      reason = `the line hung up ${formatDuration(record.remoteHangupMs - (record.answerMs ?? 0))} after answering, before a person spoke`;
    } else if (!humanReached && options.human.wait) {
      reason = `no person spoke within ${formatDuration(record.endMs)}`;
    }
    const findings = findingsOf(record, options);
    const notReached = callNotReached(record.invite, record.responses.length) ? { [NOT_REACHED_DETAIL]: true } : {};
    const details = detailsOf(
      record,
      { transport: transportOf(probe, options), target: probe.target, ...notReached },
      learnt,
    );
    return {
      ...base,
      outcome,
      ...(reason === undefined ? {} : { reason }),
      timings,
      humanReached,
      ...(findings.length === 0 ? {} : { findings }),
      evidence: { transcript: transcriptOf(record), details, ...(attachments.length === 0 ? {} : { attachments }) },
    };
  }

  return { kind: 'sip', prepare: (probe) => void PREPARED.prepare(probe), run, close: () => carrier.close() };
}

/** The channel's Twilio status-callback receivers, one per listen address, started on first use. */
function twilioCallbackServers(): {
  callbacks(options: TwilioOptions, clock: Clock): Promise<TwilioCallbacks>;
  close(): Promise<void>;
} {
  const servers = new Map<string, Promise<TwilioCallbacks>>();
  return {
    callbacks(options, clock) {
      const key = `${options.listen.host}:${options.listen.port}`;
      let server = servers.get(key);
      if (server === undefined) {
        server = TwilioCallbacks.listen({
          ...options.listen,
          authToken: options.authToken,
          publicUrl: options.statusCallback,
          clock,
        });
        servers.set(key, server);
      }
      return server;
    },
    async close() {
      await Promise.all([...servers.values()].map(async (server) => (await server).close()));
      servers.clear();
    },
  };
}

function transportOf(probe: ProbeSpec, options: SipOptions): string {
  return /;transport=tcp/i.test(probe.target) ? 'tcp' : options.transport;
}
