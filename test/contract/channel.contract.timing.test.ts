import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatApiChannel } from '../../src/adapters/channels/chat-api/chat-api.channel.ts';
import { createAttemptRunner, DEADLINE_REASON } from '../../src/app/attempt-runner.ts';
import type { Channel } from '../../src/app/ports.ts';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';
import type { Observation } from '../../src/domain/observation.ts';
import { deskHttpOptions } from '../adapters/channels/chat-api/support.ts';
import { memoryLog, testProbe } from '../support/probe-kit.ts';
import { LOADED_SLACK_MS, TIMER_EARLY_MS } from '../support/timing.ts';
import { startChatPeer, type ChatPeer } from './peers/chat-peer.ts';
import { startSipPeer, type SipPeer } from './peers/sip-peer.ts';
import { createSipChannel } from '../../src/adapters/channels/sip/sip.channel.ts';

const TIMEOUT_MS = 1_000;
const GRACE_MS = 500;

/**
 * The channel contract's time bounds (serial pass): every fault ends by the deadline (time-out + grace) plus the
 * loaded-machine slack a single reading may be late (test/support/timing.ts), and a deadline never fires early.
 */
describe('the attempt runner ends every fault on time (chat-api over HTTP, real peer)', () => {
  let peer: ChatPeer;
  const channel = createChatApiChannel({ log: memoryLog() });
  beforeAll(async () => {
    peer = await startChatPeer();
  });
  afterAll(async () => {
    await peer.stop();
  });

  const timed = async (
    subject: Channel,
    behaviour: Parameters<ChatPeer['httpUrl']>[0],
  ): Promise<[Observation, number]> => {
    const runner = createAttemptRunner({
      channelFor: () => subject,
      clock: systemClock,
      log: memoryLog(),
      graceMs: GRACE_MS,
    });
    const probe = testProbe('chat-api', 'timed-chat', peer.httpUrl(behaviour), deskHttpOptions(), TIMEOUT_MS);
    const started = performance.now();
    const observation = await runner.attempt(probe, `timed-${behaviour}-${started}`);
    return [observation, performance.now() - started];
  };

  it('a hang is abandoned at the deadline: not before it, and at most one loaded-machine slack after', async () => {
    const hang: Channel = { kind: 'chat-api', run: () => new Promise<Observation>(() => undefined) };
    const [observation, elapsed] = await timed(hang, 'silent');
    expect(observation.reason).toBe(DEADLINE_REASON);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS + GRACE_MS - TIMER_EARLY_MS);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + GRACE_MS + LOADED_SLACK_MS);
  });

  it.each(['silent', 'endless-body', 'never-ending-stream', 'dies'] as const)(
    'a peer that is %s: the channel itself returns by its time-out (plus slack), well before the deadline',
    async (behaviour) => {
      const [observation, elapsed] = await timed(channel, behaviour);
      expect(observation.reason).not.toBe(DEADLINE_REASON);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + LOADED_SLACK_MS);
    },
  );
});

/** After its time-out the SIP channel CANCELs a ringing call and waits at most this long for the 487 (sip-attempt.ts). */
const SIP_CANCEL_GRACE_MS = 2_000;
const SIP_TIMEOUT_MS = 2_000;

describe('the sip channel ends every peer fault by its time-out plus the CANCEL grace (loopback SIP line)', () => {
  const lines: SipPeer[] = [];
  const channel = createSipChannel({ log: memoryLog() });
  afterAll(async () => {
    await channel.close();
    for (const line of lines) await line.stop();
  });

  it.each(['silent', 'dies', 'never-ending-stream'] as const)('a line that is %s', async (behaviour) => {
    const line = await startSipPeer(new Int16Array(8_000));
    lines.push(line);
    const runner = createAttemptRunner({
      channelFor: () => channel,
      clock: systemClock,
      log: memoryLog(),
      graceMs: 5_000,
    });
    const probe = testProbe('sip', 'timed-sip', line.uri(behaviour), { keepAudio: false }, SIP_TIMEOUT_MS);
    const started = performance.now();
    const observation = await runner.attempt(probe, `timed-sip-${behaviour}`);
    const elapsed = performance.now() - started;
    expect(observation.reason).not.toBe(DEADLINE_REASON);
    // Not before the time-out (the channel waits it out); after it at most the CANCEL grace, and two loaded-machine
    // slacks: the time-out timer and the CANCEL-grace timer run one after the other, and each may fire that late.
    expect(elapsed).toBeGreaterThanOrEqual(SIP_TIMEOUT_MS - TIMER_EARLY_MS);
    expect(elapsed).toBeLessThan(SIP_TIMEOUT_MS + SIP_CANCEL_GRACE_MS + 2 * LOADED_SLACK_MS);
  });
});
