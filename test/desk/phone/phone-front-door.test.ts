import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSipChannel } from '../../../src/adapters/channels/sip/sip.channel.ts';
import { parseSipMessage, serializeSipMessage, type SipResponse } from '../../../src/protocols/sip/sip-message.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import type { Clock } from '../../../src/app/ports.ts';
import {
  createPhoneVoices,
  startPhoneFrontDoor,
  type PhoneVoices,
  type RunningPhoneDesk,
} from '../../../src/desk/phone/phone-front-door.ts';
import { speechMissing } from '../../../src/desk/phone/voices.ts';
import { DEMO_STAFFING } from '../../../src/desk/staffing.schedule.ts';
import { allDay, deskRecordOf } from '../../adapters/channels/sip/desk-support.ts';
import { memoryLog, probeContext, sipProbe } from '../../adapters/channels/sip/support.ts';

const missing = speechMissing();
if (missing !== undefined) {
  if (process.env.CI) throw new Error(`${missing}: integration tests must not be skipped in CI`);
  console.warn(`skipping phone desk tests: ${missing}`);
}

/** The system clock, but reading a chosen wall-clock time (the desk asks the staffing schedule with it). */
const clockAt = (iso: string): Clock => ({ ...systemClock, now: () => Date.parse(iso) });

/** Sends one SIP request over UDP and returns the first response. */
async function ask(port: number, lines: string[]): Promise<SipResponse> {
  const socket = createSocket('udp4');
  try {
    return await new Promise<SipResponse>((resolve) => {
      socket.on('message', (data) => resolve(parseSipMessage(data.toString('utf8')) as SipResponse));
      socket.send(
        serializeSipMessage({ ...(parseSipMessage(`${lines.join('\r\n')}\r\n\r\n`) as SipResponse), body: '' }),
        port,
        '127.0.0.1',
      );
    });
  } finally {
    socket.close();
  }
}

describe.skipIf(missing !== undefined).concurrent('the phone front door of the desk', () => {
  let voices: PhoneVoices;
  const desks: RunningPhoneDesk[] = [];
  const start = async (options: Partial<Parameters<typeof startPhoneFrontDoor>[0]>): Promise<RunningPhoneDesk> => {
    const desk = await startPhoneFrontDoor({
      clock: systemClock,
      staffing: allDay('staffed', 30_000),
      voices,
      ringMs: [200, 200],
      ...options,
    });
    desks.push(desk);
    return desk;
  };
  beforeAll(async () => {
    voices = await createPhoneVoices({ holdMusicSeconds: 4 });
  });
  afterAll(async () => {
    await Promise.all(desks.map((desk) => desk.stop()));
  });

  it.each([
    ['Monday 10:00 in London', 'staffed', '2026-11-23T10:00:00Z'],
    ['Sunday 10:00 in London', 'bot-only', '2026-11-22T10:00:00Z'],
    ['Monday 21:00 in London', 'bot-only', '2026-11-23T21:00:00Z'],
  ])('under DEMO_STAFFING a call on %s is %s', async (_when, mode, iso) => {
    const desk = await start({ clock: clockAt(iso), staffing: DEMO_STAFFING });
    const observation = await createSipChannel({ log: memoryLog() }).run(
      sipProbe(desk.sipUri, { human: { wait: false } }),
      probeContext(),
    );
    expect(observation.outcome).toBe('answered');
    expect(deskRecordOf(desk, observation).staffing).toBe(mode);
  });

  it('a closed desk refuses calls with 480 Temporarily Unavailable', async () => {
    const desk = await start({ staffing: allDay('closed') });
    const observation = await createSipChannel({ log: memoryLog() }).run(sipProbe(desk.sipUri, {}), probeContext());
    expect(observation.outcome).toBe('rejected');
    expect(observation.reason).toBe('unavailable (480 Temporarily Unavailable)');
    expect(deskRecordOf(desk, observation)).toMatchObject({ staffing: 'closed', endedBy: 'desk' });
  });

  it('hears in-band DTMF as well as RFC 4733 events, over TCP and with A-law only', async () => {
    const desk = await start({});
    const options = {
      codecs: ['PCMA'],
      dtmf: { mode: 'inband' },
      ivr: [{ waitForPrompt: '15s' }, { press: '2' }, { wait: '2s' }],
      human: { wait: false },
    };
    const observation = await createSipChannel({ log: memoryLog() }).run(
      sipProbe(`${desk.sipUri};transport=tcp`, options, 30_000),
      probeContext(),
    );
    expect(observation.evidence.details).toMatchObject({ transport: 'tcp', codec: 'PCMA' });
    const record = deskRecordOf(desk, observation);
    expect(record.digits).toEqual([expect.objectContaining({ digit: '2', via: 'inband' })]);
    expect(record.prompts.map((p) => p.name)).toEqual(['menu', 'queue']);
    expect(observation.evidence.transcript?.[0]).toMatchObject({ from: 'bot' });
  });

  it('answers OPTIONS, and 481 for a BYE of no call', async () => {
    const desk = await start({});
    const common = [
      'Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKx',
      'From: <sip:a@b>;tag=1',
      'To: <sip:support@127.0.0.1>',
      'Call-ID: nothing@here',
      'Content-Length: 0',
    ];
    expect((await ask(desk.port, [`OPTIONS ${desk.sipUri} SIP/2.0`, ...common, 'CSeq: 1 OPTIONS'])).status).toBe(200);
    expect((await ask(desk.port, [`BYE ${desk.sipUri} SIP/2.0`, ...common, 'CSeq: 2 BYE'])).status).toBe(481);
  });

  it('stopping the desk hangs up the calls it has (BYE)', async () => {
    const desk = await startPhoneFrontDoor({
      clock: systemClock,
      staffing: allDay('staffed', 60_000),
      voices,
      ringMs: [200, 200],
    });
    const running = createSipChannel({ log: memoryLog() }).run(sipProbe(desk.sipUri, {}, 30_000), probeContext());
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await desk.stop();
    const observation = await running;
    expect(observation.outcome).toBe('answered');
    expect(observation.humanReached).toBe(false);
    expect(observation.reason).toMatch(/^the line hung up /);
    expect(desk.calls()[0]?.endedBy).toBe('desk');
  });
});
