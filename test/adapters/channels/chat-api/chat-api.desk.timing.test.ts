import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatApiChannel } from '../../../../src/adapters/channels/chat-api/chat-api.channel.ts';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { createCompressedClock } from '../../../../src/adapters/clock/compressed.clock.ts';
import { startDesk, type RunningDesk, type StaffingSchedule } from '../../../../src/desk/desk.ts';
import { LOADED_SLACK_MS, TIMER_EARLY_MS, median } from '../../../support/timing.ts';
import {
  accuracyOf,
  chatProbe,
  deskDelay,
  deskHttpOptions,
  deskWebSocketOptions,
  latestDeskConversation,
  memoryLog,
  probeContext,
} from './support.ts';

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6] as StaffingSchedule['shifts'][number]['days'];
const staffed = (humanDelayMs: [number, number]): StaffingSchedule => ({
  timeZone: 'Europe/London',
  shifts: [{ days: EVERY_DAY, from: '00:00', to: '24:00', mode: 'staffed', humanDelayMs }],
  otherwise: 'closed',
});
const botOnly: StaffingSchedule = { timeZone: 'Europe/London', shifts: [], otherwise: 'bot-only' };

const channel = createChatApiChannel({ log: memoryLog() });
const desks: Record<'staffed' | 'botOnly', RunningDesk | undefined> = { staffed: undefined, botOnly: undefined };
const desk = (name: keyof typeof desks): RunningDesk => desks[name] as RunningDesk;

beforeAll(async () => {
  desks.staffed = await startDesk({ clock: systemClock, staffing: staffed([150, 400]), botDelayMs: 60, seed: 42 });
  desks.botOnly = await startDesk({ clock: systemClock, staffing: botOnly, botDelayMs: 40, seed: 42 });
  // The first conversation in a fresh process runs cold code on both sides (lazy compilation, first connections)
  // and reads 15-40 ms late; a long-running Kept is warm, so the accuracy test measures warm conversations.
  const warm = { waitForHuman: false };
  await channel.run(chatProbe(desk('staffed').chatUrl, deskWebSocketOptions(warm)), probeContext());
  await channel.run(chatProbe(desk('staffed').httpUrl, deskHttpOptions(warm)), probeContext());
});
afterAll(async () => {
  await desks.staffed?.stop();
  await desks.botOnly?.stop();
});

const TRANSPORTS = [
  ['websocket', () => desk('staffed').chatUrl, deskWebSocketOptions],
  ['http', () => desk('staffed').httpUrl, deskHttpOptions],
] as const;
/** WebSocket replies are timed as they arrive; HTTP ones when a poll (every 5 ms here) brings them. */
const LATE_MS = { websocket: 10, http: 5 + 10 };
const CONVERSATIONS = 5;

describe('chat-api channel against the demo desk', () => {
  it.each(TRANSPORTS)(
    "over %s it times the bot and the human within 10 ms (plus the poll interval) of the desk's true delays",
    async (name, target, options) => {
      const errors = { bot: [] as number[], human: [] as number[] };
      for (let i = 0; i < CONVERSATIONS; i += 1) {
        const observation = await channel.run(chatProbe(target(), options()), probeContext());
        const truth = await latestDeskConversation(desk('staffed').httpUrl);
        expect(observation.outcome).toBe('answered');
        expect(observation.reason).toBeUndefined();
        expect(observation.humanReached).toBe(true);
        const { firstResponseMs, autoReplyMs, humanMs, connectMs, totalMs } = observation.timings;
        expect(firstResponseMs).toBe(autoReplyMs);
        expect(connectMs).toBeGreaterThan(0);
        expect(totalMs).toBeGreaterThanOrEqual(humanMs as number);
        errors.bot.push((autoReplyMs as number) - deskDelay(truth.messages, 'bot'));
        errors.human.push((humanMs as number) - deskDelay(truth.messages, 'agent'));
      }
      expect(accuracyOf(errors.bot, LATE_MS[name])).toMatchObject({ ok: true });
      expect(accuracyOf(errors.human, LATE_MS[name])).toMatchObject({ ok: true });
    },
  );

  it.each(TRANSPORTS)(
    'over %s the transcript has the customer, the bot and the named human in order',
    async (_name, target, options) => {
      const observation = await channel.run(chatProbe(target(), options()), probeContext());
      const transcript = observation.evidence.transcript ?? [];

      expect(transcript.map((line) => line.from)).toEqual(['customer', 'bot', 'human']);
      expect(transcript[0]?.text).toContain("I'm Sam Taylor");
      expect(transcript[1]?.name).toBe('Kai (virtual assistant)');
      expect(transcript[2]?.text).toContain('Hi Sam Taylor, this is');
      expect(transcript[2]?.name).toBe(transcript[2]?.text.split('this is ')[1]?.split(' ')[0]);
      expect(observation.autoReplyPromise).toBe(
        "I've passed your message to our team: a person usually joins within a minute.",
      );
      expect(observation.evidence.details).toMatchObject({
        transport: _name,
        ending: 'satisfied',
        senders: ['bot', 'agent'],
      });
    },
  );

  it('without waitForHuman it stops at the first (bot) response', async () => {
    const options = deskWebSocketOptions({ waitForHuman: false });
    const observation = await channel.run(chatProbe(desk('staffed').chatUrl, options), probeContext());

    expect(observation.outcome).toBe('answered');
    expect(observation.humanReached).toBe(false);
    expect(observation.timings.humanMs).toBeUndefined();
    // The bot's 60 ms, and one reading's lateness under load (test/support/timing.ts).
    expect(observation.timings.totalMs).toBeLessThan(60 + LOADED_SLACK_MS);
  });

  it('the HTTP probe closes the conversation at the desk when it is done', async () => {
    const observation = await channel.run(chatProbe(desk('staffed').httpUrl, deskHttpOptions()), probeContext());
    const response = await fetch(
      `${desk('staffed').httpUrl}/api/conversations/${observation.evidence.details?.conversationId as string}/messages`,
    );

    expect((await response.json()) as { ended: boolean }).toMatchObject({ ended: true });
    expect(observation.evidence.details?.httpStatuses).toEqual([
      { step: 'start', status: 201 },
      { step: 'send', status: 202 },
      { step: 'end', status: 204 },
    ]);
  });
});

