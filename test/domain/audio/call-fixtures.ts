import { CallAudio } from '../../../src/domain/audio/call-audio.ts';
import type { RecordingLibrary } from '../../../src/domain/audio/recording-library.ts';
import { speakText, speechMissing } from '../../../src/desk/phone/voices.ts';

export const speechTools = speechMissing();
if (speechTools !== undefined && process.env.CI) throw new Error(`${speechTools}: tests must not be skipped in CI`);

export const PROMPT_VOICE = { name: 'en-gb', speed: 165, pitch: 45 };
export const say = (
  text: string,
  voice: { name: string; speed: number; pitch: number } = PROMPT_VOICE,
): Promise<Int16Array> => speakText(text, voice);

/** Feeds a whole call's audio as 20 ms packets, each timed at the end of its audio (call time = sample time). */
export function listen(samples: Int16Array, library?: RecordingLibrary): CallAudio {
  const audio = new CallAudio(library === undefined ? {} : { library });
  for (let at = 0; at + 160 <= samples.length; at += 160) audio.push(samples.subarray(at, at + 160), (at + 160) / 8);
  audio.finish();
  return audio;
}

/** Where each part starts, in ms, for a sequence of parts. */
export function startsOf(parts: readonly Int16Array[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const part of parts) {
    starts.push(at / 8);
    at += part.length;
  }
  return starts;
}
