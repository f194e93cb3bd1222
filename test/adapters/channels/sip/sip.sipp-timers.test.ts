import { afterEach, describe, expect, it } from 'vitest';
import { createSipChannel } from '../../../../src/adapters/channels/sip/sip.channel.ts';
import type { CancelRecord } from '../../../../src/adapters/channels/sip/sip-call.ts';
import { sippMissing, startSipp, type Sipp } from '../../../support/sipp.ts';
import { TIMER_EARLY_MS } from '../../../support/timing.ts';
import { memoryLog, probeContext, sipProbe } from './support.ts';

const missing = sippMissing();
if (missing !== undefined) console.warn(`skipping SIPp tests: ${missing}`);

/** RFC 3261 timers scaled down (T1 20 ms: Timer B and F fire after 1.28 s instead of 32 s); how soon: *.timing.test.ts. */
const T1 = 20;
const GIVE_UP = 64 * T1;
const QUIET = { human: { wait: false }, t1: `${T1}ms` };
/** The probe's own time-out: far beyond every RFC 3261 bound here, so reaching it would be the bug. */
const PROBE_TIMEOUT = 60_000;

interface Details {
  sipTrace: { line: string; atMs: number; direction: 'in' | 'out' }[];
  responses: { status: number }[];
  cancel?: CancelRecord;
}