describe("chat-api channel in the desk's bot-only hours", () => {
  it.each([
    ['websocket', () => desk('botOnly').chatUrl, deskWebSocketOptions],
    ['http', () => desk('botOnly').httpUrl, deskHttpOptions],
  ] as const)(
    'over %s the bot answers, no human is reached, and the time-out ends the wait',
    async (_name, target, options) => {
      const observation = await channel.run(chatProbe(target(), options(), 400), probeContext());

      expect(observation.outcome).toBe('answered');
      expect(observation.humanReached).toBe(false);
      expect(observation.reason).toBe('no human answered within 400ms; only automatic replies came');
      // The probe's interval contains the desk's 40 ms; timers fire at most TIMER_EARLY_MS early.
      expect(observation.timings.autoReplyMs).toBeGreaterThanOrEqual(40 - TIMER_EARLY_MS);
      expect(observation.timings.humanMs).toBeUndefined();
      expect(observation.timings.totalMs).toBeGreaterThanOrEqual(400 - TIMER_EARLY_MS);
      expect(observation.evidence.transcript?.map((line) => line.from)).toEqual(['customer', 'bot']);
    },
  );
});

describe('chat-api channel on a compressed clock', () => {
  // The same accuracy as in real time (median of five within 10 ms, each within LOADED_SLACK_MS), read `factor` times
  // larger; timings in real ms would read 760 ms (bot) and 1.9-2.9 s (human) short.
  it('measures in compressed milliseconds, as the desk delays them (median of five conversations)', async () => {
    const factor = 20;
    const clock = createCompressedClock({ factor, start: Date.UTC(2026, 2, 2, 10, 0) });
    const fast = await startDesk({ clock, staffing: staffed([2_000, 3_000]), botDelayMs: 800, seed: 3 });
    try {
      const errors: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const observation = await channel.run(
          chatProbe(fast.chatUrl, deskWebSocketOptions(), 60_000),
          probeContext({ clock }),
        );
        const truth = await latestDeskConversation(fast.httpUrl);
        expect(observation.outcome).toBe('answered');
        expect(observation.timings.humanMs).toBeGreaterThanOrEqual(2_000 - factor * TIMER_EARLY_MS);
        errors.push((observation.timings.autoReplyMs as number) - deskDelay(truth.messages, 'bot'));
        errors.push((observation.timings.humanMs as number) - deskDelay(truth.messages, 'agent'));
      }
      const said = `errors (clock ms): ${errors.map((e) => e.toFixed(1)).join(', ')}`;
      for (const error of errors) expect(Math.abs(error), said).toBeLessThanOrEqual(factor * LOADED_SLACK_MS);
      expect(Math.abs(median(errors)), said).toBeLessThanOrEqual(factor * 10);
    } finally {
      await fast.stop();
    }
  });
});
