import { fromBase64, toBase64 } from './base64.ts';
import { FP_PER_SECOND, type Fingerprint } from './fingerprint.ts';
import { FingerprintIndex, type MatchOptions } from './fingerprint-index.ts';
import type { SoundClass } from './sound.ts';

/** A stretch of audio Kept heard on a call and remembers, to recognise it when it plays again. */
export interface LearnedRecording {
  readonly id: string;
  /** What it sounded like when first heard. */
  readonly sound: Exclude<SoundClass, 'silence'>;
  /** The number (SIP URI) it was heard on first. */
  readonly target: string;
  readonly durationMs: number;
  readonly firstHeardAt: number;
  lastHeardAt: number;
  /** Distinct calls it was heard on. */
  calls: number;
  /** Times heard in all (a hold loop plays several times a call). */
  plays: number;
  /** Internal: the call it was last heard on. */
  lastCall: string;
  /** First heard as a person: only a near-identical replay of it counts as a match (see PERSON_MAX_BER). */
  readonly person?: boolean;
}

/**
 * A recording first judged to be a person matches only below this bit error rate. The same recording replayed reads
 * under 0.15 (docs/architecture/sip-channel.md); a person saying the same words again, or a speech synthesiser with a
 * different voice, pace or pitch, reads over 0.2.
 */
export const PERSON_MAX_BER = 0.2;

/** Heard at least twice: a recording, never a live person. */
export const isKnownRecording = (recording: LearnedRecording): boolean => recording.plays >= 2;

export interface LibraryOptions {
  /** Most sub-fingerprints kept (125 a second of audio). Default 1,500,000 (3.3 hours, about 6 MB). */
  readonly maxWords?: number;
  /** A recording heard once and not since this long is forgotten first. Default 30 days. */
  readonly forgetSingleAfterMs?: number;
}

interface SerializedRecording extends Omit<LearnedRecording, 'lastCall'> {
  readonly lastCall: string;
  readonly words: string;
  readonly loud: string;
}

export interface SerializedLibrary {
  readonly version: 1;
  readonly recordings: SerializedRecording[];
}

/**
 * What Kept has learnt about the audio of the lines it calls: every stretch of audio that was not already known is
 * kept (as a fingerprint) after each call; when it is heard again, on the same call or a later one, it is a known
 * recording (an IVR prompt, hold music, an announcement). Live speech never repeats, so it stays heard-once and is
 * forgotten first when the library is full.
 */
export class RecordingLibrary {
  readonly #index = new FingerprintIndex();
  readonly #byEntry = new Map<number, LearnedRecording>();
  readonly #entryOf = new Map<string, number>();
  readonly #maxWords: number;
  readonly #forgetSingleAfterMs: number;
  #next = 1;

  constructor(options: LibraryOptions = {}) {
    this.#maxWords = options.maxWords ?? 1_500_000;
    this.#forgetSingleAfterMs = options.forgetSingleAfterMs ?? 30 * 86_400_000;
  }

