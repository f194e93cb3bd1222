import { describe } from 'vitest';
import { createSipChannel } from '../../src/adapters/channels/sip/sip.channel.ts';
import { concat, silence, speak, speechToolsMissing } from '../adapters/channels/sip/support.ts';
import { memoryLog, testProbe } from '../support/probe-kit.ts';
import { describeChannelContract } from './channel.contract.ts';
import { startSipPeer } from './peers/sip-peer.ts';

const missing = speechToolsMissing();

/** A short ring, then listening: the person check needs 1 s of speech and 2.5 s of quiet after it (sip.options.ts). */
const OPTIONS = { ringTimeout: '30s', human: { wait: true }, keepAudio: false };

describe.skipIf(missing !== undefined)('sip against a loopback SIP line', () => {
  describeChannelContract('the sip channel', async () => {
    const person = concat(
      silence(300),
      await speak('Hello, you are through to Ana in billing. How can I help you today?'),
      silence(200),
    );
    const line = await startSipPeer(person);
    // "dies" closes the line's sockets for good: it gets a line of its own.
    const dying = await startSipPeer(person);
    const channel = createSipChannel({ log: memoryLog() });
    return {
      channel,
      probe: (behaviour, timeoutMs) =>
        testProbe(
          'sip',
          'contract-sip',
          behaviour === 'dies' ? dying.uri('dies') : line.uri(behaviour),
          OPTIONS,
          timeoutMs,
        ),
      underWay: () => line.nextCall(),
      // Speech, then the 2.5 s the person check listens for hold music coming back, on a loaded machine.
      timeoutMs: 10_000,
      // After its time-out the channel CANCELs a ringing call and waits up to 2 s for the 487 (sip-attempt.ts).
      graceMs: 3_000,
      outcomes: {
        silent: ['unanswered'],
        // Ringing, then the line is gone: no answer (time-out) or the connection refused (ICMP port unreachable).
        dies: ['unanswered', 'rejected'],
        // Answered, then a tone for ever and never a person: answered, no person spoke.
        'never-ending-stream': ['answered'],
      },
      unsupported: {
        'endless-body': 'a SIP message over UDP is one datagram: there is no body to keep sending',
        'huge-message': 'a SIP message over UDP is one datagram of at most 64 KiB, not 10 MB',
      },
      async close() {
        await channel.close();
        await line.stop();
        await dying.stop();
      },
    };
  });
});
