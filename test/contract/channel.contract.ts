import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttemptRunner, DEADLINE_REASON, type AttemptRunnerDeps } from '../../src/app/attempt-runner.ts';
import type { Channel, Clock } from '../../src/app/ports.ts';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';
import type { ProbeSpec } from '../../src/domain/catalogue.ts';
import type { Observation, Outcome } from '../../src/domain/observation.ts';
import { memoryLog } from '../support/probe-kit.ts';

/**
 * The channel contract (issue 10): what every Channel, run by the one attempt runner, must do when things go wrong on
 * our side or the peer's. Each channel's test file gives a real peer (an HTTP or WebSocket back end, a page in
 * Chromium, a SIP peer, mail servers) that can be told how to behave, and the contract runs the same cases against it.
 * Outcomes and order only: elapsed-time bounds live in test/contract/*.timing.test.ts (serial pass).
 */

/** How the peer behaves for one attempt. */
export type PeerBehaviour =
  /** A person answers soon: the attempt is `answered` with a human. */
  | 'answers'
  /** Accepts the attempt, then never answers: the channel's own time-out ends it. */
  | 'silent'
  /** Accepts the attempt, then goes away mid-attempt (process gone, connection reset). */
  | 'dies'
  /** Answers with a response body that never ends. */
  | 'endless-body'
  /** Answers with one 10 MB message. */
  | 'huge-message'
  /** Sends a stream that never ends (a frame every few ms, a ringing that never stops, audio forever). */
  | 'never-ending-stream';

export interface ChannelUnderTest {
  readonly channel: Channel;
  /** A probe of this channel against the peer behaving as asked, with the given time-out. */
  probe(behaviour: PeerBehaviour, timeoutMs: number): ProbeSpec;
  /**
   * Resolves once the attempt against the peer is under way (the peer saw the customer's message, call or mail):
   * faults "mid-attempt" are injected then. Called before the attempt starts; it watches for the next one.
   */
  underWay(): Promise<void>;
  /**
   * What a customer would have seen for each peer behaviour this peer can show (a behaviour left out is not
   * supported by this peer: say why in `unsupported`). `inconclusive` is allowed wherever Kept could not read what came.
   */
  readonly outcomes: Partial<Record<PeerBehaviour, readonly Outcome[]>>;
  /** Behaviours this channel's peer cannot show, with the reason (e.g. "a SIP message is one UDP datagram"). */
  readonly unsupported?: Partial<Record<PeerBehaviour, string>>;
  /** Time-out for a probe (default 3 s): long enough for the peer's answer on a loaded machine. */
  readonly timeoutMs?: number;
  /**
   * Grace past the time-out before the runner abandons an attempt (default 1 s): what the channel needs to end a
   * conversation cleanly after its time-out (SIP waits up to 2 s for the 487 after its CANCEL).
   */
  readonly graceMs?: number;
  /** The clock the attempts run on (default the system clock). */
  readonly clock?: Clock;
  readonly close?: () => Promise<void>;
}

/** An observation's size as stored: what "bounded in memory" is checked against (limits.md: 1 MiB per observation). */
export const MAX_OBSERVATION_CHARS = 1_048_576;

/** A run of a real channel wrapped by a fault: what the wrapper did to it and how the real run ended. */
interface Wrapped {
  readonly channel: Channel;
  /** Settles when the real channel's run returned (or threw) after the fault. */
  readonly realEnded: Promise<'returned' | 'threw'>;
}

/** The real channel, but the attempt throws once the peer has seen it (a bug in Kept mid-attempt). */
function throwingMidAttempt(subject: ChannelUnderTest): Wrapped {
  let ended!: (how: 'returned' | 'threw') => void;
  const realEnded = new Promise<'returned' | 'threw'>((resolve) => (ended = resolve));
  const channel: Channel = {
    kind: subject.channel.kind,
    async run(probe, ctx) {
      const underWay = subject.underWay();
      void subject.channel.run(probe, ctx).then(
        () => ended('returned'),
        () => ended('threw'),
      );
      await underWay;
      throw new TypeError('Cannot read properties of undefined (reading "text")');
    },
  };
  return { channel, realEnded };
}

/** The real channel, but the attempt never returns, even once aborted (a hang in Kept). */
function hanging(subject: ChannelUnderTest): Wrapped {
  let ended!: (how: 'returned' | 'threw') => void;
  const realEnded = new Promise<'returned' | 'threw'>((resolve) => (ended = resolve));
  const channel: Channel = {
    kind: subject.channel.kind,
    run(probe, ctx) {
      void subject.channel.run(probe, ctx).then(
        () => ended('returned'),
        () => ended('threw'),
      );
      return new Promise<Observation>(() => undefined);
    },
  };
  return { channel, realEnded };
}

