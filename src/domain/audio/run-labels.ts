import type { AudioRun, CallAudio } from './call-audio.ts';
import { isRecorded, type HumanVerdict } from './human-detector.ts';
import type { SoundClass } from './sound.ts';

/** Quiet between runs at least this long is labelled as silence (shorter gaps are pauses between words). */
const SILENCE_MS = 1_000;
/** A person who starts this far into a run splits it: the run's opening was the machine's. */
const SPLIT_MS = 40;

/**
 * What one stretch of a call's audio was: its class, whether it was a recording (matched audio heard before, on an
 * earlier call or earlier on this one), live (the person), or not known either way (first heard), and whether it is
 * the person's. The labels follow the verdict: the person's stretches are exactly those from its start.
 */
export interface RunLabel {
  /** The run it comes from (absent for silence). A run the person started inside gives two labels. */
  readonly run?: number;
  readonly sound: SoundClass;
  readonly startMs: number;
  readonly endMs: number;
  readonly source: 'recording' | 'live' | 'unknown';
  /** The person speaking (from the verdict's start on, in their turn). */
  readonly person: boolean;
  /** The library recordings it matched. */
  readonly libraryIds: readonly string[];
  /** Earlier runs of this call it repeats. */
  readonly repeats: readonly number[];
}

/**
 * Labels every run of a call, and the silences of a second or more between them, in call time. When the person
 * started inside a run (cutting off a prompt, or right as the hold music stopped), the run is split there: its opening
 * is labelled as the machine's audio, the rest as the person.
 */
export function labelRuns(audio: CallAudio, human: HumanVerdict): RunLabel[] {
  const person = human.status === 'human' ? human : undefined;
  const personRuns = new Set(person?.utterances ?? []);
  const labels: RunLabel[] = [];
  let previousEnd: number | undefined;
  for (const run of audio.runs) {
    if (previousEnd !== undefined && run.startMs - previousEnd >= SILENCE_MS)
      labels.push(silence(previousEnd, run.startMs));
    previousEnd = run.endMs;
    const evidence = audio.evidenceOf(run);
    const lead = audio.knownLeadEndMs(run);
    const known = isRecorded(evidence) || (lead !== undefined && lead >= run.endMs - SPLIT_MS);
    const base = {
      run: run.index,
      sound: run.sound,
      libraryIds: evidence.libraryIds,
      repeats: evidence.repeats,
    };
    const machine = (startMs: number, endMs: number, recorded: boolean): RunLabel => ({
      ...base,
      startMs,
      endMs,
      source: recorded ? 'recording' : 'unknown',
      person: false,
    });
    const live = (startMs: number): RunLabel => ({
      ...base,
      sound: 'speech',
      startMs,
      endMs: run.endMs,
      source: 'live',
      person: true,
    });
    if (person === undefined || run.endMs <= person.startMs) {
      labels.push(machine(run.startMs, run.endMs, known));
    } else if (run.startMs < person.startMs - SPLIT_MS) {
      // The person started inside this run: its opening was the line's known audio.
      labels.push(machine(run.startMs, person.startMs, true), live(person.startMs));
    } else if (personRuns.has(run.index) || startsTurn(run, person)) {
      labels.push(live(Math.max(run.startMs, person.startMs)));
    } else {
      labels.push(machine(run.startMs, run.endMs, known));
    }
  }
  return labels;
}

/** The run the verdict names (the person may start just before it, in the run they cut off). */
const startsTurn = (run: AudioRun, person: { run: AudioRun }): boolean => run.index === person.run.index;

const silence = (startMs: number, endMs: number): RunLabel => ({
  sound: 'silence',
  startMs,
  endMs,
  source: 'unknown',
  person: false,
  libraryIds: [],
  repeats: [],
});
