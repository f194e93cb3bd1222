import type { ProbeKind } from './channel.ts';

/**
 * - answered: the service responded (what it responded with is judged against each claim);
 * - unanswered: nothing came back before the probe's limit;
 * - rejected: the service refused (busy, closed, bounced, HTTP error, connection refused);
 * - inconclusive: our own side failed; never counted against a claim.
 */
export type Outcome = 'answered' | 'unanswered' | 'rejected' | 'inconclusive';

export const OUTCOMES: readonly Outcome[] = ['answered', 'unanswered', 'rejected', 'inconclusive'];

/** Durations in milliseconds from the moment the customer's first message, call or mail left the probe. */
export interface Timings {
  /** Connection established (WebSocket open, HTTP conversation created, call set up, SMTP accepted). */
  readonly connectMs?: number;
  /** First response of any kind: bot, auto-reply, IVR or human. */
  readonly firstResponseMs?: number;
  /** First response from a human. */
  readonly humanMs?: number;
  /** First automatic reply (auto-acknowledgement, bot). */
  readonly autoReplyMs?: number;
  /** Whole attempt, from start to hang-up. */
  readonly totalMs: number;
}

export type Speaker = 'customer' | 'bot' | 'human' | 'system' | 'unknown';

export interface TranscriptLine {
  /** Milliseconds since the attempt started. */
  readonly atMs: number;
  readonly from: Speaker;
  readonly text: string;
  /** Sender name as the service showed it, when there is one. */
  readonly name?: string;
}

/** A cut Kept made to what a peer sent (`docs/observation-json.md`): never silent. */
export interface Truncation {
  /** What was cut, e.g. `chat-api response body`, `evidence.transcript.text`. */
  readonly what: string;
  readonly unit: 'bytes' | 'characters' | 'lines' | 'items' | 'levels' | 'seconds' | 'messages';
  /** How much was kept at most. */
  readonly limit: number;
  /** How much there was (the largest, when several were cut; at least this much when reading stopped). */
  readonly seen: number;
  /** How many were cut, when more than one. */
  readonly count?: number;
}

export interface Evidence {
  readonly transcript?: readonly TranscriptLine[];
  /** Channel-specific facts, e.g. HTTP status, SIP response codes, mail headers. Values are plain JSON. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Files kept beside the store (screenshots, audio), as paths relative to the evidence directory. */
  readonly attachments?: readonly string[];
  /** What was cut to keep the observation bounded: message texts, bodies, transcripts, recordings. */
  readonly truncated?: readonly Truncation[];
}

/** One attempt by one probe. Its JSON form is documented in docs/observation-json.md. */
export interface Observation {
  /** Unique id of this run, e.g. a UUID. Never used as a metric label. */
  readonly id: string;
  readonly probeId: string;
  readonly kind: ProbeKind;
  /** Epoch milliseconds when the attempt started. */
  readonly startedAt: number;
  readonly outcome: Outcome;
  /** Why the outcome is what it is, in a plain sentence (always set unless answered normally). */
  readonly reason?: string;
  readonly timings: Timings;
  readonly humanReached: boolean;
  /** What an auto-reply promised, verbatim, e.g. "we will reply within 24 hours". */
  readonly autoReplyPromise?: string;
  /** Findings such as "no way forward" (dead-end bot, IVR loop). */
  readonly findings?: readonly string[];
  /**
   * Where the attempt was made from: the location of the fleet queue its worker took it from (a catalogue's
   * `locations`, or `default`). Absent for an attempt a single-machine `kept run` made.
   */
  readonly location?: string;
  readonly evidence: Evidence;
}