describe.skipIf(missing !== undefined)('the sip channel against SIPp: RFC 3261 transaction timers', () => {
  const running: Sipp[] = [];
  const sipp = async (...args: Parameters<typeof startSipp>): Promise<Sipp> => {
    const started = await startSipp(...args);
    running.push(started);
    return started;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  it('a CANCEL answered 200 OK with no 487 ends the call 64·T1 after the CANCEL, and says so (§9.1)', async () => {
    const hotline = await sipp({ scenario: 'cancel-no-487.xml', set: { holdms: 3_000 }, traceMessages: true });
    const channel = createSipChannel({ log: memoryLog() });
    const probe = sipProbe(hotline.uri, { ...QUIET, ringTimeout: '300ms' }, PROBE_TIMEOUT);
    const observation = await channel.run(probe, probeContext());
    expect(observation.outcome).toBe('unanswered');
    expect(observation.reason).toBe(
      'no answer: it rang for 300ms; the CANCEL was answered 200 OK but no 487 ended the INVITE, ' +
        'so the call was given up 1.3s after the CANCEL (RFC 3261 §9.1)',
    );
    const details = observation.evidence.details as unknown as Details;
    expect(details.sipTrace.map((t) => `${t.direction} ${t.line.split(' ')[0]}`)).toEqual([
      'out INVITE',
      'in 100',
      'in 180',
      'out CANCEL',
      'in 200',
    ]);
    const cancel = details.cancel as CancelRecord;
    expect(cancel).toMatchObject({ sends: 1, answer: { status: 200 }, inviteEnded: 'timer', giveUpAfterMs: GIVE_UP });
    expect(cancel.sentMs).toBeGreaterThanOrEqual(300 - TIMER_EARLY_MS);
    expect(cancel.endedMs - cancel.sentMs).toBeGreaterThanOrEqual(GIVE_UP - TIMER_EARLY_MS);
    expect(await hotline.exited, hotline.log()).toBe(0);
    // SIPp saw one CANCEL (answered, so never retransmitted) and nothing after its 200 OK.
    const seen = hotline.messages().map((m) => `${m.direction} ${m.firstLine.split(' ')[0]}`);
    expect(seen).toEqual(['in INVITE', 'out SIP/2.0', 'out SIP/2.0', 'in CANCEL', 'out SIP/2.0']);
  });

  it('a CANCEL that is never answered is resent over UDP (Timer E) and the call still ends 64·T1 after it', async () => {
    const hotline = await sipp({ scenario: 'cancel-silent.xml', set: { holdms: 3_000 } });
    const channel = createSipChannel({ log: memoryLog() });
    const probe = sipProbe(hotline.uri, { ...QUIET, ringTimeout: '300ms' }, PROBE_TIMEOUT);
    const observation = await channel.run(probe, probeContext());
    expect(observation.outcome).toBe('unanswered');
    expect(observation.reason).toMatch(
      /^no answer: it rang for 300ms; the CANCEL got no answer \(sent \d+ time\(s\)\) but no 487 ended the INVITE, so the call was given up 1\.3s after the CANCEL \(RFC 3261 §9\.1\)$/,
    );
    const details = observation.evidence.details as unknown as Details;
    const cancels = details.sipTrace.filter((t) => t.direction === 'out' && t.line.startsWith('CANCEL'));
    // Resent after T1, 2·T1, 4·T1 … (capped at T2, 4 s): at 20, 60, 140, 300, 620 and 1,260 ms, until the INVITE is
    // given up at 1,280 ms (the last may lose that race on a busy machine, so at least the first four are checked).
    expect(cancels.length).toBeGreaterThanOrEqual(4);
    expect(cancels.length).toBeLessThanOrEqual(7);
    const gaps = cancels.slice(1).map((t, i) => t.atMs - (cancels[i]?.atMs ?? 0));
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(T1 * 2 ** i - TIMER_EARLY_MS));
    expect(details.cancel).toMatchObject({ sends: cancels.length, inviteEnded: 'timer' });
    expect(details.cancel?.answer).toBeUndefined();
    expect(await hotline.exited, hotline.log()).toBe(0);
  });

  it('an INVITE that gets no response at all is resent over UDP (Timer A) and given up at Timer B, 64·T1', async () => {
    const hotline = await sipp({ scenario: 'silent.xml', set: { holdms: 3_000 }, traceMessages: true });
    const channel = createSipChannel({ log: memoryLog() });
    const observation = await channel.run(sipProbe(hotline.uri, QUIET, PROBE_TIMEOUT), probeContext());
    expect(observation.outcome).toBe('rejected');
    expect(observation.reason).toBe(
      `the SIP server at ${hotline.uri} did not respond to the INVITE within 1.3s (RFC 3261 Timer B)`,
    );
    const details = observation.evidence.details as unknown as Details;
    // Sent at 0, T1, 3·T1, 7·T1, 15·T1, 31·T1, 63·T1 (each interval doubles, no cap for an INVITE), then Timer B.
    const invites = details.sipTrace.filter((t) => t.line.startsWith('INVITE'));
    expect(invites).toHaveLength(7);
    invites.forEach((t, i) => expect(t.atMs).toBeGreaterThanOrEqual(T1 * (2 ** i - 1) - TIMER_EARLY_MS));
    expect(observation.timings.totalMs).toBeGreaterThanOrEqual(GIVE_UP - TIMER_EARLY_MS);
    expect(await hotline.exited, hotline.log()).toBe(0);
    // SIPp received every one of them (the first as the call, the rest as its retransmissions).
    expect(hotline.messages().filter((m) => m.direction === 'in' && m.firstLine.startsWith('INVITE'))).toHaveLength(7);
  });

  it('over TCP an INVITE with no response is not resent, and is given up at Timer B all the same', async () => {
    const hotline = await sipp({ scenario: 'silent.xml', transport: 'tcp', set: { holdms: 3_000 } });
    const channel = createSipChannel({ log: memoryLog() });
    const observation = await channel.run(sipProbe(hotline.uri, QUIET, PROBE_TIMEOUT), probeContext());
    expect(observation.outcome).toBe('rejected');
    expect(observation.reason).toMatch(/did not respond to the INVITE within 1\.3s \(RFC 3261 Timer B\)$/);
    const details = observation.evidence.details as unknown as Details;
    expect(details.sipTrace.map((t) => t.line.split(' ')[0])).toEqual(['INVITE']);
  });

  it('a 487 after the CANCEL ends the call as before, and the evidence records the CANCEL', async () => {
    const hotline = await sipp({ scenario: 'no-answer.xml' });
    const channel = createSipChannel({ log: memoryLog() });
    const probe = sipProbe(hotline.uri, { ...QUIET, ringTimeout: '300ms' }, PROBE_TIMEOUT);
    const observation = await channel.run(probe, probeContext());
    expect(observation.reason).toBe('no answer: it rang for 300ms');
    const details = observation.evidence.details as unknown as Details;
    expect(details.cancel).toMatchObject({ sends: 1, answer: { status: 200 }, inviteEnded: 'final response' });
    expect(await hotline.exited, hotline.log()).toBe(0);
  });

  it('our 200 OK to a re-INVITE is resent over UDP until the ACK comes (§13.3.1.4), and not after it', async () => {
    const set = { ringms: 200, holdms: 1_000, ackms: 400 };
    const hotline = await sipp({ scenario: 'reinvite-late-ack.xml', set, traceMessages: true });
    const channel = createSipChannel({ log: memoryLog() });
    const probe = sipProbe(hotline.uri, { human: { wait: true }, t1: `${T1}ms` }, 10_000);
    const observation = await channel.run(probe, probeContext());
    expect(observation.outcome).toBe('answered');
    const trace = (observation.evidence.details as unknown as Details).sipTrace.map(
      (t) => `${t.direction} ${t.line.split(' ')[0]}`,
    );
    const reinvite = trace.indexOf('in INVITE');
    const ack = trace.indexOf('in ACK');
    expect(reinvite).toBeGreaterThan(0);
    expect(ack).toBeGreaterThan(reinvite);
    const answers = trace.slice(reinvite + 1, ack);
    // Resent after T1, 3·T1, 7·T1, 15·T1 … while SIPp holds its ACK back for 400 ms.
    expect(answers.length).toBeGreaterThanOrEqual(3);
    expect(new Set(answers)).toEqual(new Set(['out 200']));
    expect(trace.slice(ack + 1)).toEqual(['in BYE', 'out 200']);
    expect(await hotline.exited, hotline.log()).toBe(0);
    // SIPp received each of them, and then the 200 OK to its BYE.
    const received = hotline.messages().filter((m) => m.direction === 'in' && m.firstLine.startsWith('SIP/2.0 200'));
    expect(received).toHaveLength(answers.length + 1);
  });

  it('t1 must be a duration from 1ms to 60s', async () => {
    const channel = createSipChannel({ log: memoryLog() });
    const observation = await channel.run(sipProbe('sip:x@127.0.0.1:5060', { t1: '0ms' }), probeContext());
    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toMatch(/t1 is from 1ms to 60s/);
  });
});
