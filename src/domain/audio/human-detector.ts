import type { AudioRun, CallAudio, RunEvidence } from './call-audio.ts';

export interface HumanRules {
  /** Speech shorter than this is not yet a person (a cough, "hi" from a recording). Default 1,000 ms. */
  readonly minSpeechMs: number;
  /** After a candidate's speech ends, how long to listen for hold music coming back. Default 2,500 ms. */
  readonly confirmMs: number;
  /** Below this confidence the result is marked for review. Default 0.7. */
  readonly reviewBelow: number;
}

/** Music or a tone after speech must last this long to mark the speech as an announcement (not a mislabel). */
const MIN_RESUMED_MS = 1_500;

/** Audio is timed from the start of its packet, up to a packet before it arrived: speech may read that early. */
const AFTER_SLACK_MS = 60;

/** Known audio that reaches this close to a run's end covers the run (a frame and a half). */
const WHOLE_RUN_SLACK_MS = 30;
/** Where a known lead ends is rounded to the nearest 20 ms frame. */
const FRAME_ROUND_MS = 10;
/** Runs this close are one sound that changed class (no pause between them). */
const ABUTTING_MS = 300;
/**
 * Unknown sound at the end of a known run, right before the person's run, is the person's opening (a word heard as
 * part of the music) when it lasts at least 100 ms and begins at most 1.2 s before their run.
 */
const UNKNOWN_TAIL_MIN_MS = 100;
const UNKNOWN_TAIL_MAX_MS = 1_200;
/** A recorded run whose last 300 ms or more match nothing holds something new at its end. */
const UNKNOWN_END_MIN_MS = 300;

export const DEFAULT_HUMAN_RULES: HumanRules = { minSpeechMs: 1_000, confirmMs: 2_500, reviewBelow: 0.7 };

export type HumanVerdict =
  | { readonly status: 'listening' }
  | { readonly status: 'pending'; readonly run: AudioRun }
  | {
      readonly status: 'human';
      readonly run: AudioRun;
      /** Call time the person started speaking. */
      readonly startMs: number;
      /** The person's utterances in that turn. */
      readonly utterances: readonly number[];
      readonly confidence: number;
      readonly review: boolean;
      readonly reasons: readonly string[];
    };

/** Whether the chunks of a run match audio heard before (on earlier calls or earlier on this one). */
export function isRecorded(evidence: RunEvidence): boolean {
  return evidence.chunks > 0 && evidence.recorded * 2 >= evidence.chunks;
}

/**
 * Consecutive speech runs (less than `confirmMs` apart, nothing lasting between them): one side's turn to talk. A
 * short run labelled music belongs to the turn too: a single sustained word ("Hello") can read as music.
 */
function turnsOf(runs: readonly AudioRun[], from: number, rules: HumanRules): AudioRun[][] {
  const turns: AudioRun[][] = [];
  let turn: AudioRun[] = [];
  for (const run of runs.slice(from)) {
    const last = turn.at(-1);
    const lasting = run.open || run.endMs - run.startMs >= MIN_RESUMED_MS;
    if (run.sound === 'tone' || (run.sound === 'music' && lasting)) {
      if (lasting && turn.length > 0) {
        turns.push(turn);
        turn = [];
      }
      continue;
    }
    if (last !== undefined && run.startMs - last.endMs >= rules.confirmMs) {
      turns.push(turn);
      turn = [];
    }
    turn.push(run);
  }
  if (turn.length > 0) turns.push(turn);
  return turns.filter((members) => members.some((run) => run.sound === 'speech'));
}

/**
 * The first turn of speech after `afterMs` (the end of the IVR script) with at least `minSpeechMs` of speech that
 * matches no known recording, repeats nothing earlier on the call and is not repeated later, and is not followed by
 * hold music or tones, is a person: they start speaking at the first unknown utterance of that turn (recorded
 * utterances in the turn, such as the end of a hold announcement they cut off, are skipped; unknown speech that
 * leads on into a recording is the machine's, so only speech after the turn's last recording counts). It is decided once
 * `confirmMs` have passed after the turn without music coming back. The confidence starts at 0.55; it rises by 0.2
 * when recordings were recognised earlier on the call (the matcher works on this line), by 0.15 for 1.5 s of speech
 * or more and by 0.1 when it followed the line's own audio; it falls by 0.25 when nothing at all was heard before it
 * (a recorded greeting heard for the first time looks just like a person).
 */
