import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSipChannel } from '../../../../src/adapters/channels/sip/sip.channel.ts';
import { holdMusic } from '../../../../src/desk/phone/hold-music.ts';
import { encodeG711 } from '../../../../src/protocols/g711/g711.ts';
import { rtpPcap } from '../../../support/rtp-pcap.ts';
import { sippMissing, startSipp, type Sipp } from '../../../support/sipp.ts';
import { concat, memoryLog, probeContext, silence, sipProbe, speak, speechToolsMissing } from './support.ts';

const missing = sippMissing() ?? speechToolsMissing();
if (missing !== undefined) console.warn(`skipping SIPp two-source timing test: ${missing}`);

/** Milliseconds before the first 20 ms frame louder than -50 dBFS. */
function leadInMs(samples: Int16Array): number {
  for (let at = 0; at + 160 <= samples.length; at += 160) {
    let energy = 0;
    for (let i = at; i < at + 160; i += 1) energy += (samples[i] as number) ** 2;
    if (10 * Math.log10(energy / 160 / 32_768 ** 2) > -50) return at / 8;
  }
  return 0;
}

const FIRST_MS = 3_000;
const GAP_MS = 1_000;

describe.skipIf(missing !== undefined)(
  'time to person across a change of RTP source (SIPp, serial timing pass)',
  () => {
    const running: Sipp[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'kept-sipp-sources-timing-'));
    afterEach(async () => {
      await Promise.all(running.splice(0).map((s) => s.stop()));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("places the agent of the second source within 250 ms of the true start (truth: SIPp's ACK time + the scenario's pauses)", async () => {
      const speech = await speak('Hello, you are speaking with Sam from the support team. How can I help you today?');
      const music = encodeG711(holdMusic(FIRST_MS / 1_000, 5), 'pcmu');
      writeFileSync(
        join(dir, 'queue.pcap'),
        rtpPcap({ ssrc: 0x0badcafe, sequence: 65_501, timestamp: 4_294_000_000, payload: music, payloadType: 0 }),
      );
      writeFileSync(
        join(dir, 'agent.pcap'),
        rtpPcap({
          ssrc: 0x00a9e470,
          sequence: 61_000,
          timestamp: 99,
          payload: encodeG711(concat(speech, silence(500)), 'pcmu'),
          payloadType: 0,
        }),
      );
      const calls = 4;
      const hotline = await startSipp({
        scenario: 'answer-two-sources.xml',
        replace: { FIRST_PCAP: join(dir, 'queue.pcap'), SECOND_PCAP: join(dir, 'agent.pcap') },
        set: { firstms: FIRST_MS, gapms: GAP_MS, holdms: 7_000 },
        maxCalls: calls,
        traceMessages: true,
      });
      running.push(hotline);
      const observations = [];
      for (let call = 0; call < calls; call += 1) {
        // A channel per call: one channel learns the agent's words as a recording after the first call (rightly).
        const channel = createSipChannel({ log: memoryLog() });
        const observation = await channel.run(sipProbe(hotline.uri, { human: { confirm: '1500ms' } }), probeContext());
        expect(observation.humanReached, observation.reason).toBe(true);
        observations.push(observation);
      }
      await hotline.exited;
      const messages = hotline.messages();
      // The first call warms up (module loading, JIT); the rest are measured.
      const errors = observations.slice(1).map((observation) => {
        const callId = (observation.evidence.details as { callId: string }).callId;
        const ofCall = messages.filter((m) => m.callId === callId);
        const invite = ofCall.find((m) => m.direction === 'in' && m.firstLine.startsWith('INVITE'));
        const ack = ofCall.find((m) => m.direction === 'in' && m.firstLine.startsWith('ACK'));
        // Call time 0 is the INVITE leaving the probe; on loopback it reaches SIPp well under a millisecond later.
        const truth = (ack?.atMs ?? NaN) - (invite?.atMs ?? NaN) + FIRST_MS + GAP_MS + leadInMs(speech);
        return (observation.timings.humanMs ?? NaN) - truth;
      });
      const said = `humanMs - true start: ${errors.map((e) => e.toFixed(0)).join(', ')} ms`;
      console.info(`time to person across an SSRC change, SIPp: ${said}`);
      // 250 ms: the target at p95 for person placement; SIPp's pause timer (1 ms resolution) and a 20 ms frame
      // of analysis are well inside it. With three measured calls, every one must meet it.
      for (const error of errors) expect(Math.abs(error), said).toBeLessThanOrEqual(250);
    }, 120_000);
  },
);
