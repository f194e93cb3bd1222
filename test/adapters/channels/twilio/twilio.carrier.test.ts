import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSipChannel } from '../../../../src/adapters/channels/sip/sip.channel.ts';
import { twilioSignature } from '../../../../src/adapters/channels/twilio/twilio-callbacks.ts';
import { freeSipPort } from '../../../support/sipp.ts';
import { memoryLog, probeContext, sipProbe } from '../sip/support.ts';
import { ACCOUNT_SID, AUTH_TOKEN, startFakeTwilio, type FakeTwilio } from './twilio.fake.ts';

const NUMBERS = {
  answers: '+441632960100',
  person: '+441632960101',
  busy: '+441632960102',
  silent: '+441632960103',
  gone: '+441632960104',
  slow: '+441632960105',
};

describe('the Twilio carrier, against a fake of its REST API and callbacks', () => {
  let twilio: FakeTwilio;
  let port: number;
  const channel = createSipChannel({ log: memoryLog() });
  const options = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    ringTimeout: '20s',
    twilio: {
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: '+441632960001',
      statusCallback: `http://127.0.0.1:${port}/twilio/status`,
      listen: { port },
      apiBaseUrl: twilio.url,
      hold: '300ms',
      ...extra,
    },
  });
  beforeAll(async () => {
    port = await freeSipPort();
    twilio = await startFakeTwilio({
      [NUMBERS.answers]: { ringMs: 600, result: 'answer' },
      [NUMBERS.person]: { ringMs: 400, result: 'answer', answeredBy: 'human' },
      [NUMBERS.busy]: { ringMs: 200, result: 'busy' },
      [NUMBERS.silent]: { ringMs: 60_000, result: 'no-answer' },
      [NUMBERS.gone]: { ringMs: 100, result: 'failed', sipCode: 404 },
      [NUMBERS.slow]: { ringMs: 60_000, result: 'answer' },
    });
  });
  afterAll(async () => {
    await channel.close();
    await twilio.stop();
  });

  it('an answered call: progress from the signed callbacks, ringing-to-answer measured, then Kept hangs up', async () => {
    const observation = await channel.run(sipProbe(`tel:${NUMBERS.answers}`, options()), probeContext());
    expect(observation.outcome).toBe('answered');
    expect(observation.humanReached).toBe(false);
    expect(observation.reason).toMatch(/whether a person answered is not known/);
    const details = observation.evidence.details as {
      callSid: string;
      statuses: { status: string }[];
      finalStatus: string;
      ringingMs: number;
    };
    expect(details.statuses.map((s) => s.status)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    const call = twilio.calls.get(details.callSid);
    expect(call?.status).toBe('completed');
    // Order only (how close ringingMs comes to the fake's own: twilio.carrier.timing.test.ts): ringing is part of the
    // connection, and connectMs runs from before the API request, so it also holds the request's own time.
    expect(details.ringingMs).toBeGreaterThan(0);
    expect(details.ringingMs).toBeLessThanOrEqual(observation.timings.connectMs ?? NaN);
    expect(observation.timings.connectMs).toBeGreaterThanOrEqual(call?.sent['in-progress'] ?? NaN);
  });

  it('with machine detection, a person picking up is a person', async () => {
    const observation = await channel.run(
      sipProbe(`tel:${NUMBERS.person}`, options({ machineDetection: true })),
      probeContext(),
    );
    expect(observation).toMatchObject({ outcome: 'answered', humanReached: true });
    expect(observation.timings.humanMs).toBe(observation.timings.connectMs);
    expect(observation.evidence.details).toMatchObject({ answeredBy: 'human' });
  });

  it.each([
    ['busy', NUMBERS.busy, 'rejected', /^busy \(Twilio: busy, SIP 486\)$/],
    ['an unknown number', NUMBERS.gone, 'rejected', /^number not found \(Twilio: failed, SIP 404\)$/],
    ['a line nobody answers, by Twilio timing out', NUMBERS.silent, 'unanswered', /^no answer \(Twilio: no-answer/],
  ])('%s (%s) is %s', async (_case, number, outcome, says) => {
    const observation = await channel.run(
      sipProbe(`tel:${number}`, { ...options(), ringTimeout: '5s' }, 20_000),
      probeContext(),
    );
    expect(observation.outcome).toBe(outcome);
    expect(observation.reason).toMatch(says);
  });

  it('a call still ringing at the probe time-out is cancelled through the API and unanswered', async () => {
    const observation = await channel.run(sipProbe(`tel:${NUMBERS.slow}`, options(), 800), probeContext());
    expect(observation.outcome).toBe('unanswered');
    expect((observation.evidence.details as { finalStatus: string }).finalStatus).toBe('canceled');
  });

  it.each([
    ['a number Twilio refuses (21211)', 'tel:+44', {}, /Twilio refused to place the call \(HTTP 400, error 21211/],
    [
      'credentials Twilio refuses (20003)',
      `tel:${NUMBERS.answers}`,
      { authToken: 'wrong' },
      /Twilio refused our credentials \(HTTP 401, error 20003\)/,
    ],
  ])('%s is inconclusive: the fault is ours', async (_case, target, extra, says) => {
    const observation = await channel.run(sipProbe(target, options(extra)), probeContext());
    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toMatch(says);
  });

  it('callbacks with a wrong signature are refused and change nothing', async () => {
    const params = { CallSid: 'CA00', CallStatus: 'completed' };
    const url = `http://127.0.0.1:${port}/twilio/status`;
    const forged = await fetch(url, {
      method: 'POST',
      headers: { 'X-Twilio-Signature': twilioSignature('not-the-token', url, params) },
      body: new URLSearchParams(params),
    });
    expect(forged.status).toBe(403);
    const genuine = await fetch(url, {
      method: 'POST',
      headers: { 'X-Twilio-Signature': twilioSignature(AUTH_TOKEN, url, params) },
      body: new URLSearchParams(params),
    });
    expect(genuine.status).toBe(204);
  });

  it('a tel: target without a carrier is inconclusive', async () => {
    const observation = await channel.run(sipProbe('tel:+441632960100', {}), probeContext());
    expect(observation).toMatchObject({ outcome: 'inconclusive', reason: expect.stringMatching(/needs a carrier/) });
  });
});
