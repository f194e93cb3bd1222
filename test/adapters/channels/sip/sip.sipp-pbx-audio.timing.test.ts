import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSipChannel } from '../../../../src/adapters/channels/sip/sip.channel.ts';
import { RecordingLibrary } from '../../../../src/domain/audio/recording-library.ts';
import type { Observation } from '../../../../src/domain/observation.ts';
import { encodeG711 } from '../../../../src/protocols/g711/g711.ts';
import { AGENT_VOICES, corpusMissing, realRecordings, synthesize } from '../../../support/audio-corpus.ts';
import {
  concat,
  errorSummary,
  leadInMs,
  lineAudio,
  silence,
  warmLibrary,
  type LineAudio,
} from '../../../support/placement-scenarios.ts';
import { rtpPcap } from '../../../support/rtp-pcap.ts';
import { LOADED_SLACK_MS } from '../../../support/timing.ts';
import { sippMissing, startSipp, type Sipp } from '../../../support/sipp.ts';
import { memoryLog, probeContext, sipProbe } from './support.ts';

// Serial pass: the calls' audio arrives as real-time RTP streams from SIPp and the assertions are on timings.
const missing = sippMissing() ?? corpusMissing();
if (missing !== undefined) console.warn(`skipping SIPp PBX-like audio timing test: ${missing}`);

const GREETINGS = [
  "Hello, you're through to Sam. How can I help you today?",
  'Hi there, this is Priya from the support team. What can I do for you?',
  'Good morning, Alex speaking. Could I take your account number, please?',
];

interface RunDetail {
  readonly sound: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly source: string;
  readonly person?: boolean;
}

type Kind = 'ssrc-change-after-music' | 'please-hold-cut-off';

interface Streams {
  readonly queue: Uint8Array;
  readonly agent: Uint8Array;
  /** The queue stream's length (ms): the scenario's pause before the agent's stream. */
  readonly firstMs: number;
}

const whole = (samples: Int16Array): Int16Array => concat(samples, silence((160 - (samples.length % 160)) / 8));

/**
 * The PBX's two streams. `ssrc-change-after-music`: hold music, then the agent the instant it stops, from a new RTP
 * source (new SSRC, sequence 10,000 behind, new timestamp base). `please-hold-cut-off`: music, "Please hold." cut off
 * after 460 ms by the agent on the same source (sequence and timestamps run on), as a PBX bridging the agent does.
 */
function streams(kind: Kind, line: LineAudio, agent: Int16Array): Streams {
  const queue =
    kind === 'ssrc-change-after-music'
      ? whole(line.music.subarray(0, 8 * 3_000))
      : whole(concat(line.music.subarray(0, 8 * 2_600), silence(300), line.pleaseHold.subarray(0, 8 * 460)));
  const ssrc = randomInt(1, 2 ** 31);
  const sequence = randomInt(0, 65_536);
  const timestamp = randomInt(0, 2 ** 31) * 2;
  const first = { ssrc, sequence, timestamp, payload: encodeG711(queue, 'pcmu'), payloadType: 0 };
  const packets = queue.length / 160;
  const second =
    kind === 'ssrc-change-after-music'
      ? { ssrc: ssrc ^ 0x5a5a5a5a, sequence: (sequence + 55_536) & 0xffff, timestamp: randomInt(0, 2 ** 31) }
      : { ssrc, sequence: (sequence + packets) & 0xffff, timestamp: (timestamp + queue.length) >>> 0 };
  return {
    queue: rtpPcap(first),
    agent: rtpPcap({ ...second, payload: encodeG711(concat(agent, silence(500)), 'pcmu'), payloadType: 0 }),
    firstMs: queue.length / 8,
  };
}

