import { afterEach, describe, expect, it } from 'vitest';
import { createSipChannel } from '../../../../src/adapters/channels/sip/sip.channel.ts';
import type { CancelRecord } from '../../../../src/adapters/channels/sip/sip-call.ts';
import { sippMissing, startSipp, type Sipp } from '../../../support/sipp.ts';
import { LOADED_SLACK_MS, TIMER_EARLY_MS } from '../../../support/timing.ts';
import { memoryLog, probeContext, sipProbe } from './support.ts';

const missing = sippMissing();
if (missing !== undefined) console.warn(`skipping SIPp tests: ${missing}`);

/** T1 50 ms: every 64·T1 bound is 3.2 s (32 s at the RFC's 500 ms). */
const T1 = 50;
const GIVE_UP = 64 * T1;
const OPTIONS = { human: { wait: false }, t1: `${T1}ms` };
const PROBE_TIMEOUT = 60_000;

// Serial pass: the bounds are the timer's own (never early by more than TIMER_EARLY_MS) and LOADED_SLACK_MS late
// (a woken timer waiting for a core, then the call's teardown: closing the RTP and SIP sockets, the evidence).
describe.skipIf(missing !== undefined)('SIP transaction timers, timed (RFC 3261)', () => {
  const running: Sipp[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  it('a CANCEL answered without a 487 ends the attempt 64·T1 after the CANCEL', async () => {
    const hotline = await startSipp({ scenario: 'cancel-no-487.xml', set: { holdms: 5_000 } });
    running.push(hotline);
    const channel = createSipChannel({ log: memoryLog() });
    const probe = sipProbe(hotline.uri, { ...OPTIONS, ringTimeout: '500ms' }, PROBE_TIMEOUT);
    const observation = await channel.run(probe, probeContext());
    const cancel = (observation.evidence.details as { cancel: CancelRecord }).cancel;
    const late = observation.timings.totalMs - (cancel.sentMs + GIVE_UP);
    console.log(`CANCEL at ${cancel.sentMs} ms, attempt ended ${late.toFixed(1)} ms after CANCEL + 64·T1`);
    expect(cancel.inviteEnded).toBe('timer');
    expect(late).toBeGreaterThanOrEqual(-TIMER_EARLY_MS - 1); // totalMs is rounded to the ms
    expect(late).toBeLessThanOrEqual(LOADED_SLACK_MS);
  });

  it('an INVITE with no response ends the attempt at Timer B, 64·T1 after it was sent', async () => {
    const hotline = await startSipp({ scenario: 'silent.xml', set: { holdms: 5_000 } });
    running.push(hotline);
    const channel = createSipChannel({ log: memoryLog() });
    const observation = await channel.run(sipProbe(hotline.uri, OPTIONS, PROBE_TIMEOUT), probeContext());
    const late = observation.timings.totalMs - GIVE_UP;
    console.log(`Timer B: the attempt ended ${late.toFixed(1)} ms after 64·T1`);
    expect(observation.outcome).toBe('rejected');
    expect(late).toBeGreaterThanOrEqual(-TIMER_EARLY_MS - 1);
    expect(late).toBeLessThanOrEqual(LOADED_SLACK_MS);
  });
});
