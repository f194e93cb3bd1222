import { afterEach, describe, expect, it } from 'vitest';
import { createCompressedClock } from '../../src/adapters/clock/compressed.clock.ts';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';
import type { Clock } from '../../src/app/ports.ts';
import { DEMO_STAFFING, startDesk, type RunningDesk, type StaffingSchedule } from '../../src/desk/desk.ts';
import { memoryLog } from '../support/probe-kit.ts';
import { LOADED_MEDIAN_MS, LOADED_SLACK_MS, TIMER_EARLY_MS, median } from '../support/timing.ts';
import { chatOverWebSocket, loggedReplies, type LoggedReply } from './chat-client.ts';

// How close the desk's replies come to the delays it planned. The desk measures each reply from the customer's
// message to its own send on its clock, so the error is only its timer's: at most TIMER_EARLY_MS early, and late by
// the event loop's delay, which load makes unbounded for one reading. Each reading is allowed LOADED_SLACK_MS late,
// the median of five or more LOADED_MEDIAN_MS (test/support/timing.ts), in real ms: a clock compressed `factor` times
// multiplies them. A desk that waited real ms on a compressed clock, or added a fixed delay of its own, fails.

const running: RunningDesk[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});

/** Runs `count` conversations one after another and returns every reply the desk logged: planned vs. measured. */
async function replies(
  clock: Clock,
  staffing: StaffingSchedule,
  count: number,
  frames: number,
  botDelayMs: number,
): Promise<LoggedReply[]> {
  const log = memoryLog();
  const desk = await startDesk({ clock, staffing, botDelayMs, seed: 1, log });
  running.push(desk);
  for (let i = 0; i < count; i += 1)
    expect((await chatOverWebSocket(desk.chatUrl, frames)).frames).toHaveLength(frames);
  return loggedReplies(log.lines);
}

function expectOnTime(logged: readonly LoggedReply[], factor: number): void {
  const errors = logged.map((r) => r.deskDelayMs - r.plannedDelayMs);
  const said = `errors (clock ms, factor ${factor}): ${errors.map((e) => e.toFixed(1)).join(', ')}`;
  for (const error of errors) {
    expect(error, said).toBeGreaterThanOrEqual(-factor * TIMER_EARLY_MS - 0.05); // deskDelayMs is rounded to 0.1
    expect(error, said).toBeLessThanOrEqual(factor * LOADED_SLACK_MS);
  }
  expect(median(errors), said).toBeLessThanOrEqual(factor * LOADED_MEDIAN_MS);
}

describe('the desk keeps to its planned delays', () => {
  it('on the system clock: every reply between 2 ms early (TIMER_EARLY_MS) and 200 ms late, the median within 50 ms', async () => {
    const staffed: StaffingSchedule = {
      timeZone: 'UTC',
      shifts: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '24:00', mode: 'staffed', humanDelayMs: [120, 160] }],
      otherwise: 'closed',
    };
    const logged = await replies(systemClock, staffed, 5, 3, 40);
    expect(logged.map((r) => r.role)).toEqual(Array.from({ length: 5 }, () => ['bot', 'agent']).flat());
    expectOnTime(logged, 1);
  });

  it('on a clock 50 times faster: waits in compressed time, so errors are 50 times the real ones', async () => {
    const factor = 50;
    // Monday 10:00: staffed, humans in 5-20 clock s, i.e. 100-400 real ms; a desk waiting real ms would take minutes.
    const monday = createCompressedClock({ factor, start: Date.UTC(2026, 2, 9, 10, 0) });
    const started = performance.now();
    const logged = await replies(monday, DEMO_STAFFING, 5, 3, 800);
    const realMs = performance.now() - started;
    expectOnTime(logged, factor);
    // Five conversations, each as long as its agent's planned delay: the sum of those in real ms, plus the slack for
    // each conversation's connection and reply.
    const plannedRealMs = logged
      .filter((r) => r.role === 'agent')
      .reduce((sum, r) => sum + r.plannedDelayMs / factor, 0);
    expect(realMs).toBeLessThan(plannedRealMs + 5 * LOADED_SLACK_MS);
  });

  it('on a clock 50 times faster on a Saturday: the bot alone, on time', async () => {
    const factor = 50;
    const saturday = createCompressedClock({ factor, start: Date.UTC(2026, 2, 7, 12, 0) });
    const logged = await replies(saturday, DEMO_STAFFING, 5, 2, 800);
    expect(logged.map((r) => r.role)).toEqual(['bot', 'bot', 'bot', 'bot', 'bot']);
    expectOnTime(logged, factor);
  });
});
