import { beforeAll, describe, expect, it } from 'vitest';
import { holdMusic } from '../../../src/desk/phone/hold-music.ts';
import { CallAudio } from '../../../src/domain/audio/call-audio.ts';
import { dtmfTone } from '../../../src/domain/audio/dtmf.ts';
import { listen, say, speechTools } from './call-fixtures.ts';
import { concat, melody, noise, silence, tone } from './signals.ts';

describe.skipIf(speechTools !== undefined)('what received audio sounds like', () => {
  let speech: Int16Array;
  beforeAll(async () => {
    speech = await say(
      'Thank you for calling. All of our advisers are busy. Please hold and we will be with you shortly.',
    );
  });

  it.each([
    ['a 425 Hz ringback tone', () => tone([425], 2_000), ['tone']],
    ['the 440 + 480 Hz North American ringback', () => tone([440, 480], 2_000), ['tone']],
    ['a held DTMF digit', () => dtmfTone('5', 1_500), ['tone']],
    ['the desk hold music', () => holdMusic(6, 1), ['music']],
    ['other hold music (random plucked notes)', () => melody(5_000), ['music']],
  ])('%s reads as %s', (_name, make, sounds) => {
    const audio = listen(concat(silence(500), make(), silence(1_000)));
    expect(audio.runs.map((run) => run.sound)).toEqual(sounds);
    expect(audio.runs[0]?.startMs).toBeCloseTo(500, -2);
  });

  // A hotline's first packet comes some time after the answer, and the quiet before it is filled in whole frames: the
  // quiet the call began with is no change of level within the music, however few frames it has. SIPp hold music
  // (which starts with a click: SIPp plays the WAV header as audio) whose first packet came 195 ms in read as 460 ms
  // of speech, then music, in a quarter of calls.
  it.each([0, 20, 100, 175, 195, 205, 400])('hold music whose first packet comes %i ms in reads as music', (leadMs) => {
    const music = concat(noise(6, 32_000), holdMusic(4, 2));
    const audio = new CallAudio();
    for (let at = 0; at + 160 <= music.length; at += 160)
      audio.push(music.subarray(at, at + 160), leadMs + (at + 160) / 8);
    audio.finish();
    expect(audio.runs.map((run) => run.sound)).toEqual(['music']);
    expect(Math.abs((audio.runs[0]?.startMs ?? 0) - leadMs)).toBeLessThanOrEqual(60);
  });

  it('speech reads as speech, utterance by utterance, starting where it starts', () => {
    const audio = listen(concat(silence(700), speech, silence(1_000)));
    expect(new Set(audio.runs.map((run) => run.sound))).toEqual(new Set(['speech']));
    expect(Math.abs((audio.runs[0]?.startMs ?? 0) - 700)).toBeLessThanOrEqual(40);
    expect(audio.runs.at(-1)?.endMs ?? 0).toBeGreaterThan(700 + (speech.length / 8) * 0.9);
  });

  it.each([
    ['digital silence', silence(3_000)],
    ['line noise at -65 dBFS', noise(3_000, 30)],
  ])('%s has no sound runs', (_name, samples) => {
    expect(listen(samples).runs).toEqual([]);
  });

  it('music then speech without a pause splits where the speech begins (within 300 ms)', () => {
    const music = holdMusic(4, 1);
    const audio = listen(concat(music, speech, silence(500)));
    expect(audio.runs.map((run) => run.sound).slice(0, 2)).toEqual(['music', 'speech']);
    expect(Math.abs((audio.runs[1]?.startMs ?? 0) - 4_000)).toBeLessThanOrEqual(300);
  });
});