  get recordings(): readonly LearnedRecording[] {
    return [...this.#byEntry.values()];
  }

  /**
   * The known or heard-once recording `query` plays, if any (bit error rate at most `maxBer`, default 0.3; see
   * `MatchOptions` for the rest).
   */
  lookup(
    query: Fingerprint,
    options: Omit<MatchOptions, 'exclude'> = {},
  ): { recording: LearnedRecording; offset: number; ber: number } | undefined {
    const match = this.#index.match(query, { maxBer: 0.3, ...options });
    if (match === undefined) return undefined;
    const recording = this.#byEntry.get(match.entry);
    if (recording === undefined || (recording.person === true && match.ber > PERSON_MAX_BER)) return undefined;
    return { recording, offset: match.offset, ber: match.ber };
  }

  /** The sub-fingerprints of a recording (a view: do not change them), to follow an alignment word by word. */
  fingerprintOf(id: string): Fingerprint | undefined {
    const entry = this.#entryOf.get(id);
    return entry === undefined ? undefined : this.#index.view(entry);
  }

  /** Remembers new audio heard on a call; returns the new recording. */
  learn(
    fingerprint: Fingerprint,
    meta: {
      sound: LearnedRecording['sound'];
      target: string;
      at: number;
      callId: string;
      plays?: number;
      person?: boolean;
    },
  ): LearnedRecording {
    const entry = this.#index.add(fingerprint);
    const recording: LearnedRecording = {
      id: `rec-${this.#next}`,
      sound: meta.sound,
      target: meta.target,
      durationMs: Math.round((fingerprint.words.length * 1_000) / FP_PER_SECOND),
      firstHeardAt: meta.at,
      lastHeardAt: meta.at,
      calls: 1,
      plays: meta.plays ?? 1,
      lastCall: meta.callId,
      ...(meta.person === true ? { person: true } : {}),
    };
    this.#next += 1;
    this.#byEntry.set(entry, recording);
    this.#entryOf.set(recording.id, entry);
    this.#evict(meta.at);
    return recording;
  }

  /** Notes that a recording was heard (again) on a call. */
  heard(id: string, at: { at: number; callId: string }): void {
    const entry = this.#entryOf.get(id);
    const recording = entry === undefined ? undefined : this.#byEntry.get(entry);
    if (recording === undefined) return;
    recording.plays += 1;
    if (recording.lastCall !== at.callId) recording.calls += 1;
    recording.lastCall = at.callId;
    recording.lastHeardAt = Math.max(recording.lastHeardAt, at.at);
  }

  #evict(now: number): void {
    const stale = [...this.#byEntry.entries()].filter(
      ([, r]) => r.plays < 2 && now - r.lastHeardAt > this.#forgetSingleAfterMs,
    );
    for (const [entry] of stale) this.#drop(entry);
    if (this.#index.words <= this.#maxWords) return;
    const order = [...this.#byEntry.entries()].sort(
      ([, a], [, b]) => Number(isKnownRecording(a)) - Number(isKnownRecording(b)) || a.lastHeardAt - b.lastHeardAt,
    );
    for (const [entry] of order) {
      if (this.#index.words <= this.#maxWords) break;
      this.#drop(entry);
    }
  }

  #drop(entry: number): void {
    const recording = this.#byEntry.get(entry);
    this.#index.remove(entry);
    this.#byEntry.delete(entry);
    if (recording !== undefined) this.#entryOf.delete(recording.id);
  }

  toJSON(): SerializedLibrary {
    const recordings: SerializedRecording[] = [];
    for (const [entry, recording] of this.#byEntry) {
      const fingerprint = this.#index.fingerprint(entry);
      if (fingerprint === undefined) continue;
      const words = new Uint8Array(
        fingerprint.words.buffer,
        fingerprint.words.byteOffset,
        fingerprint.words.byteLength,
      );
      recordings.push({ ...recording, words: toBase64(words), loud: toBase64(fingerprint.loud) });
    }
    return { version: 1, recordings };
  }

  /** A library from its JSON form; throws a RangeError for anything else. */
  static fromJSON(data: unknown, options: LibraryOptions = {}): RecordingLibrary {
    const library = new RecordingLibrary(options);
    const parsed = data as Partial<SerializedLibrary> | null;
    if (parsed === null || typeof parsed !== 'object' || parsed.version !== 1 || !Array.isArray(parsed.recordings)) {
      throw new RangeError('not a recording library (version 1)');
    }
    for (const item of parsed.recordings) {
      const bytes = fromBase64(item.words);
      const words = new Uint32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4));
      const entry = library.#index.add({ words, loud: fromBase64(item.loud) });
      const { words: _w, loud: _l, ...meta } = item;
      library.#byEntry.set(entry, { ...meta });
      library.#entryOf.set(meta.id, entry);
      library.#next = Math.max(library.#next, Number(meta.id.replace(/^rec-/, '')) + 1 || library.#next);
    }
    return library;
  }
}