export function assessHuman(
  audio: CallAudio,
  afterMs: number,
  nowMs: number,
  rules: HumanRules = DEFAULT_HUMAN_RULES,
): HumanVerdict {
  const runs = audio.runs;
  const first = runs.findIndex((run) => run.startMs >= afterMs - AFTER_SLACK_MS);
  if (first < 0) return { status: 'listening' };
  const evidence = new Map<number, RunEvidence>();
  const evidenceOf = (run: AudioRun): RunEvidence => {
    let found = evidence.get(run.index);
    if (found === undefined) {
      found = audio.evidenceOf(run);
      evidence.set(run.index, found);
    }
    return found;
  };
  // A run that plays known audio to its end (a short prompt the chunks missed) is recorded too.
  const recorded = (run: AudioRun): boolean => {
    if (isRecorded(evidenceOf(run))) return true;
    const lead = run.open ? undefined : audio.knownLeadEndMs(run);
    return lead !== undefined && lead >= run.endMs - WHOLE_RUN_SLACK_MS;
  };
  for (const turn of turnsOf(runs, first, rules)) {
    const last = turn.at(-1) as AudioRun;
    // A person does not carry on into a recording: unknown speech followed, in the same turn, by a known recording is
    // the machine's (a first-heard announcement leading back into the menu). A person may start right after one, though
    // (an agent picking up as an announcement ends): only what follows the turn's last recording can be theirs.
    const lastRecorded = turn.reduce((found, run) => (recorded(run) ? run.index : found), -1);
    const unknown = turn.filter(
      (run) =>
        run.index > lastRecorded &&
        !recorded(run) &&
        !runs.slice(run.index + 1).some((later) => evidenceOf(later).repeats.includes(run.index)),
    );
    // The turn's last recording may end inside its run, with unknown speech after it and no pause (the hold music,
    // heard as speech, running into the agent): the person starts where it stops matching.
    const partly = lastRecorded < 0 ? undefined : unknownEnd(audio, runs[lastRecorded] as AudioRun);
    if (partly !== undefined) unknown.unshift(runs[lastRecorded] as AudioRun);
    const person =
      partly !== undefined
        ? unknown[0]
        : unknown.find((run) => evidenceOf(run).chunks > 0 || run.endMs - run.startMs >= 600);
    const startMs = person === undefined ? undefined : (partly ?? personStart(audio, person));
    const skipped = person === undefined || startMs === undefined ? 0 : startMs - person.startMs;
    const spoken = unknown.reduce((sum, run) => sum + run.endMs - run.startMs, 0) - skipped;
    const after = runs[last.index + 1];
    const resumed =
      after !== undefined && after.sound !== 'speech' && (after.open || after.endMs - after.startMs >= MIN_RESUMED_MS);
    if (resumed && after.startMs - last.endMs <= rules.confirmMs) continue;
    if (spoken < rules.minSpeechMs && !last.open) continue;
    if (person === undefined || startMs === undefined) continue;
    if (last.open || nowMs < last.endMs + rules.confirmMs || spoken < rules.minSpeechMs)
      return { status: 'pending', run: person };
    return decide(audio, { run: person, startMs, spoken }, unknown, evidenceOf, rules);
  }
  return { status: 'listening' };
}

/**
 * Where the person starts in (or just before) their first run: where the known audio they cut off or followed without
 * a pause ends. The run may open with the end of a known prompt or of the hold music (the classes' context reached
 * across the boundary); or the run before it, abutting it, may end with unknown sound after its known audio stopped
 * (a short "Hello" heard as part of the music): the person started there.
 */
function personStart(audio: CallAudio, person: AudioRun): number {
  const at = (knownEndMs: number, beforeMs: number): number =>
    audio.loudFrom(knownEndMs - FRAME_ROUND_MS, beforeMs) ?? person.startMs;
  const lead = audio.knownLeadEndMs(person);
  if (lead !== undefined) return at(lead, person.endMs);
  const previous = audio.runs[person.index - 1];
  if (previous === undefined || person.startMs - previous.endMs >= ABUTTING_MS) return person.startMs;
  const tail = audio.knownTailEndMs(previous);
  if (tail === undefined) return person.startMs;
  if (tail >= person.startMs) return at(tail, person.endMs);
  const unknownTail = previous.endMs - tail;
  if (unknownTail >= UNKNOWN_TAIL_MIN_MS && person.startMs - tail <= UNKNOWN_TAIL_MAX_MS)
    return at(tail, person.startMs);
  return person.startMs;
}

/** Where unknown sound takes over from the known audio of a recorded run, when the last 300 ms or more are unknown. */
function unknownEnd(audio: CallAudio, run: AudioRun): number | undefined {
  if (run.open) return undefined;
  const tail = audio.knownTailEndMs(run);
  if (tail === undefined || tail <= run.startMs || run.endMs - tail < UNKNOWN_END_MIN_MS) return undefined;
  return audio.loudFrom(tail - FRAME_ROUND_MS, run.endMs);
}

function decide(
  audio: CallAudio,
  { run, startMs, spoken }: { run: AudioRun; startMs: number; spoken: number },
  unknown: readonly AudioRun[],
  evidenceOf: (run: AudioRun) => RunEvidence,
  rules: HumanRules,
): HumanVerdict {
  const reasons: string[] = ['speech matching no recording heard before'];
  let confidence = 0.55;
  const earlier = audio.runs.slice(0, run.index);
  if (earlier.some((r) => evidenceOf(r).recorded > 0)) {
    confidence += 0.2;
    reasons.push('recordings were recognised earlier on this call');
  }
  if (spoken >= 1_500) {
    confidence += 0.15;
    reasons.push('at least 1.5 s of speech');
  }
  if (earlier.length > 0) {
    confidence += 0.1;
    reasons.push("it followed the line's own audio (IVR, hold)");
  } else {
    confidence -= 0.25;
    reasons.push('nothing was heard before it, so it may be a recorded greeting heard for the first time');
  }
  confidence = Math.round(Math.max(0, Math.min(1, confidence)) * 100) / 100;
  const utterances = unknown.filter((r) => r.index >= run.index).map((r) => r.index);
  return {
    status: 'human',
    run,
    startMs,
    utterances,
    confidence,
    review: confidence < rules.reviewBelow,
    reasons,
  };
}
