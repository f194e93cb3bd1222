import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { PeerBehaviour } from '../channel.contract.ts';
import { encodeG711 } from '../../../src/protocols/g711/g711.ts';
import { buildRtp } from '../../../src/protocols/rtp/rtp-packet.ts';
import { buildSdp, parseSdp } from '../../../src/protocols/sdp/sdp.ts';
import {
  cseqOf,
  header,
  parseSipMessage,
  responseTo,
  serializeSipMessage,
  type SipRequest,
  type SipResponse,
} from '../../../src/protocols/sip/sip-message.ts';

/**
 * A loopback SIP phone line (UDP) that misbehaves on request, for the channel contract. The behaviour is the user part
 * of the Request-URI: `sip:<behaviour>@127.0.0.1:<port>`.
 * - answers: rings, answers, and a person speaks (the given speech), then the line stays quiet;
 * - silent: rings forever (180, no final answer), answering a CANCEL with 487;
 * - dies: rings, then the process is gone (its sockets closed: no answer, no 487, ICMP port unreachable);
 * - never-ending-stream: answers and plays a 440 Hz tone for ever (no person), until the caller hangs up.
 */

const PACKET_SAMPLES = 160;

interface Call {
  readonly invite: SipRequest;
  readonly from: RemoteInfo;
  readonly tag: string;
  last?: SipResponse;
  media?: NodeJS.Timeout;
}

export interface SipPeer {
  readonly uri: (behaviour: PeerBehaviour) => string;
  /** Resolves when the next INVITE arrives. */
  nextCall(): Promise<void>;
  stop(): Promise<void>;
}

function tone(samples: number, offset: number): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i += 1)
    out[i] = Math.round(8_000 * Math.sin((2 * Math.PI * 440 * (offset + i)) / 8_000));
  return out;
}

/** Starts the line. `speech` is what the person says (8 kHz samples), e.g. from espeak-ng. */
export async function startSipPeer(speech: Int16Array): Promise<SipPeer> {
  const signalling: Socket = createSocket('udp4');
  const rtp: Socket = createSocket('udp4');
  await Promise.all([
    new Promise<void>((resolve) => signalling.bind(0, '127.0.0.1', resolve)),
    new Promise<void>((resolve) => rtp.bind(0, '127.0.0.1', resolve)),
  ]);
  const port = signalling.address().port;
  const calls = new Map<string, Call>();
  const waiting: (() => void)[] = [];
  const dead = new Set<Socket>();
  let tags = 0;

  const send = (message: SipRequest | SipResponse, to: RemoteInfo, socket = signalling): void => {
    if (dead.has(socket)) return;
    socket.send(serializeSipMessage(message), to.port, to.address);
  };
  const respond = (call: Call, status: number, reason: string, body?: string): void => {
    const headers: [string, string][] = [['Contact', `<sip:peer@127.0.0.1:${port}>`]];
    if (body !== undefined) headers.push(['Content-Type', 'application/sdp']);
    call.last = responseTo(call.invite, status, reason, {
      toTag: call.tag,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    send(call.last, call.from);
  };

  /** RTP to the caller: `samples` once (then silence), or a tone for ever; stops at BYE. */
  const play = (call: Call, forever: boolean): void => {
    const offer = parseSdp(call.invite.body);
    if (offer === undefined) return;
    const law = offer.codec === 'PCMA' ? 'pcma' : 'pcmu';
    const payloadType = law === 'pcma' ? 8 : 0;
    let sequence = 0;
    let at = 0;
    call.media = setInterval(() => {
      const chunk = forever
        ? tone(PACKET_SAMPLES, at)
        : at < speech.length
          ? speech.subarray(at, at + PACKET_SAMPLES)
          : new Int16Array(PACKET_SAMPLES);
      const padded =
        chunk.length === PACKET_SAMPLES ? chunk : Int16Array.from({ length: PACKET_SAMPLES }, (_, i) => chunk[i] ?? 0);
      const payload = encodeG711(padded, law);
      sequence = (sequence + 1) & 0xffff;
      if (!dead.has(rtp))
        rtp.send(
          buildRtp({ payloadType, marker: at === 0, sequence, timestamp: at, ssrc: 4242, payload }),
          offer.port,
          offer.address,
        );
      at += PACKET_SAMPLES;
    }, 20);
  };

  const answer = (call: Call, forever: boolean): void => {
    const sdp = buildSdp({
      address: '127.0.0.1',
      port: rtp.address().port,
      codecs: ['PCMU', 'PCMA'],
      telephoneEvent: 101,
      sessionId: 1,
      version: 1,
    });
    respond(call, 200, 'OK', sdp);
    play(call, forever);
  };

  const onInvite = (invite: SipRequest, from: RemoteInfo): void => {
    const callId = header(invite, 'call-id') ?? '';
    const known = calls.get(callId);
    if (known !== undefined) {
      if (known.last !== undefined) send(known.last, from); // a retransmission
      return;
    }
    const call: Call = { invite, from, tag: `peer${(tags += 1)}` };
    calls.set(callId, call);
    for (const resolve of waiting.splice(0)) resolve();
    const behaviour = /^sips?:([^@]+)@/.exec(invite.uri)?.[1] ?? 'silent';
    respond(call, 180, 'Ringing');
    if (behaviour === 'answers') setTimeout(() => answer(call, false), 100).unref();
    if (behaviour === 'never-ending-stream') setTimeout(() => answer(call, true), 100).unref();
    if (behaviour === 'dies') {
      // The line's process is gone: nothing more is sent, and the sockets close (later packets get port unreachable).
      setTimeout(() => {
        dead.add(signalling).add(rtp);
        signalling.close();
        rtp.close();
      }, 50).unref();
    }
  };

  signalling.on('message', (data, from) => {
    let message;
    try {
      message = parseSipMessage(data.toString('utf8'));
    } catch {
      return;
    }
    if (message.kind !== 'request') return;
    const callId = header(message, 'call-id') ?? '';
    const call = calls.get(callId);
    switch (message.method) {
      case 'INVITE':
        onInvite(message, from);
        return;
      case 'CANCEL':
        send(responseTo(message, 200, 'OK', { toTag: call?.tag ?? 'peer' }), from);
        if (call !== undefined && (call.last?.status ?? 0) < 200) respond(call, 487, 'Request Terminated');
        return;
      case 'BYE':
        if (call?.media !== undefined) clearInterval(call.media);
        send(responseTo(message, 200, 'OK'), from);
        return;
      case 'ACK':
        return;
      default:
        if (cseqOf(message) !== undefined) send(responseTo(message, 200, 'OK'), from);
    }
  });

  return {
    uri: (behaviour) => `sip:${behaviour}@127.0.0.1:${port}`,
    nextCall: () => new Promise<void>((resolve) => waiting.push(resolve)),
    async stop() {
      for (const call of calls.values()) if (call.media !== undefined) clearInterval(call.media);
      for (const socket of [signalling, rtp]) {
        if (!dead.has(socket)) {
          dead.add(socket);
          socket.close();
        }
      }
    },
  };
}
