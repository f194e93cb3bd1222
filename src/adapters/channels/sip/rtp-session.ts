import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { Clock } from '../../../app/ports.ts';
import { dtmfTone } from '../../../domain/audio/dtmf.ts';
import { decodeG711, encodeG711, G711_SILENCE, type G711Law } from '../../../protocols/g711/g711.ts';
import { buildRtp, DTMF_EVENTS, parseRtp, parseTelephoneEvent, telephoneEventPayload } from '../../../protocols/rtp/rtp-packet.ts';
import { CODEC_PAYLOAD, type Codec } from '../../../protocols/sdp/sdp.ts';

export interface RtpRemote {
  readonly address: string;
  readonly port: number;
  readonly codec: Codec;
  readonly telephoneEvent?: number;
}

export interface RtpStats {
  packets: number;
  lost: number;
  dtmfPackets: number;
  /** Payload types seen, e.g. [0, 101]. */
  payloadTypes: number[];
  sent: number;
}

export type DtmfMode = 'rfc4733' | 'inband';

const PACKET_SAMPLES = 160;
const PACKET_MS = 20;
/** Behind by more than this, the sender skips ahead instead of bursting (our own silence carries no content). */
const MAX_LAG_MS = 200;

const lawOf = (payloadType: number): G711Law | undefined => (payloadType === 0 ? 'pcmu' : payloadType === 8 ? 'pcma' : undefined);

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
  readonly stats: RtpStats = { packets: 0, lost: 0, dtmfPackets: 0, payloadTypes: [], sent: 0 };
  readonly #socket: Socket;
  readonly #host: string;
  #remote: RtpRemote | undefined;
  #onAudio: ((samples: Int16Array, atMono: number) => void) | undefined;
  #lastSeq: number | undefined;
  #nextTimestamp: number | undefined;
  /** The media clock: per SSRC, the extended timestamp and the smallest (arrival - timestamp time) seen. */
  #media: { ssrc: number; last: number; extended: number; offsetMs: number } | undefined;
  readonly #queue: Queued[] = [];
  readonly #ssrc = randomInt(1, 2 ** 31);
  #seq = randomInt(0, 30_000);
  #timestamp = randomInt(0, 2 ** 30);
  #toneSample = 0;
  #closed = false;

  private constructor(socket: Socket, host: string, clock: Clock) {
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

  /** Audio as it arrives, with the clock time its last sample was due (see #mediaTime). */
  onAudio(handler: (samples: Int16Array, atMono: number) => void): void {
    this.#onAudio = handler;
  }

  #receive(data: Buffer, atMono: number): void {
    const packet = parseRtp(data);
    if (packet === undefined) return;
    this.stats.packets += 1;
    if (!this.stats.payloadTypes.includes(packet.payloadType)) this.stats.payloadTypes.push(packet.payloadType);
    if (this.#lastSeq !== undefined) {
      const delta = (packet.sequence - this.#lastSeq + 0x10000) & 0xffff;
      if (delta === 0 || delta > 0x8000) return;
      this.stats.lost += delta - 1;
    }
    this.#lastSeq = packet.sequence;
    if (packet.payloadType === (this.#remote?.telephoneEvent ?? 101) && parseTelephoneEvent(packet.payload) !== undefined) {
      this.stats.dtmfPackets += 1;
      return;
    }
    const law = lawOf(packet.payloadType);
    if (law === undefined) return;
    const samples = decodeG711(packet.payload, law);
    const playedAt = this.#mediaTime(packet.ssrc, packet.timestamp, samples.length, atMono);
    const expected = this.#nextTimestamp;
    this.#nextTimestamp = (packet.timestamp + samples.length) >>> 0;
    const gap = expected === undefined ? 0 : (packet.timestamp - expected) >>> 0;
    if (gap > 0 && gap <= 16_000) {
      const filled = new Int16Array(gap + samples.length);
      filled.set(samples, gap);
      this.#onAudio?.(filled, playedAt);
      return;
    }
    this.#onAudio?.(samples, playedAt);
  }

  /**
   * When the end of a packet's audio was due, on our monotonic clock: its RTP timestamp (the sender's media clock)
   * plus the smallest offset between arrival and timestamp seen on the stream. The network and our own event-loop
   * stalls only ever delay packets, so the minimum is the true offset; a burst after a stall keeps its real timing.
   */
  #mediaTime(ssrc: number, timestamp: number, samples: number, arrival: number): number {
    let media = this.#media;
    if (media === undefined || media.ssrc !== ssrc) {
      media = { ssrc, last: timestamp, extended: 0, offsetMs: Infinity };
      this.#media = media;
    } else {
      const delta = (timestamp - media.last) >>> 0;
      media.extended += delta < 0x80000000 ? delta : delta - 0x100000000;
      media.last = timestamp;
    }
    const endMs = (media.extended + samples) / 8;
    media.offsetMs = Math.min(media.offsetMs, arrival - endMs);
    return endMs + media.offsetMs;
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
      items.push(new Promise((done) => this.#queue.push({ kind: mode === 'rfc4733' ? 'event' : 'tone', digit, packets: Math.max(1, Math.round(options.toneMs / PACKET_MS)), sent: 0, done })));
      items.push(new Promise((done) => this.#queue.push({ kind: 'pause', digit, packets: Math.max(1, Math.round(options.gapMs / PACKET_MS)), sent: 0, done })));
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
    this.stats.sent += 1;
    this.#socket.send(buildRtp({ payloadType, marker, sequence: this.#seq, timestamp, ssrc: this.#ssrc, payload }), remote.port, remote.address);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const item of this.#queue.splice(0)) item.done();
    this.#socket.close();
  }
}
