import type { RtpPacket } from './rtp-packet.ts';
import { RtpSource, type RtpSourceStats } from './rtp-source.ts';

/**
 * The receiving side of one RTP session with any number of sources (SSRCs): RFC 3550 receive state per source
 * (rtp-source.ts), the media clock per source, and which source is heard. A PBX that moves a call from its IVR to an
 * agent often starts a new source with its own SSRC, sequence numbers and timestamp base; each is validated and
 * timed on its own, and the newest validated source is the one heard (an older one again once the newer falls
 * silent). Pure: arrival times are passed in (ms on any monotonic clock), and the result says what to play when.
 */

/** One packet to play, in order within its source. */
export interface RtpDelivery {
  readonly packet: RtpPacket;
  readonly ssrc: number;
  /** Samples lost just before this packet in its source (timestamp gap), to fill with silence; 0 for the first. */
  readonly gapSamples: number;
  /** When the end of this packet's media was due, on the arrival clock (its timestamp plus the source's offset). */
  readonly endMs: number;
}

/** A change of the source being heard. */
export interface SourceChange {
  /** Arrival time (on the caller's clock) of the first packet heard from the source (a held one, after probation). */
  readonly atMs: number;
  readonly ssrc: number;
  /** The source heard before, if any. */
  readonly from?: number;
}

export interface RtpSourceReport extends RtpSourceStats {
  /** Arrival of the source's first and latest packets. */
  readonly firstMs: number;
  readonly lastMs: number;
}

export interface RtpReceiverOptions {
  /** RTP clock rate of the media (8000 for G.711). */
  readonly clockRate?: number;
  /** How long the heard source may be silent before an older source's packets are heard again. Default 200 ms. */
  readonly quietMs?: number;
  /** The most sources kept (oldest idle ones are forgotten beyond it: a peer cannot grow memory). Default 32. */
  readonly maxSources?: number;
  /** The longest timestamp gap filled with silence (samples); longer jumps start the media clock afresh. */
  readonly maxGapSamples?: number;
}

interface Held {
  readonly packet: RtpPacket;
  readonly arrivalMs: number;
  readonly samples: number;
}

interface SourceState {
  readonly source: RtpSource;
  readonly firstMs: number;
  lastMs: number;
  /** Packets waiting for the source's validation or a restart's confirmation. */
  held: Held[];
  /** Media clock: the extended timestamp and the smallest (arrival - media time) seen. */
  media: { last: number; extended: number; offsetMs: number } | undefined;
  /** Timestamp the next media packet should carry (after the latest one's samples). */
  nextTimestamp: number | undefined;
  /** Whether the source has ever been the one heard. */
  everHeard: boolean;
}

const MAX_CHANGES = 50;

export class RtpReceiver {
  readonly #sources = new Map<number, SourceState>();
  readonly #changes: SourceChange[] = [];
  #changeCount = 0;
  #forgotten = 0;
  #heard: number | undefined;
  readonly #clockRate: number;
  readonly #quietMs: number;
  readonly #maxSources: number;
  readonly #maxGap: number;

  constructor(options: RtpReceiverOptions = {}) {
    this.#clockRate = options.clockRate ?? 8_000;
    this.#quietMs = options.quietMs ?? 200;
    this.#maxSources = options.maxSources ?? 32;
    this.#maxGap = options.maxGapSamples ?? 2 * this.#clockRate;
  }

