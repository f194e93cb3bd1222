import { afterEach, describe, expect, it } from 'vitest';
import { createSipChannel } from '../../../../src/adapters/channels/sip/sip.channel.ts';
import { freeSipPort, sippMissing, startSipp, type Sipp } from '../../../support/sipp.ts';
import { TIMER_EARLY_MS } from '../../../support/timing.ts';
import { memoryLog, probeContext, sipProbe } from './support.ts';

const missing = sippMissing();
if (missing !== undefined) console.warn(`skipping SIPp tests: ${missing}`);

const QUIET = { human: { wait: false } };

describe.skipIf(missing !== undefined)('the sip channel against SIPp hotlines: outcomes', () => {
  const running: Sipp[] = [];
  const sipp = async (...args: Parameters<typeof startSipp>): Promise<Sipp> => {
    const started = await startSipp(...args);
    running.push(started);
    return started;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  it.each([
    [486, 'Busy Here', 'rejected', /^busy \(486 Busy Here\)$/],
    [600, 'Busy Everywhere', 'rejected', /^busy/],
    [404, 'Not Found', 'rejected', /^number not found \(404/],
    [604, 'Does Not Exist Anywhere', 'rejected', /^number not found/],
    [480, 'Temporarily Unavailable', 'rejected', /^unavailable \(480/],
    [503, 'Service Unavailable', 'rejected', /^unavailable \(503/],
    [408, 'Request Timeout', 'unanswered', /^no answer \(408/],
    [488, 'Not Acceptable Here', 'inconclusive', /did not accept what the probe offered/],
  ])('a %i %s after ringing is %s, with the status as the reason', async (code, reason, outcome, says) => {
    const hotline = await sipp({
      scenario: 'reject.xml',
      set: { ringms: 300 },
      replace: { '486 Busy Here': `${code} ${reason}` },
    });
    const channel = createSipChannel({ log: memoryLog() });
    const observation = await channel.run(sipProbe(hotline.uri, QUIET), probeContext());
    expect(observation.outcome).toBe(outcome);
    expect(observation.reason).toMatch(says);
    expect(observation.humanReached).toBe(false);
    const details = observation.evidence.details as { responses: { status: number }[]; sipTrace: { line: string }[] };
    expect(details.responses.map((r) => r.status)).toEqual([100, 180, code]);
    expect(details.sipTrace.at(-1)?.line).toMatch(/^ACK /);
    expect(await hotline.exited, hotline.log()).toBe(0);
  });

  it('a line that rings past ringTimeout is cancelled (CANCEL, 487, ACK) and unanswered', async () => {
    const hotline = await sipp({ scenario: 'no-answer.xml' });
    const channel = createSipChannel({ log: memoryLog() });
    const observation = await channel.run(sipProbe(hotline.uri, { ...QUIET, ringTimeout: '1s' }), probeContext());
    expect(observation.outcome).toBe('unanswered');
    expect(observation.reason).toBe('no answer: it rang for 1s');
    const details = observation.evidence.details as { sipTrace: { line: string; atMs: number }[] };
    const lines = details.sipTrace.map((t) => t.line.split(' ')[0]);
    expect(lines).toEqual(['INVITE', '100', '180', 'CANCEL', '200', '487', 'ACK']);
    const cancel = details.sipTrace.find((t) => t.line.startsWith('CANCEL'));
    // Not before the ring time-out (its timer fires at most TIMER_EARLY_MS early); how soon after: sip.sipp.timing.test.ts.
    expect(cancel?.atMs).toBeGreaterThanOrEqual(1_000 - TIMER_EARLY_MS);
    expect(await hotline.exited, hotline.log()).toBe(0);
  });

  it('a trunk that challenges gets digest credentials and answers', async () => {
    const hotline = await sipp({ scenario: 'auth.xml', set: { ringms: 200, holdms: 3_000 } });
    const channel = createSipChannel({ log: memoryLog() });
    const options = { ...QUIET, auth: { username: 'kept', password: 's3cret' } };
    const observation = await channel.run(sipProbe(hotline.uri, options), probeContext());
    expect(observation.outcome).toBe('answered');
    const details = observation.evidence.details as { responses: { status: number }[] };
    expect(details.responses.map((r) => r.status)).toEqual([401, 100, 180, 200]);
    const trace = (observation.evidence.details as { sipTrace: { line: string }[] }).sipTrace.map(
      (t) => t.line.split(' ')[0],
    );
    expect(trace).toEqual(['INVITE', '401', 'ACK', 'INVITE', '100', '180', '200', 'ACK', 'BYE', '200']);
  });

  it.each([
    ['wrong credentials', { auth: { username: 'kept', password: 'wrong' } }, /^our SIP credentials were refused \(403/],
    ['no credentials', {}, /^the line asks for authentication \(401/],
  ])('a trunk refusing %s is inconclusive: the fault is ours', async (_case, extra, says) => {
    const hotline = await sipp({ scenario: 'auth.xml', set: { ringms: 200, holdms: 3_000 } });
    const channel = createSipChannel({ log: memoryLog() });
    const observation = await channel.run(sipProbe(hotline.uri, { ...QUIET, ...extra }), probeContext());
    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toMatch(says);
  });

  it('a re-INVITE during the call is answered 200 OK with our SDP and the call goes on', async () => {
    const hotline = await sipp({ scenario: 'reinvite.xml', set: { ringms: 200, holdms: 1_500 } });
    const channel = createSipChannel({ log: memoryLog() });
    const observation = await channel.run(sipProbe(hotline.uri, { human: { wait: true } }, 10_000), probeContext());
    expect(observation.outcome).toBe('answered');
    const details = observation.evidence.details as { sipTrace: { line: string; direction: string }[] };
    const reinvite = details.sipTrace.findIndex((t) => t.direction === 'in' && t.line.startsWith('INVITE'));
    expect(reinvite).toBeGreaterThan(0);
    expect(details.sipTrace[reinvite + 1]).toMatchObject({ direction: 'out', line: '200 OK' });
    expect(details.sipTrace.some((t) => t.direction === 'in' && t.line.startsWith('BYE'))).toBe(true);
    expect(await hotline.exited, hotline.log()).toBe(0);
  });

  it('over TCP the call is answered too', async () => {
    const hotline = await sipp({ scenario: 'answer.xml', transport: 'tcp', set: { ringms: 300, holdms: 2_000 } });
    const channel = createSipChannel({ log: memoryLog() });
    const observation = await channel.run(sipProbe(hotline.uri, QUIET), probeContext());
    expect(observation.outcome, observation.reason).toBe('answered');
    expect(observation.evidence.details).toMatchObject({ transport: 'tcp' });
    expect(observation.timings.connectMs).toBeGreaterThanOrEqual(300 - TIMER_EARLY_MS); // SIPp's pause counts whole ms
    const details = observation.evidence.details as { sipTrace: { line: string; direction: string }[] };
    expect(details.sipTrace.slice(-2).map((t) => `${t.direction} ${t.line.split(' ')[0]}`)).toEqual([
      'out BYE',
      'in 200',
    ]);
  });

  it('a TCP port that refuses the connection is rejected', async () => {
    const port = await freeSipPort();
    const channel = createSipChannel({ log: memoryLog() });
    const observation = await channel.run(
      sipProbe(`sip:hotline@127.0.0.1:${port};transport=tcp`, QUIET),
      probeContext(),
    );
    expect(observation.outcome).toBe('rejected');
    expect(observation.reason).toMatch(/ECONNREFUSED/);
  });

  it('a UDP line that never responds is unanswered at the time-out, after retransmitting the INVITE', async () => {
    const port = await freeSipPort();
    const channel = createSipChannel({ log: memoryLog() });
    const observation = await channel.run(sipProbe(`sip:hotline@127.0.0.1:${port}`, QUIET, 1_800), probeContext());
    expect(observation.outcome).toBe('unanswered');
    const details = observation.evidence.details as { sipTrace: { line: string; atMs: number }[] };
    // Sent at 0, T1 and 3·T1 (500 ms, 1.5 s) before the 1.8 s time-out: never sooner (how much later: the timing test).
    expect(details.sipTrace.map((t) => t.line.split(' ')[0])).toEqual(['INVITE', 'INVITE', 'INVITE']);
    details.sipTrace.forEach((t, i) =>
      expect(t.atMs).toBeGreaterThanOrEqual(([0, 500, 1_500][i] as number) - TIMER_EARLY_MS),
    );
  });

  it.each([
    ['a target that is not a SIP URI', 'https://example.org', {}, /is not a SIP URI/],
    ['invalid options', 'sip:x@127.0.0.1', { ivr: [{ press: 'x' }] }, /options are invalid: ivr/],
  ])('%s is inconclusive', async (_case, target, options, says) => {
    const channel = createSipChannel({ log: memoryLog() });
    const observation = await channel.run(sipProbe(target, options), probeContext());
    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toMatch(says);
  });
});
