import { beforeAll, describe, expect, it } from 'vitest';
import { assessHuman } from '../../../src/domain/audio/human-detector.ts';
import type { RecordingLibrary } from '../../../src/domain/audio/recording-library.ts';
import { labelRuns } from '../../../src/domain/audio/run-labels.ts';
import { AGENT_VOICES, corpusMissing, synthesize } from '../../support/audio-corpus.ts';
import {
  concat,
  lineAudio,
  listen,
  placementCall,
  silence,
  warmLibrary,
  type LineAudio,
} from '../../support/placement-scenarios.ts';

const missing = corpusMissing();

describe.skipIf(missing !== undefined)('labelling every run of a call, matching the verdict', () => {
  let line: LineAudio;
  let library: RecordingLibrary;
  let agent: Int16Array;
  beforeAll(async () => {
    line = await lineAudio('pluck');
    library = warmLibrary(line);
    agent = await synthesize(AGENT_VOICES[1]!, 'Hi there, this is Priya from the support team. What can I do for you?');
  }, 60_000);

  it('a prompt cut off by the agent: music and the prompt are recordings, the person is live from their first word', () => {
    const call = placementCall('cuts-prompt', line, agent, 460);
    const audio = listen(call.samples, library);
    const verdict = assessHuman(audio, 0, audio.heardToMs);
    expect(verdict.status).toBe('human');
    if (verdict.status !== 'human') return;
    const labels = labelRuns(audio, verdict);
    const person = labels.filter((label) => label.person);
    expect(person.length).toBeGreaterThan(0);
    expect(person.every((label) => label.source === 'live' && label.sound === 'speech')).toBe(true);
    expect(person[0]?.startMs).toBe(verdict.startMs);
    const before = labels.filter((label) => label.endMs <= verdict.startMs);
    expect(before.map((label) => [label.sound, label.source])).toEqual([
      ['music', 'recording'],
      ['speech', 'recording'],
    ]);
    // Nothing after the person's start is the machine's in their turn.
    expect(labels.filter((label) => label.startMs >= verdict.startMs && !label.person)).toEqual([]);
  });

  it('an agent right after the hold music: the music is a recording up to where the agent starts', () => {
    const call = placementCall('after-music', line, agent);
    const audio = listen(call.samples, library);
    const verdict = assessHuman(audio, 0, audio.heardToMs);
    if (verdict.status !== 'human') throw new Error(`no person: ${verdict.status}`);
    const labels = labelRuns(audio, verdict);
    expect(labels[0]).toMatchObject({ sound: 'music', source: 'recording', person: false });
    expect(labels[0]!.endMs).toBeLessThanOrEqual(verdict.startMs);
    expect(labels.find((label) => label.person)?.startMs).toBe(verdict.startMs);
  });

  it("without a person every run is the line's, and long quiet is labelled silence", () => {
    const audio = listen(concat(silence(300), line.pleaseHold, silence(1_500), line.music, silence(500)), library);
    const verdict = assessHuman(audio, 0, audio.heardToMs);
    expect(verdict.status).toBe('listening');
    const labels = labelRuns(audio, verdict);
    expect(labels.map((label) => [label.sound, label.source, label.person])).toEqual([
      ['speech', 'recording', false],
      ['silence', 'unknown', false],
      ['music', 'recording', false],
    ]);
  });
});
