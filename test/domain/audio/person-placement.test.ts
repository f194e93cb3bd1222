import { beforeAll, describe, expect, it } from 'vitest';
import { assessHuman } from '../../../src/domain/audio/human-detector.ts';
import type { RecordingLibrary } from '../../../src/domain/audio/recording-library.ts';
import {
  AGENT_VOICES,
  corpusMissing,
  g711RoundTrip,
  type MusicStyle,
  realRecordings,
  synthesize,
  withNoise,
} from '../../support/audio-corpus.ts';
import {
  concat,
  errorSummary,
  lineAudio,
  listen,
  placementCall,
  silence,
  warmLibrary,
  type LineAudio,
  type ScenarioKind,
} from '../../support/placement-scenarios.ts';

// Placement is read in audio time (samples fed as packets), not on a clock: an accuracy test for pass 1.
const missing = corpusMissing();
if (missing !== undefined) console.warn(`skipping person placement on the audio corpus: ${missing}`);

const GREETINGS = [
  "Hello, you're through to Sam. How can I help you today?",
  'Hi there, this is Priya from the support team. What can I do for you?',
  'Good morning, Alex speaking. Could I take your account number, please?',
];

const STYLES: readonly MusicStyle[] = ['pluck', 'pad', 'pulse'];
const KINDS: readonly ScenarioKind[] = [
  'after-music',
  'after-music-pause',
  'cuts-prompt',
  'cuts-fragment',
  'after-short-prompt',
];
/** Cut-off lengths of the prompt or fragment the agent interrupts (the issue saw 460-900 ms). */
const CUTS = [460, 700, 900];

describe.skipIf(missing !== undefined)('placing the person to the syllable (audio corpus, 3 engines)', () => {
  const lines: { line: LineAudio; library: RecordingLibrary }[] = [];
  const agents: { name: string; samples: Int16Array }[] = [];
  beforeAll(async () => {
    for (const style of STYLES) {
      const line = await lineAudio(style);
      lines.push({ line, library: warmLibrary(line) });
    }
    for (const [i, voice] of AGENT_VOICES.entries()) {
      const samples = await synthesize(voice, GREETINGS[i % GREETINGS.length] as string);
      agents.push({ name: `${voice.engine}:${voice.voice}`, samples });
    }
    // Real recordings (KEPT_AUDIO_CORPUS): agents join the agents; music beds and prompts make more lines.
    const base = lines[0]!.line;
    for (const real of realRecordings()) {
      if (real.label === 'agent') agents.push({ name: `real:${real.file}`, samples: real.samples });
      const line =
        real.label === 'music'
          ? { ...base, music: real.samples }
          : real.label === 'prompt'
            ? { ...base, pleaseHold: real.samples, announcement: real.samples }
            : undefined;
      if (line !== undefined) lines.push({ line, library: warmLibrary(line) });
    }
  }, 60_000);

  it.each(KINDS)('%s: the person is found in every call, within 250 ms at p95 (μ-law, A-law, hiss)', (kind) => {
    const errors: number[] = [];
    const misses: string[] = [];
    for (const [i, agent] of agents.entries()) {
      for (const cut of kind === 'cuts-prompt' || kind === 'cuts-fragment' ? CUTS : [600]) {
        // Each agent hears one of the three music beds (plucked arpeggio, tremolo pad, square bass with a hi-hat).
        const { line, library } = lines[i % lines.length]!;
        const call = placementCall(kind, line, agent.samples, cut);
        const law = i % 2 === 0 ? 'pcmu' : 'pcma';
        const heard = g711RoundTrip(withNoise(call.samples, -62, i + 1), law);
        const copy = copyOf(library);
        const audio = listen(heard, copy);
        const verdict = assessHuman(audio, 0, audio.heardToMs);
        if (verdict.status !== 'human') {
          misses.push(`${agent.name} cut ${cut}: ${verdict.status}`);
          continue;
        }
        errors.push(verdict.startMs - call.truthMs);
      }
    }
    const summary = errorSummary(errors);
    const said = `${kind}: p50 ${summary.p50} ms, p95 ${summary.p95} ms, max ${summary.max} ms over ${errors.length}`;
    console.info(`person placement, ${said}; errors ${errors.map((e) => e.toFixed(0)).join(' ')}`);
    expect(misses, said).toEqual([]);
    // The target: |error| <= 250 ms at p95.
    expect(summary.p95, said).toBeLessThanOrEqual(250);
  });

  it.each(STYLES.map((style, i) => [style, i] as const))(
    'a line that only plays its recordings (%s music, a prompt cut short, an announcement) has no person',
    (_style, i) => {
      const { line, library } = lines[i]!;
      const parts = [
        silence(300),
        line.music.subarray(0, 8 * 2_500),
        line.pleaseHold.subarray(0, 8 * 460),
        line.music,
        silence(300),
        line.announcement,
        line.music,
      ];
      const audio = listen(g711RoundTrip(withNoise(concat(...parts), -62, i), 'pcmu'), copyOf(library));
      expect(assessHuman(audio, 0, audio.heardToMs).status).toBe('listening');
    },
  );
});

/** Each call gets its own copy of the warmed library (a call must not learn from another call's agent). */
function copyOf(library: RecordingLibrary): RecordingLibrary {
  const ctor = library.constructor as typeof RecordingLibrary;
  return ctor.fromJSON(JSON.parse(JSON.stringify(library.toJSON())));
}
