import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { Clock } from '../../app/ports.ts';
import { buildRtp, DTMF_EVENTS, parseRtp, parseTelephoneEvent } from '../../protocols/rtp/rtp-packet.ts';
import { detectDtmfBlock } from '../../domain/audio/dtmf.ts';
import { decodeG711, encodeG711, G711_SILENCE, type G711Law } from '../../protocols/g711/g711.ts';

const PACKET = 160;
const PACKET_MS = 20;
/** Most packets sent in one wake-up when catching up (a compressed clock, a stalled event loop). */
const MAX_BURST = 50;

interface Clip {
  readonly samples: Int16Array;
  at: number;
  readonly onStart?: (scheduledMono: number, sentMono: number) => void;
  readonly done: (how: 'played' | 'stopped') => void;
}

/**
 * The desk's side of a call's audio: plays clips as 20 ms G.711 packets paced by the clock (silence between them,
 * catching up after a stall so no audio is lost), and hears the caller's DTMF, as RFC 4733 events or in-band tones.
 */
export class RtpPlayer {
  readonly #socket: Socket;
  readonly #clock: Clock;
  #remote: { address: string; port: number; law: G711Law; payloadType: number; eventType: number } | undefined;
  readonly #clips: Clip[] = [];
  #onDigit: ((digit: string, via: 'rfc4733' | 'inband', atMono: number) => void) | undefined;
  #lastEvent: number | undefined;
  #inband: { digit?: string; blocks: number } = { blocks: 0 };
  readonly #ssrc = randomInt(1, 2 ** 31);
  #seq = randomInt(0, 30_000);
  #timestamp = randomInt(0, 2 ** 30);
  #closed = false;

  private constructor(socket: Socket, clock: Clock) {
    this.#socket = socket;
    this.#clock = clock;
    socket.on('message', (data) => this.#receive(data));
    socket.on('error', () => undefined);
  }

  static async open(host: string, clock: Clock): Promise<RtpPlayer> {
    const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, host, () => resolve());
    });
    return new RtpPlayer(socket, clock);
  }

  get port(): number {
    return this.#socket.address().port;
  }

  setRemote(remote: { address: string; port: number; codec: 'PCMU' | 'PCMA'; telephoneEvent?: number }): void {
    const law: G711Law = remote.codec === 'PCMU' ? 'pcmu' : 'pcma';
    this.#remote = {
      address: remote.address,
      port: remote.port,
      law,
      payloadType: law === 'pcmu' ? 0 : 8,
      eventType: remote.telephoneEvent ?? 101,
    };
  }

  onDigit(handler: (digit: string, via: 'rfc4733' | 'inband', atMono: number) => void): void {
    this.#onDigit = handler;
  }

  /**
   * Queues a clip; resolves when it has played out or was stopped. `onStart` gets the clock time its first packet was
   * due in the stream's media timeline (what the caller hears) and the time it actually left (later, when the desk
   * runs behind and catches up).
   */
  play(
    samples: Int16Array,
    onStart?: (scheduledMono: number, sentMono: number) => void,
  ): Promise<'played' | 'stopped'> {
    return new Promise((done) =>
      this.#clips.push({ samples, at: 0, ...(onStart === undefined ? {} : { onStart }), done }),
    );
  }

  /** Stops the clip playing and drops those queued. */
  stopAll(): void {
    for (const clip of this.#clips.splice(0)) clip.done('stopped');
  }

  /** Sends a packet every 20 ms of the clock until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    let next = this.#clock.monotonic();
    while (!signal.aborted && !this.#closed) {
      const wait = next - this.#clock.monotonic();
      if (wait > 0) {
        try {
          await this.#clock.sleep(wait, signal);
        } catch {
          break;
        }
      }
      let burst = 0;
      while (next <= this.#clock.monotonic() && burst < MAX_BURST) {
        this.#sendOne(next);
        next += PACKET_MS;
        burst += 1;
      }
    }
    this.stopAll();
  }

  /** Sends the packet due at `due` (the stream's schedule: one every 20 ms, never skipped). */
  #sendOne(due: number): void {
    const remote = this.#remote;
    if (remote === undefined || this.#closed) return;
    const clip = this.#clips[0];
    let payload: Uint8Array;
    if (clip === undefined) payload = new Uint8Array(PACKET).fill(G711_SILENCE[remote.law]);
    else {
      if (clip.at === 0) clip.onStart?.(due, this.#clock.monotonic());
      const frame = new Int16Array(PACKET);
      frame.set(clip.samples.subarray(clip.at, clip.at + PACKET));
      payload = encodeG711(frame, remote.law);
      clip.at += PACKET;
      if (clip.at >= clip.samples.length) {
        this.#clips.shift();
        clip.done('played');
      }
    }
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#timestamp = (this.#timestamp + PACKET) >>> 0;
    const packet = buildRtp({
      payloadType: remote.payloadType,
      marker: false,
      sequence: this.#seq,
      timestamp: this.#timestamp,
      ssrc: this.#ssrc,
      payload,
    });
    this.#socket.send(packet, remote.port, remote.address);
  }

  #receive(data: Buffer): void {
    const at = this.#clock.monotonic();
    const packet = parseRtp(data);
    if (packet === undefined || this.#remote === undefined) return;
    if (packet.payloadType === this.#remote.eventType) {
      const event = parseTelephoneEvent(packet.payload);
      if (event === undefined || packet.timestamp === this.#lastEvent) return;
      this.#lastEvent = packet.timestamp;
      const digit = DTMF_EVENTS[event.event];
      if (digit !== undefined) this.#onDigit?.(digit, 'rfc4733', at);
      return;
    }
    const law = packet.payloadType === 0 ? 'pcmu' : packet.payloadType === 8 ? 'pcma' : undefined;
    if (law === undefined) return;
    const samples = decodeG711(packet.payload, law);
    const digit = samples.length >= PACKET ? detectDtmfBlock(samples, 0, PACKET) : undefined;
    if (digit !== undefined && digit === this.#inband.digit) {
      this.#inband.blocks += 1;
      if (this.#inband.blocks === 2) this.#onDigit?.(digit, 'inband', at);
    } else this.#inband = digit === undefined ? { blocks: 0 } : { digit, blocks: 1 };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.stopAll();
    this.#socket.close();
  }
}
