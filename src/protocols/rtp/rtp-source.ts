/**
 * Receive state for one RTP source (one SSRC), as RFC 3550 appendix A gives it: sequence number validation with
 * probation (A.1), the extended highest sequence number and loss (A.3), interarrival jitter (A.8). Pure: arrival times
 * are passed in (ms on any monotonic clock).
 */

/** A.1: packets a new source must send in sequence before it is believed. */
export const MIN_SEQUENTIAL = 2;
/** A.1: the largest forward jump still taken as the same stream (packets lost). */
export const MAX_DROPOUT = 3_000;
/** A.1: the largest backward step taken as a late (reordered) packet rather than a jump. */
export const MAX_MISORDER = 100;
const SEQ_MOD = 0x10000;

/**
 * What one packet's sequence number says:
 * - `probation`: the source is not yet validated (held by the caller until it is, or dropped);
 * - `next`: in order (possibly after a gap of lost packets), the new highest;
 * - `restart`: the sender jumped to a new sequence base and kept to it (two packets in a row): in order from here;
 * - `duplicate`: the highest again; `late`: behind the highest by at most MAX_MISORDER (reordered);
 * - `bad`: a jump too large to believe yet (dropped unless the next packet confirms it).
 */
export type SequenceVerdict = 'probation' | 'next' | 'restart' | 'duplicate' | 'late' | 'bad';

export interface RtpSourceStats {
  readonly ssrc: number;
  /** Datagrams seen from this source, whatever their verdict. */
  readonly packets: number;
  /** A.3: valid packets received (in order, late and duplicates, as RFC 3550 counts them). */
  readonly received: number;
  /** A.3: packets expected from the first valid sequence number to the extended highest (summed over restarts). */
  readonly expected: number;
  /** expected - received, never below 0 (duplicates can make the difference negative). */
  readonly lost: number;
  /** The extended highest sequence number (cycles * 65536 + highest). */
  readonly extendedHighest: number;
  /** A.8: interarrival jitter, in ms. */
  readonly jitterMs: number;
  readonly late: number;
  readonly duplicates: number;
  /** Packets dropped as `bad` or by a failed probation. */
  readonly discarded: number;
  /** Times the sender moved to a new sequence base. */
  readonly restarts: number;
  readonly validated: boolean;
}

const u16 = (value: number): number => value & 0xffff;

export class RtpSource {
  readonly ssrc: number;
  readonly #clockRate: number;
  #maxSeq: number;
  #cycles = 0;
  #baseSeq: number;
  #badSeq = SEQ_MOD + 1;
  #probation = MIN_SEQUENTIAL;
  #received = 0;
  /** Expected and received before the latest restart (A.1's init_seq resets them; the evidence keeps the sum). */
  #expectedBefore = 0;
  #receivedBefore = 0;
  #packets = 0;
  #late = 0;
  #duplicates = 0;
  #discarded = 0;
  #restarts = 0;
  /** A.8, in timestamp units; undefined until a first transit time is known. */
  #transit: number | undefined;
  #jitter = 0;

  /** `sequence`: the first packet's; `clockRate`: the payload's RTP clock (8000 for G.711 and telephone-event). */
  constructor(ssrc: number, sequence: number, clockRate = 8_000) {
    this.ssrc = ssrc;
    this.#clockRate = clockRate;
    this.#baseSeq = sequence;
    this.#maxSeq = u16(sequence - 1);
  }

  /** A.1's update_seq for one packet. */
  update(sequence: number): SequenceVerdict {
    const seq = u16(sequence);
    this.#packets += 1;
    const udelta = u16(seq - this.#maxSeq);
    if (this.#probation > 0) {
      if (seq === u16(this.#maxSeq + 1)) {
        this.#probation -= 1;
        this.#maxSeq = seq;
        if (this.#probation === 0) {
          // The packets held in probation count too: the stream starts at the first of them.
          this.#init(u16(seq - (MIN_SEQUENTIAL - 1)), seq);
          this.#received = MIN_SEQUENTIAL;
          return 'next';
        }
      } else {
        this.#discarded += MIN_SEQUENTIAL - this.#probation;
        this.#probation = MIN_SEQUENTIAL - 1;
        this.#maxSeq = seq;
      }
      return 'probation';
    }
    if (udelta === 0) {
      this.#duplicates += 1;
      this.#received += 1;
      return 'duplicate';
    }
    if (udelta < MAX_DROPOUT) {
      if (seq < this.#maxSeq) this.#cycles += SEQ_MOD;
      this.#maxSeq = seq;
      this.#received += 1;
      return 'next';
    }
    if (udelta <= SEQ_MOD - MAX_MISORDER) {
      if (seq !== this.#badSeq) {
        this.#discarded += 1;
        this.#badSeq = u16(seq + 1);
        return 'bad';
      }
      // Two sequential packets: the other side restarted (or a PBX switched streams under the same SSRC).
      this.#expectedBefore += this.#expected();
      this.#receivedBefore += this.#received;
      this.#discarded -= 1;
      this.#restarts += 1;
      this.#init(u16(seq - 1), seq);
      this.#received = 2;
      this.#transit = undefined;
      return 'restart';
    }
    this.#late += 1;
    this.#received += 1;
    return 'late';
  }

  /** A.8: one packet's transit time into the jitter estimate (call it for media packets with their own timestamp). */
  updateJitter(timestamp: number, arrivalMs: number): void {
    const arrival = (arrivalMs * this.#clockRate) / 1_000;
    const transit = arrival - (timestamp >>> 0);
    if (this.#transit !== undefined) {
      let d = transit - this.#transit;
      // Timestamps wrap at 2^32: a difference near it is a small one the other way.
      if (d > 2 ** 31) d -= 2 ** 32;
      else if (d < -(2 ** 31)) d += 2 ** 32;
      this.#jitter += (Math.abs(d) - this.#jitter) / 16;
    }
    this.#transit = transit;
  }

  /** Forgets the transit time (the timestamp base changed): the next packet starts the jitter estimate afresh. */
  resetJitterReference(): void {
    this.#transit = undefined;
  }

  get validated(): boolean {
    return this.#probation === 0;
  }

  get stats(): RtpSourceStats {
    const expected = this.#expectedBefore + (this.validated ? this.#expected() : 0);
    const received = this.#receivedBefore + (this.validated ? this.#received : 0);
    return {
      ssrc: this.ssrc,
      packets: this.#packets,
      received,
      expected,
      lost: Math.max(0, expected - received),
      extendedHighest: this.#cycles + this.#maxSeq,
      jitterMs: (this.#jitter * 1_000) / this.#clockRate,
      late: this.#late,
      duplicates: this.#duplicates,
      discarded: this.#discarded,
      restarts: this.#restarts,
      validated: this.validated,
    };
  }

  #expected(): number {
    return this.#cycles + this.#maxSeq - this.#baseSeq + 1;
  }

  /** A.1's init_seq, for a run from `first` to `highest` (which may have wrapped past 65535 already). */
  #init(first: number, highest: number): void {
    this.#baseSeq = first;
    this.#maxSeq = highest;
    this.#badSeq = SEQ_MOD + 1;
    this.#cycles = highest < first ? SEQ_MOD : 0;
    this.#received = 0;
  }
}
