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

export const DEFAULT_HUMAN_RULES: HumanRules = { minSpeechMs: 1_000, confirmMs: 2_500, reviewBelow: 0.7 };

export type HumanVerdict =
  | { readonly status: 'listening' }
  | { readonly status: 'pending'; readonly run: AudioRun }
  | {
      readonly status: 'human';
      readonly run: AudioRun;
      /** Call time the person started speaking. */
      readonly startMs: number;
      readonly confidence: number;
      readonly review: boolean;
      readonly reasons: readonly string[];
    };

/** Why a speech run is a recording rather than a person, or undefined when nothing says so. */
export function recordingReason(run: AudioRun, evidence: RunEvidence, following: AudioRun | undefined, rules: HumanRules): string | undefined {
  if (evidence.chunks > 0 && evidence.recorded * 2 >= evidence.chunks) {
    return evidence.libraryIds.length > 0 ? `matches known recording ${evidence.libraryIds.join(', ')}` : 'repeats audio heard earlier on the call';
  }
  const lasting = following !== undefined && (following.open || following.endMs - following.startMs >= MIN_RESUMED_MS);
  if (following !== undefined && lasting && following.sound !== 'speech' && following.startMs - run.endMs <= rules.confirmMs) {
    return `${following.sound} resumed after it (an announcement)`;
  }
  return undefined;
}

/**
 * The first sustained speech after `afterMs` (the end of the IVR script) that matches no known recording, is not a
 * repeat of earlier audio on the call, and is not followed by hold music or tones, is a person. It is decided once
 * `confirmMs` of the call has passed after that speech ended without music coming back. The confidence starts at
 * 0.55 and rises with evidence that the matcher works on this line (recordings recognised earlier in the call), clean
 * pauses in the speech (no music bed under it) and a long enough utterance; it falls when nothing at all was heard
 * before it (a recorded greeting heard for the first time looks just like a person).
 */
export function assessHuman(audio: CallAudio, afterMs: number, nowMs: number, rules: HumanRules = DEFAULT_HUMAN_RULES): HumanVerdict {
  const runs = audio.runs;
  for (const run of runs) {
    if (run.sound !== 'speech' || run.startMs < afterMs - AFTER_SLACK_MS) continue;
    const evidence = audio.evidenceOf(run);
    const following = runs[run.index + 1];
    if (recordingReason(run, evidence, following, rules) !== undefined) continue;
    const laterRepeat = runs.slice(run.index + 1).some((later) => audio.evidenceOf(later).repeats.includes(run.index));
    if (laterRepeat) continue;
    const duration = run.endMs - run.startMs;
    if (!run.open && duration < rules.minSpeechMs) continue;
    if (run.open || nowMs < run.endMs + rules.confirmMs) return { status: 'pending', run };
    return decide(audio, run, evidence, rules);
  }
  return { status: 'listening' };
}

function decide(audio: CallAudio, run: AudioRun, evidence: RunEvidence, rules: HumanRules): HumanVerdict {
  const reasons: string[] = ['speech matching no recording heard before'];
  let confidence = 0.55;
  const earlier = audio.runs.slice(0, run.index);
  const recognised = earlier.some((r) => audio.evidenceOf(r).recorded > 0);
  if (recognised) {
    confidence += 0.15;
    reasons.push('recordings were recognised earlier on this call');
  }
  if (evidence.quietShare >= 0.1) {
    confidence += 0.15;
    reasons.push('clean pauses (no music bed)');
  }
  if (run.endMs - run.startMs >= 1_500) {
    confidence += 0.15;
    reasons.push('at least 1.5 s of speech');
  }
  if (earlier.length === 0) {
    confidence -= 0.25;
    reasons.push('nothing was heard before it, so it may be a recorded greeting heard for the first time');
  }
  confidence = Math.round(Math.max(0, Math.min(1, confidence)) * 100) / 100;
  return { status: 'human', run, startMs: run.startMs, confidence, review: confidence < rules.reviewBelow, reasons };
}
