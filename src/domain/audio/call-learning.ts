import type { AudioRun, CallAudio } from './call-audio.ts';
import type { RecordingLibrary } from './recording-library.ts';

/** Shortest run worth remembering: "Please hold." is 0.6 s (shorter ones are clicks, beeps, a word). */
const MIN_RUN_MS = 400;
/** Longest stretch of one run remembered (a long hold run is mostly its loop, repeated). */
const MAX_RUN_MS = 120_000;

export interface Learnt {
  /** Recordings from earlier calls heard again. */
  readonly recognised: string[];
  /** New recordings remembered from this call. */
  readonly learnt: string[];
}

/**
 * After a call, teaches the library what it heard: runs that matched known recordings count as heard again; runs that
 * repeated earlier audio of the same call count as a second play of that audio; anything else is remembered as
 * heard once. The person's words are remembered too, flagged: if they were a recorded greeting after all, an
 * identical replay on a later call will be recognised.
 */
export function learnFromCall(
  audio: CallAudio,
  library: RecordingLibrary,
  meta: { target: string; at: number; callId: string; personRuns?: ReadonlySet<number> },
): Learnt {
  const recognised = new Set<string>();
  const learnt: string[] = [];
  const idOfRun = new Map<number, string>();
  for (const run of audio.runs) {
    if (run.endMs - run.startMs < MIN_RUN_MS) continue;
    const evidence = audio.evidenceOf(run);
    if (evidence.libraryIds.length > 0) {
      for (const id of evidence.libraryIds) {
        library.heard(id, { at: meta.at, callId: meta.callId });
        recognised.add(id);
      }
      idOfRun.set(run.index, evidence.libraryIds[0] as string);
      continue;
    }
    const earlier = evidence.repeats.map((index) => idOfRun.get(index)).find((id) => id !== undefined);
    if (earlier !== undefined) {
      library.heard(earlier, { at: meta.at, callId: meta.callId });
      idOfRun.set(run.index, earlier);
      continue;
    }
    const span: AudioRun = { ...run, endMs: Math.min(run.endMs, run.startMs + MAX_RUN_MS) };
    const fingerprint = audio.fingerprintOf(span);
    if (fingerprint.loud.reduce((sum, v) => sum + v, 0) < 40) continue;
    const repeatsInCall = evidence.recorded > 0 ? 2 : 1;
    const person = meta.personRuns?.has(run.index) === true;
    const recording = library.learn(fingerprint, {
      sound: run.sound,
      target: meta.target,
      at: meta.at,
      callId: meta.callId,
      plays: repeatsInCall,
      person,
    });
    learnt.push(recording.id);
    idOfRun.set(run.index, recording.id);
  }
  return { recognised: [...recognised], learnt };
}
