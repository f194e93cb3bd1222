import type { AudioRun, CallAudio } from '../../../domain/audio/call-audio.ts';
import { assessHuman, type HumanRules } from '../../../domain/audio/human-detector.ts';
import { formatDuration } from '../../../domain/duration.ts';
import type { IvrStep } from './sip.options.ts';

export interface IvrContext {
  readonly audio: CallAudio;
  /** Call time now (ms since the INVITE left). */
  readonly now: () => number;
  /** Waits on the probe's clock; rejects when the attempt stops. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly press: (digits: string) => Promise<void>;
  /** Whether the far end has hung up. */
  readonly hungUp: () => boolean;
  readonly humanRules: HumanRules;
}

export interface StepRecord {
  readonly step: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly result: string;
}

export interface EscapeResult {
  readonly digits: string;
  readonly atMs: number;
  readonly result: 'person' | 'queue' | 'menu repeated' | 'another prompt' | 'nothing' | 'hung up';
  readonly afterMs?: number;
}

export interface IvrRecord {
  readonly steps: StepRecord[];
  readonly presses: { digits: string; atMs: number }[];
  escape?: EscapeResult;
}

const POLL_MS = 50;

function describe(step: IvrStep): string {
  if ('waitForPrompt' in step) return `waitForPrompt ${formatDuration(step.waitForPrompt.timeout)}`;
  if ('press' in step) return `press ${step.press}`;
  if ('wait' in step) return `wait ${formatDuration(step.wait)}`;
  return `escape ${step.escape.press}`;
}

/** Whether `run` plays the same audio as `earlier` (a repeat on this call, or the same known recording). */
export function sameAudio(audio: CallAudio, run: AudioRun, earlier: AudioRun): boolean {
  const evidence = audio.evidenceOf(run);
  if (evidence.repeats.includes(earlier.index)) return true;
  const before = audio.evidenceOf(earlier).libraryIds;
  return evidence.libraryIds.some((id) => before.includes(id));
}

/** Runs the catalogue's IVR script against the call, step by step. Stops early when the far end hangs up. */
export async function runIvr(script: readonly IvrStep[], ctx: IvrContext): Promise<IvrRecord> {
  const record: IvrRecord = { steps: [], presses: [] };
  for (const step of script) {
    if (ctx.hungUp()) break;
    const startMs = ctx.now();
    let result: string;
    if ('waitForPrompt' in step)
      result = await waitForPrompt(ctx, startMs, step.waitForPrompt.timeout, step.waitForPrompt.silence);
    else if ('press' in step) {
      await pressDigits(ctx, record, step.press);
      result = 'sent';
    } else if ('wait' in step) {
      await ctx.sleep(step.wait);
      result = 'done';
    } else {
      record.escape = await checkEscape(ctx, record, step.escape.press, step.escape.within);
      result = record.escape.result;
    }
    record.steps.push({ step: describe(step), startMs: Math.round(startMs), endMs: Math.round(ctx.now()), result });
  }
  return record;
}

async function pressDigits(ctx: IvrContext, record: IvrRecord, digits: string): Promise<void> {
  record.presses.push({ digits, atMs: Math.round(ctx.now()) });
  await ctx.press(digits);
}

/**
 * Waits for a prompt that starts (or is playing) after `fromMs` to end: speech, then quiet for `silenceMs`, or
 * music or a tone taking over (hold music straight after "please hold").
 */
async function waitForPrompt(ctx: IvrContext, fromMs: number, timeoutMs: number, silenceMs: number): Promise<string> {
  const { audio } = ctx;
  while (ctx.now() - fromMs < timeoutMs) {
    if (ctx.hungUp()) return 'hung up';
    const prompt = audio.runs.find((run) => run.sound === 'speech' && run.endMs > fromMs);
    if (prompt !== undefined) {
      const lastSpeech = audio.runs.filter((run) => run.sound === 'speech').at(-1) as AudioRun;
      const after = audio.runs[lastSpeech.index + 1];
      if (after !== undefined && after.sound !== 'speech' && after.endMs - after.startMs >= 600) {
        return `prompt ended at ${Math.round(lastSpeech.endMs)} ms (${after.sound} followed)`;
      }
      if (!lastSpeech.open && ctx.now() - (audio.lastLoudMs ?? 0) >= silenceMs)
        return `prompt ended at ${Math.round(lastSpeech.endMs)} ms`;
    }
    await ctx.sleep(POLL_MS);
  }
  return 'no prompt ended in time';
}

/**
 * The "press 0 for a person" check: press, then watch for `withinMs`. A person speaking, or music (a queue), is
 * success; the menu heard before the press playing again is the menu repeating; silence is nothing.
 */
async function checkEscape(
  ctx: IvrContext,
  record: IvrRecord,
  digits: string,
  withinMs: number,
): Promise<EscapeResult> {
  const { audio } = ctx;
  const promptsBefore = audio.runs.filter((run) => run.sound === 'speech');
  await pressDigits(ctx, record, digits);
  const atMs = record.presses.at(-1)!.atMs;
  let newPrompt: AudioRun | undefined;
  while (ctx.now() - atMs < withinMs) {
    if (ctx.hungUp()) return { digits, atMs, result: 'hung up', afterMs: Math.round(ctx.now() - atMs) };
    const after = audio.runs.filter((run) => run.startMs >= atMs);
    for (const run of after) {
      const evidence = audio.evidenceOf(run);
      if (run.sound === 'music') return { digits, atMs, result: 'queue', afterMs: Math.round(run.startMs - atMs) };
      if (run.sound !== 'speech' || evidence.chunks === 0) continue;
      if (promptsBefore.some((before) => sameAudio(audio, run, before))) {
        return { digits, atMs, result: 'menu repeated', afterMs: Math.round(run.startMs - atMs) };
      }
      newPrompt ??= run;
    }
    const human = assessHuman(audio, atMs, ctx.now(), ctx.humanRules);
    if (human.status === 'human') return { digits, atMs, result: 'person', afterMs: Math.round(human.startMs - atMs) };
    await ctx.sleep(POLL_MS);
  }
  if (newPrompt !== undefined)
    return { digits, atMs, result: 'another prompt', afterMs: Math.round(newPrompt.startMs - atMs) };
  return { digits, atMs, result: 'nothing' };
}

/**
 * IVR loops: a prompt heard, then keys pressed, then the same prompt again, `loopAfter` times or more. Returns the
 * finding's wording, or undefined.
 */
export function ivrLoop(
  audio: CallAudio,
  presses: readonly { digits: string; atMs: number }[],
  loopAfter: number,
): string | undefined {
  const prompts = audio.runs.filter((run) => run.sound === 'speech');
  for (const first of prompts) {
    const pressed = presses.filter((p) => p.atMs > first.startMs);
    if (pressed.length === 0) continue;
    const repeats = prompts.filter((run) => run.startMs > pressed[0]!.atMs && sameAudio(audio, run, first));
    if (repeats.length >= loopAfter) {
      const keys = pressed.map((p) => p.digits).join(', ');
      return `no way forward: the IVR played the prompt heard at ${formatDuration(first.startMs)} again ${repeats.length} time(s) after pressing ${keys}`;
    }
  }
  return undefined;
}