  /**
   * Takes one packet; returns the packets now ready to play (none while a new source is on probation, then the held
   * ones with it), or nothing when the packet is a duplicate, late, unbelievable, or from a source not being heard.
   * `samples`: the media duration of the packet in timestamp units (0 for non-media packets such as RFC 4733 events,
   * which are validated and delivered but neither timed nor counted in jitter).
   */
  receive(packet: RtpPacket, arrivalMs: number, samples: number): RtpDelivery[] {
    const state = this.#stateOf(packet, arrivalMs);
    state.lastMs = arrivalMs;
    const wasValidated = state.source.validated;
    const verdict = state.source.update(packet.sequence);
    const held: Held = { packet, arrivalMs, samples };
    if (verdict === 'probation' || verdict === 'bad') {
      // Only the packets of the current probation run (or the one unconfirmed jump) are worth keeping.
      const previous = state.held.at(-1);
      const continues = previous !== undefined && ((previous.packet.sequence + 1) & 0xffff) === packet.sequence;
      state.held = continues ? [...state.held, held] : [held];
      return [];
    }
    if (verdict === 'duplicate' || verdict === 'late') {
      state.held = [];
      return [];
    }
    // Held packets are played when they proved right: the probation run once the source is valid, the jump once the
    // next packet confirms it. A stray jump followed by the stream going on as before stays dropped.
    const ready = verdict === 'restart' || !wasValidated ? [...state.held, held] : [held];
    state.held = [];
    if (verdict === 'restart') {
      state.media = undefined;
      state.nextTimestamp = undefined;
      state.source.resetJitterReference();
    }
    if (!this.#hear(state, ready[0]?.arrivalMs ?? arrivalMs)) {
      // Not heard: still timed, so that the source's clock is right if it becomes the one heard.
      for (const item of ready) this.#deliver(state, item);
      return [];
    }
    return ready.map((item) => this.#deliver(state, item));
  }

  /** The source being heard, if any. */
  get heard(): number | undefined {
    return this.#heard;
  }

  /** Every source still known, in order of first arrival. */
  get sources(): RtpSourceReport[] {
    return [...this.#sources.values()]
      .sort((a, b) => a.firstMs - b.firstMs)
      .map((state) => ({ ...state.source.stats, firstMs: state.firstMs, lastMs: state.lastMs }));
  }

  /** Changes of the source heard (the first MAX_CHANGES), with how many there were in all. */
  get changes(): { list: readonly SourceChange[]; count: number; forgottenSources: number } {
    return { list: this.#changes, count: this.#changeCount, forgottenSources: this.#forgotten };
  }

  #stateOf(packet: RtpPacket, arrivalMs: number): SourceState {
    let state = this.#sources.get(packet.ssrc);
    if (state !== undefined) return state;
    if (this.#sources.size >= this.#maxSources) this.#forgetOldest();
    state = {
      source: new RtpSource(packet.ssrc, packet.sequence, this.#clockRate),
      firstMs: arrivalMs,
      lastMs: arrivalMs,
      held: [],
      media: undefined,
      nextTimestamp: undefined,
      everHeard: false,
    };
    this.#sources.set(packet.ssrc, state);
    return state;
  }

  #forgetOldest(): void {
    let oldest: SourceState | undefined;
    for (const state of this.#sources.values()) {
      if (state.source.ssrc !== this.#heard && (oldest === undefined || state.lastMs < oldest.lastMs)) oldest = state;
    }
    if (oldest === undefined) return;
    this.#sources.delete(oldest.source.ssrc);
    this.#forgotten += 1;
  }

  /**
   * Whether `state`'s packets are heard, switching to it when it is new or the heard source fell quiet. `arrivalMs`:
   * of the first packet about to be played (the change is recorded then).
   */
  #hear(state: SourceState, arrivalMs: number): boolean {
    const ssrc = state.source.ssrc;
    if (this.#heard === ssrc) return true;
    const current = this.#heard === undefined ? undefined : this.#sources.get(this.#heard);
    const quiet = current === undefined || arrivalMs - current.lastMs > this.#quietMs;
    if (state.everHeard && !quiet) return false;
    state.everHeard = true;
    this.#changeCount += 1;
    if (this.#changes.length < MAX_CHANGES)
      this.#changes.push({ atMs: arrivalMs, ssrc, ...(this.#heard === undefined ? {} : { from: this.#heard }) });
    this.#heard = ssrc;
    return true;
  }

  #deliver(state: SourceState, item: Held): RtpDelivery {
    const { packet, arrivalMs, samples } = item;
    if (samples === 0) return { packet, ssrc: state.source.ssrc, gapSamples: 0, endMs: arrivalMs };
    state.source.updateJitter(packet.timestamp, arrivalMs);
    const expected = state.nextTimestamp;
    let gap = expected === undefined ? 0 : (packet.timestamp - expected) >>> 0;
    if (gap > this.#maxGap) {
      // A timestamp jump (backwards, or further than any pause we fill): a new media clock from this packet.
      gap = 0;
      state.media = undefined;
      state.source.resetJitterReference();
      state.source.updateJitter(packet.timestamp, arrivalMs);
    }
    state.nextTimestamp = (packet.timestamp + samples) >>> 0;
    return {
      packet,
      ssrc: state.source.ssrc,
      gapSamples: gap,
      endMs: this.#mediaTime(state, packet.timestamp, samples, arrivalMs),
    };
  }

  /**
   * When the end of a packet's media was due, on the arrival clock: its timestamp (the sender's media clock) plus the
   * smallest offset between arrival and timestamp seen on this source. The network and the receiver's own stalls only
   * ever delay packets, so the minimum is the true offset; a burst after a stall keeps its real timing.
   */
  #mediaTime(state: SourceState, timestamp: number, samples: number, arrivalMs: number): number {
    let media = state.media;
    if (media === undefined) {
      media = { last: timestamp, extended: 0, offsetMs: Infinity };
      state.media = media;
    } else {
      const delta = (timestamp - media.last) >>> 0;
      media.extended += delta < 0x80000000 ? delta : delta - 0x100000000;
      media.last = timestamp;
    }
    const endMs = ((media.extended + samples) * 1_000) / this.#clockRate;
    media.offsetMs = Math.min(media.offsetMs, arrivalMs - endMs);
    return endMs + media.offsetMs;
  }
}