const json = (observation: Observation): number => JSON.stringify(observation).length;

/**
 * The cases every channel must pass. `open` starts the peer and the channel once for the file; each case makes its
 * own attempts through the attempt runner, as the service and the probe workers do.
 */
export function describeChannelContract(name: string, open: () => Promise<ChannelUnderTest>): void {
  describe(`${name} honours the channel contract`, () => {
    let subject: ChannelUnderTest;
    let timeoutMs: number;
    const runner = (channel: Channel, extra: Partial<AttemptRunnerDeps> = {}) =>
      createAttemptRunner({
        channelFor: () => channel,
        clock: subject.clock ?? systemClock,
        log: memoryLog(),
        // The deadline: time-out plus a grace long enough for a well-behaved channel to clean up.
        graceMs: subject.graceMs ?? 1_000,
        settleMs: 1_000,
        ...extra,
      });
    let runs = 0;
    const attempt = (channel: Channel, behaviour: PeerBehaviour, options: { signal?: AbortSignal } = {}) =>
      runner(channel).attempt(subject.probe(behaviour, timeoutMs), `contract-${name}-${(runs += 1)}`, options);

    beforeAll(async () => {
      subject = await open();
      timeoutMs = subject.timeoutMs ?? 3_000;
    }, 120_000);
    afterAll(async () => {
      await subject?.close?.();
    }, 60_000);

    it('answers: a person who answers makes an answered attempt with a human (the peer works)', async () => {
      const observation = await attempt(subject.channel, 'answers');
      expect(observation.outcome, observation.reason).toBe('answered');
      expect(observation.humanReached).toBe(true);
      expect(observation.timings.connectMs ?? 0).toBeLessThanOrEqual(observation.timings.totalMs);
    });

    it('a throw mid-attempt is inconclusive, names our failure, and the real attempt is stopped', async () => {
      const wrapped = throwingMidAttempt(subject);
      const observation = await attempt(wrapped.channel, 'silent');
      expect(observation.outcome).toBe('inconclusive');
      expect(observation.reason).toBe(
        'the probe failed on our side: Cannot read properties of undefined (reading "text")',
      );
      // The runner aborted the attempt: the real channel returns (it must not go on waiting for its own time-out).
      expect(await wrapped.realEnded).toBe('returned');
    });

    it('a hang past the deadline is abandoned as inconclusive (our failure), and the real attempt is aborted', async () => {
      const wrapped = hanging(subject);
      const observation = await attempt(wrapped.channel, 'silent');
      expect([observation.outcome, observation.reason]).toEqual(['inconclusive', DEADLINE_REASON]);
      expect(await wrapped.realEnded).toBe('returned');
    });

    it('aborted mid-attempt (shutdown): inconclusive, never counted for or against the service', async () => {
      const stop = new AbortController();
      const underWay = subject.underWay();
      const pending = attempt(subject.channel, 'silent', { signal: stop.signal });
      await underWay;
      stop.abort(new Error('Kept is stopping'));
      const observation = await pending;
      expect(observation.outcome).toBe('inconclusive');
      expect(observation.reason ?? '').not.toBe('');
    });

    it('silent: a peer that never answers ends at the probe time-out with a customer-side outcome', async () => {
      const observation = await attempt(subject.channel, 'silent');
      expect(subject.outcomes.silent ?? ['unanswered']).toContain(observation.outcome);
      expect(observation.reason).not.toBe(DEADLINE_REASON);
    });

    const peerCases: [PeerBehaviour, string][] = [
      ['dies', 'the peer dies mid-attempt'],
      ['endless-body', 'the peer sends a body that never ends'],
      ['huge-message', 'the peer sends a 10 MB message'],
      ['never-ending-stream', 'the peer sends a stream that never ends'],
    ];
    it.each(peerCases)(
      '%s: %s: ends before the deadline, bounded, inconclusive or the outcome a customer saw',
      async (behaviour) => {
        const allowed = subject.outcomes[behaviour];
        if (allowed === undefined) {
          // Declared unsupported by this peer, with the reason: the file's own describe says so.
          expect(subject.unsupported?.[behaviour]).toEqual(expect.any(String));
          return;
        }
        const observation = await attempt(subject.channel, behaviour);
        expect(observation.reason).not.toBe(DEADLINE_REASON);
        expect([...allowed, 'inconclusive']).toContain(observation.outcome);
        expect(json(observation)).toBeLessThanOrEqual(MAX_OBSERVATION_CHARS);
      },
    );
  });
}
