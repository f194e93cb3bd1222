import { afterEach, describe, expect, it } from 'vitest';
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import type { StaffingSchedule } from '../../../src/desk/staffing.schedule.ts';
import {
  startWebChatFrontDoor,
  type RunningWebChatFrontDoor,
  type WebChatRecord,
} from '../../../src/desk/web-chat/web-chat.front-door.ts';
import { LOADED_MEDIAN_MS, LOADED_SLACK_MS, TIMER_EARLY_MS, median } from '../../support/timing.ts';
import { converse } from './web-chat.client.ts';

// How close the web chat's replies come to their planned delays (bot 40 clock ms, agent exactly 100 x factor). The
// desk measures each from the customer's message to its own send on its clock: at most TIMER_EARLY_MS early, one
// reading up to LOADED_SLACK_MS late and the median of five up to LOADED_MEDIAN_MS (test/support/timing.ts), in real
// ms, which a clock compressed `factor` times reads `factor` times larger.

const running: RunningWebChatFrontDoor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});

describe('the web-chat front door keeps to its delays', () => {
  it.each([
    ['real time', systemClock, 1],
    ['a clock five times faster', createCompressedClock({ factor: 5, start: Date.UTC(2026, 2, 4, 10) }), 5],
  ])('on %s (five conversations)', async (_name, clock, factor) => {
    const staffing: StaffingSchedule = {
      timeZone: 'UTC',
      shifts: [
        {
          days: [0, 1, 2, 3, 4, 5, 6],
          from: '00:00',
          to: '24:00',
          mode: 'staffed',
          humanDelayMs: [100 * factor, 100 * factor],
        },
      ],
      otherwise: 'closed',
    };
    const door = await startWebChatFrontDoor({ clock, staffing, botDelayMs: 40, seed: 2 });
    running.push(door);
    const errors: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      await converse(door, 'name=Sam', [
        { say: 'Hello', replies: 1 },
        { say: 'Talk to a person', replies: 2 },
      ]);
      const response = await fetch(`${door.httpUrl}/api/web-chat/conversations?limit=1`);
      const [record] = ((await response.json()) as { conversations: WebChatRecord[] }).conversations;
      const [menu, , agent] = record!.messages.filter((m) => m.deskDelayMs !== undefined);
      errors.push(menu!.deskDelayMs! - 40, agent!.deskDelayMs! - 100 * factor);
    }
    const said = `errors (clock ms): ${errors.map((e) => e.toFixed(1)).join(', ')}`;
    for (const error of errors) {
      expect(error, said).toBeGreaterThanOrEqual(-factor * TIMER_EARLY_MS - 0.05); // deskDelayMs is rounded to 0.1
      expect(error, said).toBeLessThan(factor * LOADED_SLACK_MS);
    }
    expect(median(errors), said).toBeLessThan(factor * LOADED_MEDIAN_MS);
  });
});
