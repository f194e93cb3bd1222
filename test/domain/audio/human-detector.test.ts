import { beforeAll, describe, expect, it } from 'vitest';
import { learnFromCall } from '../../../src/domain/audio/call-learning.ts';
import { assessHuman, DEFAULT_HUMAN_RULES } from '../../../src/domain/audio/human-detector.ts';
import { RecordingLibrary } from '../../../src/domain/audio/recording-library.ts';
import { holdMusic } from '../../../src/desk/phone/hold-music.ts';
import { listen, say, speechTools, startsOf } from './call-fixtures.ts';
import { concat, silence } from './signals.ts';

const AGENT = { name: 'en-us+f2', speed: 175, pitch: 65 };

describe.skipIf(speechTools !== undefined)('telling the person from the machine', () => {
  let menu: Int16Array;
  let announcement: Int16Array;
  let agent: Int16Array;
  let music: Int16Array;
  beforeAll(async () => {
    menu = await say('Welcome to Demo Desk. For billing, press 1. For technical support, press 2.');
    announcement = await say('Your call is important to us. Please stay on the line.');
    agent = await say('Hi there, you are through to Priya. How can I help you today?', AGENT);
    music = holdMusic(4, 1);
  });

  it('after the IVR and a hold loop heard twice, the agent is found at their first word, confidently', () => {
    const parts = [
      silence(300),
      menu,
      silence(1_200),
      music,
      announcement,
      music,
      announcement.subarray(0, 12_000),
      silence(400),
      agent,
      silence(3_000),
    ];
    const starts = startsOf(parts);
    const audio = listen(concat(...parts));
    const verdict = assessHuman(audio, starts[2] as number, audio.heardToMs);
    expect(verdict.status).toBe('human');
    if (verdict.status !== 'human') return;
    expect(Math.abs(verdict.startMs - (starts[8] as number))).toBeLessThanOrEqual(60);
    expect(verdict.confidence).toBe(1);
    expect(verdict.review).toBe(false);
    const repeated = audio.runs.filter((run) => audio.evidenceOf(run).repeats.length > 0).map((run) => run.sound);
    expect(repeated).toEqual(expect.arrayContaining(['music', 'speech']));
  });

  it('a person who picks up right after an announcement the line knows only in part is found at their first word', async () => {
    // An earlier call heard only the announcement's last sentence, so this call's announcement opens with unknown words,
    // goes on into a known recording, and the agent speaks 400 ms after it: one turn of speech (seen in the demo).
    const opening = await say('Thank you for waiting. Your call is important to us.');
    const known = await say('Please stay on the line.');
    const library = new RecordingLibrary();
    const earlier = listen(
      concat(silence(500), music, known, silence(300), music, known, silence(300), music),
      library,
    );
    learnFromCall(earlier, library, { target: 'sip:x', at: 1, callId: 'a' });
    const parts = [menu, silence(1_200), music, opening, silence(350), known, silence(400), agent, silence(3_000)];
    const starts = startsOf(parts);
    const audio = listen(concat(...parts), library);
    const before = audio.runs.filter(
      (run) =>
        run.sound === 'speech' && run.startMs >= (starts[3] as number) && run.startMs < (starts[7] as number) - 100,
    );
    expect(before.map((run) => audio.evidenceOf(run).recorded > 0)).toContain(false);
    expect(before.at(-1) !== undefined && audio.evidenceOf(before.at(-1)!).recorded > 0).toBe(true);
    const verdict = assessHuman(audio, (starts[1] as number) + 500, audio.heardToMs);
    expect(verdict.status).toBe('human');
    if (verdict.status !== 'human') return;
    expect(Math.abs(verdict.startMs - (starts[7] as number))).toBeLessThanOrEqual(60);
  });

  it('a greeting heard for the first time, with nothing before it, is a person marked for review', () => {
    const audio = listen(concat(silence(500), agent, silence(3_000)));
    const verdict = assessHuman(audio, 0, audio.heardToMs);
    expect(verdict).toMatchObject({ status: 'human', confidence: 0.45, review: true });
  });

  it.each([
    ['an announcement that hold music follows', () => [announcement, silence(300), music]],
    ['a short "hello?" alone', () => [agent.subarray(0, 4_000), silence(3_000)]],
    ['unknown words leading into the menu heard before', () => [announcement, silence(400), menu, silence(3_000)]],
  ])('%s is no person', (_name, make) => {
    const parts = [menu, silence(1_000), ...make()];
    const audio = listen(concat(...parts));
    expect(assessHuman(audio, (startsOf(parts)[1] as number) + 500, audio.heardToMs).status).toBe('listening');
  });

  it('speech is only pending until the line stays quiet for the confirmation time', () => {
    const parts = [menu, silence(1_000), agent, silence(3_000)];
    const audio = listen(concat(...parts));
    const afterMenu = (startsOf(parts)[1] as number) + 500;
    const agentEnd = (startsOf(parts)[2] as number) + agent.length / 8;
    expect(assessHuman(audio, afterMenu, agentEnd + 500).status).toBe('pending');
    expect(assessHuman(audio, afterMenu, agentEnd + DEFAULT_HUMAN_RULES.confirmMs + 100).status).toBe('human');
  });

  it('what one call learnt, the next call recognises: the first-heard greeting is a recording the second time', () => {
    const library = new RecordingLibrary();
    const first = listen(concat(silence(500), announcement, silence(3_000)), library);
    const verdict = assessHuman(first, 0, first.heardToMs);
    expect(verdict.status).toBe('human');
    const personRuns = new Set(verdict.status === 'human' ? verdict.utterances : []);
    const learnt = learnFromCall(first, library, { target: 'sip:x', at: 1, callId: 'a', personRuns });
    expect(learnt.learnt.length).toBeGreaterThan(0);
    const second = listen(concat(silence(800), announcement, silence(3_000)), library);
    expect(assessHuman(second, 0, second.heardToMs).status).toBe('listening');
    expect(learnFromCall(second, library, { target: 'sip:x', at: 2, callId: 'b' }).recognised.sort()).toEqual(
      [...learnt.learnt].sort(),
    );
  });
});
