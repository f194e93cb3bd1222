import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { Clock } from '../../../app/ports.ts';
import { dtmfTone } from '../../../domain/audio/dtmf.ts';
import { decodeG711, encodeG711, G711_SILENCE, type G711Law } from '../../../protocols/g711/g711.ts';
import {
  buildRtp,
  DTMF_EVENTS,
  parseRtp,
  parseTelephoneEvent,
  telephoneEventPayload,
} from '../../../protocols/rtp/rtp-packet.ts';
import { RtpReceiver, type RtpSourceReport } from '../../../protocols/rtp/rtp-receiver.ts';
import { CODEC_PAYLOAD, type Codec } from '../../../protocols/sdp/sdp.ts';

export interface RtpRemote {
  readonly address: string;
  readonly port: number;
  readonly codec: Codec;
  readonly telephoneEvent?: number;
}

/** One source (SSRC) the far end sent from, in call time (see RtpSession.setCallStart). */
export interface RtpSourceEvidence {
  /** The SSRC as 8 hex digits. */
  readonly ssrc: string;
  /** Arrival of its first and latest packets. */
  readonly startMs: number;
  readonly endMs: number;
  readonly packets: number;
  /** RFC 3550 A.3: expected minus received. */
  readonly lost: number;
  /** RFC 3550 A.8 interarrival jitter, ms. */
  readonly jitterMs: number;
  /** Times it moved to a new sequence base; packets late, duplicated, or dropped as unbelievable. */
  readonly restarts: number;
  readonly late: number;
  readonly duplicates: number;
  readonly discarded: number;
}

export interface RtpStats {
  packets: number;
  /** Lost packets, summed over sources. */
  lost: number;
  dtmfPackets: number;
  /** Payload types seen, e.g. [0, 101]. */
  payloadTypes: number[];
  sent: number;
  /** Every source heard from (the first 32), in order of first arrival. */
  sources: RtpSourceEvidence[];
  /** When the source being heard changed (the first 50), with the SSRC it changed from and to. */
  sourceChanges: { atMs: number; ssrc: string; from?: string }[];
}

export type DtmfMode = 'rfc4733' | 'inband';

const PACKET_SAMPLES = 160;
const PACKET_MS = 20;
/** Behind by more than this, the sender skips ahead instead of bursting (our own silence carries no content). */
const MAX_LAG_MS = 200;

const lawOf = (payloadType: number): G711Law | undefined =>
  payloadType === 0 ? 'pcmu' : payloadType === 8 ? 'pcma' : undefined;

/** Binds a UDP socket on an even port (RTP convention; RTCP would be the next odd one). */
async function bindEven(host: string): Promise<Socket> {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    const port = 2 * randomInt(10_000, 30_000);
    const bound = await new Promise<boolean>((resolve) => {
      socket.once('error', () => resolve(false));
      socket.bind(port, host, () => resolve(true));
    });
    if (bound) return socket;
    socket.close();
  }
  throw new Error(`no free even UDP port for RTP on ${host}`);
}

interface Queued {
  readonly kind: 'event' | 'tone' | 'pause';
  readonly digit: string;
  /** Packets left to send for this item. */
  packets: number;
  sent: number;
  readonly done: () => void;
}

/**
 * One RTP stream (RFC 3550) with the far end: received G.711 is decoded and handed on with its arrival time on the
 * clock; a paced sender sends 20 ms of silence at a time so that the line stays up, with DTMF digits as RFC 4733
 * telephone-events or as in-band tones.
 */
export class RtpSession {
  readonly #socket: Socket;
  readonly #host: string;
  #remote: RtpRemote | undefined;
  #onAudio: ((samples: Int16Array, atMono: number) => void) | undefined;
  /** RFC 3550 receive state per source, the media clock per source, and which source is heard. */
  readonly #receiver = new RtpReceiver();
  #packets = 0;
  #dtmfPackets = 0;
  #sent = 0;
  readonly #payloadTypes: number[] = [];
  /** Monotonic time of call time 0, for the evidence (the session's opening until setCallStart). */
  #callStart: number;
  readonly #queue: Queued[] = [];
  readonly #ssrc = randomInt(1, 2 ** 31);
  #seq = randomInt(0, 30_000);
  #timestamp = randomInt(0, 2 ** 30);
  #toneSample = 0;
  #closed = false;

