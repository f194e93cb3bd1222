import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSipChannel } from '../../../../src/adapters/channels/sip/sip.channel.ts';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import {
  createPhoneVoices,
  startPhoneFrontDoor,
  type RunningPhoneDesk,
} from '../../../../src/desk/phone/phone-front-door.ts';
import { speechMissing } from '../../../../src/desk/phone/voices.ts';
import { allDay, deskRecordOf } from './desk-support.ts';
import { memoryLog, probeContext, sipProbe } from './support.ts';

const missing = speechMissing();
if (missing !== undefined) {
  if (process.env.CI) throw new Error(`${missing}: integration tests must not be skipped in CI`);
  console.warn(`skipping phone desk tests: ${missing}`);
}

const MENU = { waitForPrompt: { timeout: '15s', silence: '700ms' } };

describe.skipIf(missing !== undefined).concurrent('the sip channel walking the desk IVR', () => {
  const desks: Record<'works' | 'repeats' | 'closed', RunningPhoneDesk> = {} as never;
  beforeAll(async () => {
    const voices = await createPhoneVoices({ holdMusicSeconds: 4 });
    const common = { clock: systemClock, voices, ringMs: [300, 300] as [number, number] };
    desks.works = await startPhoneFrontDoor({ ...common, staffing: allDay('staffed', 30_000), escape: 'queue' });
    desks.repeats = await startPhoneFrontDoor({ ...common, staffing: allDay('staffed', 30_000), escape: 'menu' });
    desks.closed = await startPhoneFrontDoor({ ...common, staffing: allDay('bot-only') });
  });
  afterAll(async () => {
    await Promise.all(Object.values(desks).map((desk) => desk.stop()));
  });

  it('"press 0 for a person" that leads to the queue passes the escape check, with no finding', async () => {
    const channel = createSipChannel({ log: memoryLog() });
    const options = { ivr: [MENU, { escape: { press: '0', within: '12s' } }], human: { wait: false } };
    const observation = await channel.run(sipProbe(desks.works.sipUri, options, 40_000), probeContext());
    const details = observation.evidence.details as { ivr: { escape: { result: string; afterMs: number } } };
    expect(details.ivr.escape.result).toBe('queue');
    expect(details.ivr.escape.afterMs).toBeLessThan(6_000);
    expect(deskRecordOf(desks.works, observation).digits.map((d) => d.digit)).toEqual(['0']);
    expect(deskRecordOf(desks.works, observation).queueMs).toBeDefined();
    expect(observation.findings ?? []).toEqual([]);
  }, 50_000);

  it('"press 0 for a person" that only replays the menu is no way forward', async () => {
    const channel = createSipChannel({ log: memoryLog() });
    const options = { ivr: [MENU, { escape: { press: '0', within: '15s' } }], human: { wait: false } };
    const observation = await channel.run(sipProbe(desks.repeats.sipUri, options, 40_000), probeContext());
    const details = observation.evidence.details as { ivr: { escape: { result: string } } };
    expect(details.ivr.escape.result).toBe('menu repeated');
    expect(observation.findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no way forward: /),
        'pressing 0 for a person did not work: the menu played again',
      ]),
    );
    expect(deskRecordOf(desks.repeats, observation).queueMs).toBeUndefined();
  }, 50_000);

  it('out of hours the menu comes back after every choice: an IVR loop, no way forward', async () => {
    const channel = createSipChannel({ log: memoryLog() });
    const options = {
      ivr: [MENU, { press: '1' }, { waitForPrompt: { timeout: '25s', silence: '700ms' } }],
      human: { wait: false },
    };
    const observation = await channel.run(sipProbe(desks.closed.sipUri, options, 45_000), probeContext());
    expect(observation.outcome).toBe('answered');
    expect(observation.humanReached).toBe(false);
    expect(observation.findings).toEqual([
      expect.stringMatching(
        /^no way forward: the IVR played the prompt heard at .* again \d+ time\(s\) after pressing 1$/,
      ),
    ]);
    const record = deskRecordOf(desks.closed, observation);
    expect(record.staffing).toBe('bot-only');
    expect(record.prompts.map((p) => p.name)).toEqual(['menu', 'closed', 'menu']);
  }, 50_000);
});
