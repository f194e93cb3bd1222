/**
 * PBX-like calls for person-placement tests, built from the audio corpus: what the line plays (its recordings, known
 * from earlier calls), where the agent truly starts, and a library warmed the way an earlier call would warm it.
 */
import { CallAudio } from '../../src/domain/audio/call-audio.ts';
import { learnFromCall } from '../../src/domain/audio/call-learning.ts';
import { RecordingLibrary } from '../../src/domain/audio/recording-library.ts';
import { musicBed, PROMPT_VOICE, synthesize, type MusicStyle } from './audio-corpus.ts';

export interface LineAudio {
  /** "Please hold." (about 0.6 s). */
  readonly pleaseHold: Int16Array;
  readonly announcement: Int16Array;
  /** A hold-music bed (a few seconds), looped by the line. */
  readonly music: Int16Array;
}

export async function lineAudio(style: MusicStyle = 'pluck'): Promise<LineAudio> {
  return {
    pleaseHold: await synthesize(PROMPT_VOICE, 'Please hold.'),
    announcement: await synthesize(PROMPT_VOICE, 'Your call is important to us. Please stay on the line.'),
    music: await musicBed(style, 4),
  };
}

export const silence = (ms: number): Int16Array => new Int16Array(Math.round(ms * 8));

export function concat(...parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Milliseconds before the first 20 ms frame louder than -50 dBFS (where the classifier hears sound begin). */
export function leadInMs(samples: Int16Array): number {
  for (let at = 0; at + 160 <= samples.length; at += 160) {
    let energy = 0;
    for (let i = at; i < at + 160; i += 1) energy += (samples[i] as number) ** 2;
    if (10 * Math.log10(energy / 160 / 32_768 ** 2) > -50) return at / 8;
  }
  return 0;
}

/** Feeds a call's audio as 20 ms packets (call time = sample time). */
export function listen(samples: Int16Array, library?: RecordingLibrary): CallAudio {
  const audio = new CallAudio(library === undefined ? {} : { library });
  for (let at = 0; at + 160 <= samples.length; at += 160) audio.push(samples.subarray(at, at + 160), (at + 160) / 8);
  audio.finish();
  return audio;
}

/**
 * A library that knows the line: an earlier call heard its prompts and announcement twice and its music loop,
 * and learnt them (as Kept does after every call).
 */
export function warmLibrary(line: LineAudio): RecordingLibrary {
  const library = new RecordingLibrary();
  const earlier = concat(
    silence(400),
    line.pleaseHold,
    silence(600),
    line.music,
    line.music,
    silence(400),
    line.announcement,
    silence(500),
    line.music,
    silence(400),
    line.announcement,
    silence(500),
    line.pleaseHold,
    silence(800),
  );
  learnFromCall(listen(earlier, library), library, { target: 'sip:line', at: 1, callId: 'warm-1' });
  return library;
}

export type ScenarioKind = 'after-music' | 'after-music-pause' | 'cuts-prompt' | 'cuts-fragment' | 'after-short-prompt';

export interface PlacementCall {
  readonly kind: ScenarioKind;
  /** What the line plays before the agent (the agent starts right after it unless stated). */
  readonly before: Int16Array;
  readonly agent: Int16Array;
  /** Call time (ms) of the agent's first loud frame. */
  readonly truthMs: number;
  readonly samples: Int16Array;
}

/**
 * - `after-music`: hold music, and the agent the instant it stops (`after-music-pause`: 200 ms later);
 * - `cuts-prompt`: music, then "Please hold." cut off after `cutMs` by the agent;
 * - `cuts-fragment`: music, then `cutMs` from the middle of the announcement (a stream joined late), then the agent;
 * - `after-short-prompt`: "Please hold." whole, a 400 ms pause, the agent.
 */
export function placementCall(kind: ScenarioKind, line: LineAudio, agent: Int16Array, cutMs = 600): PlacementCall {
  const music = line.music.subarray(0, 8 * 2_600);
  const cut = (samples: Int16Array, fromMs: number): Int16Array =>
    samples.subarray(Math.round(fromMs * 8), Math.round((fromMs + cutMs) * 8));
  const before =
    kind === 'after-music'
      ? concat(silence(300), line.music.subarray(0, 8 * 3_000))
      : kind === 'after-music-pause'
        ? concat(silence(300), line.music.subarray(0, 8 * 3_000), silence(200))
        : kind === 'cuts-prompt'
          ? concat(silence(300), music, silence(300), cut(line.pleaseHold, 0))
          : kind === 'cuts-fragment'
            ? concat(silence(300), music, silence(300), cut(line.announcement, 900))
            : concat(silence(300), music, silence(300), line.pleaseHold, silence(400));
  const truthMs = before.length / 8 + leadInMs(agent);
  return { kind, before, agent, truthMs, samples: concat(before, agent, silence(3_000)) };
}

/** p50, p95 and max of absolute errors. */
export function errorSummary(errors: readonly number[]): { p50: number; p95: number; max: number } {
  const sorted = errors.map(Math.abs).sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
}