  private constructor(socket: Socket, host: string, clock: Clock) {
    this.#callStart = clock.monotonic();
    this.#socket = socket;
    this.#host = host;
    socket.on('message', (data) => this.#receive(data, clock.monotonic()));
    socket.on('error', () => undefined);
  }

  static async open(host: string, clock: Clock): Promise<RtpSession> {
    return new RtpSession(await bindEven(host), host, clock);
  }

  get local(): { host: string; port: number } {
    return { host: this.#host, port: this.#socket.address().port };
  }

  get remote(): RtpRemote | undefined {
    return this.#remote;
  }

  setRemote(remote: RtpRemote): void {
    this.#remote = remote;
  }

  /**
   * Audio as it arrives, from the source being heard, with the clock time its last sample was due: its RTP timestamp
   * plus the smallest arrival offset seen on its source (RtpReceiver), so a new source is placed at its arrival.
   */
  onAudio(handler: (samples: Int16Array, atMono: number) => void): void {
    this.#onAudio = handler;
  }

  /** Sets call time 0 (a monotonic time on the session's clock) for the times in `stats`. */
  setCallStart(mono: number): void {
    this.#callStart = mono;
  }

  /** What was received and sent so far, per source, in call time. */
  get stats(): RtpStats {
    const call = (mono: number): number => Math.round(mono - this.#callStart);
    const hex = (ssrc: number): string => ssrc.toString(16).padStart(8, '0');
    const sources = this.#receiver.sources;
    const changes = this.#receiver.changes;
    return {
      packets: this.#packets,
      lost: sources.reduce((sum, source) => sum + source.lost, 0),
      dtmfPackets: this.#dtmfPackets,
      payloadTypes: [...this.#payloadTypes],
      sent: this.#sent,
      sources: sources.slice(0, 32).map((source: RtpSourceReport) => ({
        ssrc: hex(source.ssrc),
        startMs: call(source.firstMs),
        endMs: call(source.lastMs),
        packets: source.packets,
        lost: source.lost,
        jitterMs: Math.round(source.jitterMs * 10) / 10,
        restarts: source.restarts,
        late: source.late,
        duplicates: source.duplicates,
        discarded: source.discarded,
      })),
      sourceChanges: changes.list.map((change) => ({
        atMs: call(change.atMs),
        ssrc: hex(change.ssrc),
        ...(change.from === undefined ? {} : { from: hex(change.from) }),
      })),
    };
  }

  #receive(data: Uint8Array, atMono: number): void {
    const packet = parseRtp(data);
    if (packet === undefined) return;
    this.#packets += 1;
    if (this.#payloadTypes.length < 16 && !this.#payloadTypes.includes(packet.payloadType))
      this.#payloadTypes.push(packet.payloadType);
    const eventType = this.#remote?.telephoneEvent ?? 101;
    const law = lawOf(packet.payloadType);
    const samples = law === undefined ? 0 : packet.payload.length;
    for (const delivery of this.#receiver.receive(packet, atMono, samples)) {
      const { payload, payloadType } = delivery.packet;
      if (payloadType === eventType && parseTelephoneEvent(payload) !== undefined) {
        this.#dtmfPackets += 1;
        continue;
      }
      const deliveredLaw = lawOf(payloadType);
      if (deliveredLaw === undefined) continue;
      const decoded = decodeG711(payload, deliveredLaw);
      if (delivery.gapSamples === 0) {
        this.#onAudio?.(decoded, delivery.endMs);
        continue;
      }
      const filled = new Int16Array(delivery.gapSamples + decoded.length);
      filled.set(decoded, delivery.gapSamples);
      this.#onAudio?.(filled, delivery.endMs);
    }
  }

  /** Sends 20 ms packets until `signal` aborts: silence, or the digits queued by `sendDigits`. */
  async run(clock: Clock, signal: AbortSignal): Promise<void> {
    let next = clock.monotonic();
    while (!signal.aborted && !this.#closed) {
      next += PACKET_MS;
      const now = clock.monotonic();
      if (now - next > MAX_LAG_MS) next = now;
      if (next > now) {
        try {
          await clock.sleep(next - now, signal);
        } catch {
          break;
        }
      }
      this.#sendOne();
    }
    for (const item of this.#queue.splice(0)) item.done();
  }

  /** Queues digits; resolves once they have been sent. */
  sendDigits(digits: string, options: { mode: DtmfMode; toneMs: number; gapMs: number }): Promise<void> {
    const items: Promise<void>[] = [];
    const mode = options.mode === 'rfc4733' && this.#remote?.telephoneEvent === undefined ? 'inband' : options.mode;
    for (const digit of digits) {
      items.push(
        new Promise((done) =>
          this.#queue.push({
            kind: mode === 'rfc4733' ? 'event' : 'tone',
            digit,
            packets: Math.max(1, Math.round(options.toneMs / PACKET_MS)),
            sent: 0,
            done,
          }),
        ),
      );
      items.push(
        new Promise((done) =>
          this.#queue.push({
            kind: 'pause',
            digit,
            packets: Math.max(1, Math.round(options.gapMs / PACKET_MS)),
            sent: 0,
            done,
          }),
        ),
      );
    }
    return Promise.all(items).then(() => undefined);
  }

  #sendOne(): void {
    const remote = this.#remote;
    if (remote === undefined) return;
    const item = this.#queue[0];
    const codecPt = CODEC_PAYLOAD[remote.codec];
    const law: G711Law = remote.codec === 'PCMU' ? 'pcmu' : 'pcma';
    if (item?.kind === 'event' && remote.telephoneEvent !== undefined) {
      this.#sendEvent(item, remote.telephoneEvent);
      return;
    }
    let payload: Uint8Array;
    if (item?.kind === 'tone') {
      payload = encodeG711(dtmfTone(item.digit, PACKET_MS, 8_000, this.#toneSample), law);
      this.#toneSample += PACKET_SAMPLES;
    } else payload = new Uint8Array(PACKET_SAMPLES).fill(G711_SILENCE[law]);
    this.#send(codecPt, false, this.#timestamp, payload);
    this.#timestamp = (this.#timestamp + PACKET_SAMPLES) >>> 0;
    if (item !== undefined) this.#advance(item);
  }

  /** RFC 4733: same timestamp for the whole event, growing duration, the end packet sent three times. */
  #sendEvent(item: Queued, payloadType: number): void {
    const event = DTMF_EVENTS.indexOf(item.digit.toUpperCase());
    item.sent += 1;
    const end = item.sent >= item.packets;
    const payload = telephoneEventPayload({ event, end, volume: 10, duration: item.sent * PACKET_SAMPLES });
    const repeats = end ? 3 : 1;
    for (let i = 0; i < repeats; i += 1) this.#send(payloadType, item.sent === 1 && i === 0, this.#timestamp, payload);
    if (end) {
      this.#timestamp = (this.#timestamp + item.sent * PACKET_SAMPLES) >>> 0;
      this.#queue.shift();
      item.done();
    }
  }

  #advance(item: Queued): void {
    item.sent += 1;
    if (item.sent < item.packets) return;
    this.#queue.shift();
    this.#toneSample = 0;
    item.done();
  }

  #send(payloadType: number, marker: boolean, timestamp: number, payload: Uint8Array): void {
    const remote = this.#remote;
    if (remote === undefined || this.#closed) return;
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#sent += 1;
    this.#socket.send(
      buildRtp({ payloadType, marker, sequence: this.#seq, timestamp, ssrc: this.#ssrc, payload }),
      remote.port,
      remote.address,
    );
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const item of this.#queue.splice(0)) item.done();
    this.#socket.close();
  }
}
