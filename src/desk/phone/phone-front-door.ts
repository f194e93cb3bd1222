import { header, paramOf, responseTo, type SipMessage, type SipRequest } from '../../protocols/sip/sip-message.ts';
import { buildSdp, parseSdp } from '../../protocols/sdp/sdp.ts';
import { between, seededRandom } from '../chat-desk.service.ts';
import { checkStaffing, staffingAt } from '../staffing.schedule.ts';
import { runCallScript, type PhoneCallRecord } from './phone-call.ts';
import { PhoneDialog } from './phone-dialog.ts';
import { RtpPlayer } from './rtp-player.ts';
import { DeskSipServer, type SipPeer } from './sip-server.ts';
import { createPhoneVoices, type PhoneVoices } from './voices.ts';
import type { FrontDoorOptions } from '../front-door.options.ts';

export type { PhoneCallRecord } from './phone-call.ts';
export { createPhoneVoices, type PhoneVoices } from './voices.ts';

export interface PhoneFrontDoorOptions extends FrontDoorOptions {
  /** SIP port for UDP and TCP; default 0, a free one. */
  readonly port?: number;
  /** How long the line rings before the desk answers, drawn per call from [min, max] ms. Default [1000, 3000]. */
  ringMs?: [number, number];
  /** Where "press 0 for a person" leads. Default 'queue'. */
  escape?: 'queue' | 'menu';
  /** Prompts and voices made earlier (they take a moment to make); by default made at start with espeak-ng. */
  voices?: PhoneVoices;
}

export interface RunningPhoneDesk {
  /** sip:support@host:port (UDP; add ;transport=tcp for TCP). */
  readonly sipUri: string;
  readonly host: string;
  readonly port: number;
  /** The desk's record of its calls, newest last (the last 1,000): the true delays. */
  calls(): PhoneCallRecord[];
  stop(): Promise<void>;
}

const AGENTS = ['Priya', 'Tom', 'Aisha', 'Marek', 'Hannah'] as const;
const KEEP_CALLS = 1_000;

/**
 * The simulated desk's phone line: a SIP UAS (UDP and TCP) answering per the staffing schedule, with an IVR menu,
 * hold music and announcements, and agents who pick up after the schedule's delay (see docs/architecture/sip-channel.md).
 */
export async function startPhoneFrontDoor(options: PhoneFrontDoorOptions): Promise<RunningPhoneDesk> {
  checkStaffing(options.staffing);
  const { clock, staffing } = options;
  const host = options.host ?? '127.0.0.1';
  const random = seededRandom(options.seed ?? 1);
  const voices = options.voices ?? (await createPhoneVoices({ seed: options.seed ?? 1 }));
  const records: PhoneCallRecord[] = [];
  const live = new Map<string, { dialog: PhoneDialog; stop: AbortController; record: PhoneCallRecord }>();
  const desk = new AbortController();

  const onMessage = (message: SipMessage, peer: SipPeer): void => {
    const callId = header(message, 'call-id') ?? '';
    const call = live.get(callId);
    if (call !== undefined) {
      call.dialog.handle(message);
      return;
    }
    if (message.kind === 'response') return;
    if (message.method === 'INVITE' && paramOf(header(message, 'to'), 'tag') === undefined)
      void takeCall(message, peer);
    else if (message.method === 'OPTIONS') peer.send(responseTo(message, 200, 'OK'));
    else if (message.method !== 'ACK') peer.send(responseTo(message, 481, 'Call/Transaction Does Not Exist'));
  };

  const server = await DeskSipServer.listen(host, options.port ?? 0, onMessage);

  async function takeCall(invite: SipRequest, peer: SipPeer): Promise<void> {
    const t0 = clock.monotonic();
    const since = (): number => Math.round((clock.monotonic() - t0) * 10) / 10;
    const callId = header(invite, 'call-id') ?? '';
    const now = staffingAt(staffing, clock.now());
    const record: PhoneCallRecord = { callId, staffing: now.mode, startedAt: clock.now(), prompts: [], digits: [] };
    records.push(record);
    if (records.length > KEEP_CALLS) records.shift();
    const dialog = new PhoneDialog(invite, peer, clock, { host, port: server.port });
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, desk.signal]);
    live.set(callId, { dialog, stop, record });
    void dialog.ended.then((by) => {
      record.endedBy ??= by;
      stop.abort();
    });
    const ring = between(random, options.ringMs ?? [1_000, 3_000]);
    const agent = AGENTS[Math.floor(random() * AGENTS.length)] as string;
    const humanDelayMs = now.mode === 'staffed' ? between(random, now.humanDelayMs) : 0;
    let player: RtpPlayer | undefined;
    try {
      dialog.trying();
      const offer = parseSdp(invite.body);
      if (now.mode === 'closed' || offer?.codec === undefined) {
        if (offer?.codec === undefined) dialog.reject(488, 'Not Acceptable Here');
        else dialog.reject(480, 'Temporarily Unavailable');
        record.endedBy = 'desk';
        return;
      }
      dialog.ringing();
      record.ringingMs = since();
      player = await RtpPlayer.open(host, clock);
      player.setRemote({
        address: offer.address,
        port: offer.port,
        codec: offer.codec,
        ...(offer.telephoneEvent === undefined ? {} : { telephoneEvent: offer.telephoneEvent }),
      });
      await clock.sleep(ring - since(), signal).catch(() => undefined);
      if (signal.aborted) return;
      const sdp = buildSdp({
        address: host,
        port: player.port,
        codecs: [offer.codec],
        telephoneEvent: offer.telephoneEvent ?? 101,
        sessionId: Math.floor(record.startedAt / 1_000),
        version: 1,
      });
      record.answerMs = since();
      await dialog.answer(sdp, signal);
      const playing = player.run(signal);
      await runCallScript({
        clock,
        staffing: now,
        voices,
        player,
        dialog,
        record,
        t0,
        escape: options.escape ?? 'queue',
        agent,
        humanDelayMs,
        signal,
      });
      if (!signal.aborted) {
        record.endedBy = 'desk';
        stop.abort();
        await dialog.hangUp();
      }
      await playing;
    } catch (error) {
      options.log?.warn('phone desk call failed', { callId, error: (error as Error).message });
    } finally {
      stop.abort();
      player?.close();
      record.endMs = since();
      live.delete(callId);
      options.log?.info('phone desk call ended', {
        ...record,
        prompts: record.prompts.length,
        digits: record.digits.map((d) => d.digit).join(''),
      });
    }
  }

  let stopped: Promise<void> | undefined;
  return {
    sipUri: `sip:support@${host.includes(':') ? `[${host}]` : host}:${server.port}`,
    host,
    port: server.port,
    calls: () => [...records],
    stop: () => {
      stopped ??= (async () => {
        // Hang up while the calls are still live, so the callers' 200 OKs reach their dialogs.
        await Promise.all(
          [...live.values()].map((call) => {
            call.record.endedBy ??= 'desk';
            return call.dialog.hangUp();
          }),
        );
        desk.abort();
        await server.close();
      })();
      return stopped;
    },
  };
}