describe.skipIf(missing !== undefined)(
  'PBX-like calls from SIPp: the person placed to the syllable (serial pass)',
  () => {
    const running: Sipp[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'kept-sipp-pbx-audio-'));
    afterEach(async () => {
      await Promise.all(running.splice(0).map((s) => s.stop()));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    async function call(
      kind: Kind,
      line: LineAudio,
      library: RecordingLibrary,
      agent: Int16Array,
      name: string,
    ): Promise<{ observation: Observation; personError: number; answerError: number }> {
      const { queue, agent: agentPcap, firstMs } = streams(kind, line, agent);
      writeFileSync(join(dir, `${name}-queue.pcap`), queue);
      writeFileSync(join(dir, `${name}-agent.pcap`), agentPcap);
      const hotline = await startSipp({
        scenario: 'answer-two-sources.xml',
        replace: { FIRST_PCAP: join(dir, `${name}-queue.pcap`), SECOND_PCAP: join(dir, `${name}-agent.pcap`) },
        set: { firstms: firstMs, gapms: 0, holdms: agent.length / 8 + 3_000 },
        traceMessages: true,
      });
      running.push(hotline);
      // Each call has its own copy of what earlier calls taught the probe (so no call learns another's agent).
      const copy = RecordingLibrary.fromJSON(JSON.parse(JSON.stringify(library.toJSON())));
      const channel = createSipChannel({ log: memoryLog(), library: copy });
      const observation = await channel.run(sipProbe(hotline.uri, { human: { confirm: '1500ms' } }), probeContext());
      // SIPp answers the probe's BYE and ends the call; its message log is complete once it has exited.
      await Promise.race([hotline.exited, new Promise((done) => setTimeout(done, 10_000))]);
      const ofCall = hotline.messages();
      await hotline.stop();
      const invite = ofCall.find((m) => m.direction === 'in' && m.firstLine.startsWith('INVITE'));
      const ok = ofCall.find((m) => m.direction === 'out' && m.firstLine.startsWith('SIP/2.0 200'));
      const ack = ofCall.find((m) => m.direction === 'in' && m.firstLine.startsWith('ACK'));
      // Call time 0 is the INVITE leaving the probe; on loopback it reaches SIPp well under a millisecond later. SIPp
      // starts the queue stream when the ACK arrives and the agent's stream `firstMs` later (its pause timer, 1 ms).
      const truth = (ack?.atMs ?? NaN) - (invite?.atMs ?? NaN) + firstMs + leadInMs(agent);
      return {
        observation,
        personError: (observation.timings.humanMs ?? NaN) - truth,
        answerError: (observation.timings.connectMs ?? NaN) - ((ok?.atMs ?? NaN) - (invite?.atMs ?? NaN)),
      };
    }

    it.each<Kind>(['ssrc-change-after-music', 'please-hold-cut-off'])(
      '%s: a person found in every call, within 250 ms of the true start at p95, the answer within 10 ms (8 voices, 3 engines)',
      async (kind) => {
        const line = await lineAudio('pluck');
        // The probe knows the line from earlier calls (its prompts and hold music, heard twice), as after one call.
        const library = warmLibrary(line);
        const agents = await Promise.all(
          AGENT_VOICES.map(async (voice, i) => ({
            name: `${voice.engine}-${voice.voice}`.replace(/[^a-z0-9-]/gi, '_'),
            samples: await synthesize(voice, GREETINGS[i % GREETINGS.length] as string),
          })),
        );
        // Real agents' recordings join when KEPT_AUDIO_CORPUS names them.
        for (const real of realRecordings().filter((r) => r.label === 'agent'))
          agents.push({ name: `real-${real.file}`.replace(/[^a-z0-9-]/gi, '_'), samples: real.samples });
        // A warm-up call (module loading, JIT), not counted.
        await call(kind, line, library, agents[0]!.samples, 'warm-up');
        const person: number[] = [];
        const answer: number[] = [];
        const lines: string[] = [];
        for (const agent of agents) {
          const result = await call(kind, line, library, agent.samples, agent.name);
          const { observation } = result;
          expect(observation.outcome, `${agent.name}: ${observation.reason}`).toBe('answered');
          expect(observation.humanReached, `${agent.name}: ${observation.reason}`).toBe(true);
          // The evidence labels every run and marks the person's, matching the verdict: the line's music (and prompt)
          // before the person are recordings, the person is live from humanMs on.
          const runs = (observation.evidence.details as { audio: { runs: RunDetail[] } }).audio.runs;
          const theirs = runs.filter((run) => run.person === true);
          expect(theirs[0]?.startMs, JSON.stringify(runs)).toBe(observation.timings.humanMs);
          expect(theirs.every((run) => run.source === 'live' && run.sound === 'speech')).toBe(true);
          const before = runs.filter((run) => run.endMs <= (observation.timings.humanMs ?? 0));
          expect(before[0], JSON.stringify(runs)).toMatchObject({ sound: 'music', source: 'recording' });
          expect(before.some((run) => run.person === true)).toBe(false);
          person.push(result.personError);
          answer.push(result.answerError);
          lines.push(`${agent.name} ${result.personError.toFixed(0)}/${result.answerError.toFixed(1)}`);
        }
        const p = errorSummary(person);
        const a = errorSummary(answer);
        const said =
          `${kind}: humanMs - true start p50 ${p.p50.toFixed(0)}, p95 ${p.p95.toFixed(0)}, max ${p.max.toFixed(0)} ms; ` +
          `connectMs error p50 ${a.p50.toFixed(1)}, max ${a.max.toFixed(1)} ms (person/answer: ${lines.join(', ')})`;
        console.info(`SIPp PBX-like calls, ${said}`);
        // The target: |person error| <= 250 ms at p95 (with eight calls, that is every call; SIPp's pause timer
        // has 1 ms resolution and a frame of analysis is 20 ms, well inside it).
        expect(p.p95, said).toBeLessThanOrEqual(250);
        // The answer within 10 ms: the median of the eight calls; a single reading on a loaded 2-core machine may be
        // scheduler periods late (one read 34.6 ms with other test runs beside it), so each call gets LOADED_SLACK_MS.
        expect(a.p50, said).toBeLessThanOrEqual(10);
        expect(a.max, said).toBeLessThanOrEqual(LOADED_SLACK_MS);
      },
      240_000,
    );
  },
);
