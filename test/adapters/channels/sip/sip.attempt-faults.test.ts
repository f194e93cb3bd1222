import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../../src/app/ports.ts';
import { createSipChannel } from '../../../../src/adapters/channels/sip/sip.channel.ts';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import {
  createPhoneVoices,
  startPhoneFrontDoor,
  type RunningPhoneDesk,
} from '../../../../src/desk/phone/phone-front-door.ts';
import { allDay, BILLING, deskRecordOf } from './desk-support.ts';
import { memoryLog, probeContext, sipProbe, speechToolsMissing } from './support.ts';

const missing = speechToolsMissing();

/** The IVR poll interval (ivr-runner.ts POLL_MS): a clock that fails there fails inside the IVR walk. */
const IVR_POLL_MS = 50;

/** The system clock with a bug: waiting one IVR poll throws a TypeError, as a bug in Kept's code would. */
const buggyClock: Clock = {
  now: systemClock.now,
  monotonic: systemClock.monotonic,
  sleep: (ms, signal) =>
    ms === IVR_POLL_MS ? Promise.reject(new TypeError('audio.runs is not iterable')) : systemClock.sleep(ms, signal),
};

describe.skipIf(missing !== undefined).concurrent('sip attempt faults (issue 10)', () => {
  let desk: RunningPhoneDesk;
  beforeAll(async () => {
    const voices = await createPhoneVoices({ holdMusicSeconds: 4 });
    desk = await startPhoneFrontDoor({
      clock: systemClock,
      voices,
      ringMs: [200, 200],
      staffing: allDay('staffed', 30_000),
    });
  });
  afterAll(async () => {
    await desk?.stop();
  });

  it('a bug in Kept during the IVR walk is inconclusive, never "answered, no person spoke"', async () => {
    const log = memoryLog();
    const channel = createSipChannel({ log });
    const probe = sipProbe(desk.sipUri, { ivr: BILLING, human: { wait: true } }, 30_000);
    const observation = await channel.run(probe, probeContext({ clock: buggyClock }));
    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toBe('the probe failed on our side during the call: audio.runs is not iterable');
    expect(observation.humanReached).toBe(false);
    expect(log.lines.map((line) => line.message)).toContain('sip probe failed on our side during the call');
    await channel.close();
  }, 40_000);

  it('sendSilence: false with an IVR key press finishes, and the key reaches the desk', async () => {
    const channel = createSipChannel({ log: memoryLog() });
    const probe = sipProbe(desk.sipUri, { ivr: BILLING, sendSilence: false, human: { wait: false } }, 30_000);
    const observation = await channel.run(probe, probeContext());
    expect(observation.outcome).toBe('answered');
    const details = observation.evidence.details as { ivr: { steps: { step: string; result: string }[] } };
    expect(details.ivr.steps.map((step) => step.result)).toEqual([expect.stringMatching(/^prompt ended/), 'sent']);
    expect(deskRecordOf(desk, observation).digits.map((d) => d.digit)).toEqual(['1']);
    await channel.close();
  }, 40_000);
});
