import { afterEach, describe, expect, it } from 'vitest';
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import type { Clock } from '../../../src/app/ports.ts';
import { DEMO_STAFFING, type StaffingSchedule } from '../../../src/desk/staffing.schedule.ts';
import {
  startWebChatFrontDoor,
  type RunningWebChatFrontDoor,
  type WebChatRecord,
} from '../../../src/desk/web-chat/web-chat.front-door.ts';
import { TIMER_EARLY_MS } from '../../support/timing.ts';
import { converse, type Frame } from './web-chat.client.ts';

const staffed = (min: number, max: number): StaffingSchedule => ({
  timeZone: 'UTC',
  shifts: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '24:00', mode: 'staffed', humanDelayMs: [min, max] }],
  otherwise: 'closed',
});
const only = (mode: 'bot-only' | 'closed'): StaffingSchedule => ({ timeZone: 'UTC', shifts: [], otherwise: mode });

const running: RunningWebChatFrontDoor[] = [];
async function frontDoor(staffing: StaffingSchedule, clock: Clock = systemClock): Promise<RunningWebChatFrontDoor> {
  const started = await startWebChatFrontDoor({ clock, staffing, botDelayMs: 40, seed: 2 });
  running.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});

const said = (frames: Frame[]): string[] =>
  frames.filter((f) => f.type === 'message').map((f) => `${f.role}: ${f.text}`);

describe('the web-chat front door', () => {
  it('serves the support page with its chat widget, and says who answers now', async () => {
    const door = await frontDoor(staffed(10, 20));
    const page = await fetch(door.pageUrl);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    for (const part of [
      'id="desk-chat-launcher"',
      'id="desk-prechat"',
      'id="desk-chat-log"',
      'id="desk-chat-input"',
      '/web-chat/socket',
    ])
      expect(html).toContain(part);
    expect(await (await fetch(`${door.httpUrl}/healthz`)).json()).toMatchObject({ status: 'ok', staffing: 'staffed' });
    expect(door.deadEndUrl).toBe(`${door.httpUrl}/?scenario=never-hands-over`);
  });

  it.each<[string, StaffingSchedule, string, { say: string; replies: number }[], RegExp[]]>([
    [
      'hands over to a person when staffed',
      staffed(60, 80),
      'name=Sam',
      [
        { say: 'My bill is wrong', replies: 1 },
        { say: 'Talk to a person', replies: 2 },
      ],
      [
        /^bot: Hi Sam!/,
        /^bot: Thanks, Sam\. I can help/,
        /^bot: Sure, I'm connecting you/,
        /^agent: Hi Sam, this is \w+ from the support team/,
      ],
    ],
    [
      'says nobody is available, in the same words each time, when bot-only',
      only('bot-only'),
      'name=Sam',
      [
        { say: 'Hello', replies: 1 },
        { say: 'A human please', replies: 1 },
        { say: 'agent', replies: 1 },
      ],
      [/^bot: Hi Sam!/, /^bot: Thanks, Sam/, /^bot: Sorry, there is nobody/, /^bot: Sorry, there is nobody/],
    ],
    [
      'answers a question that is not a request for a person',
      only('bot-only'),
      'name=Sam',
      [
        { say: 'Hello', replies: 1 },
        { say: 'Where is my order?', replies: 1 },
      ],
      [/^bot: Hi Sam!/, /^bot: Thanks, Sam/, /^bot: Our orders help pages/],
    ],
    [
      'never hands over in the never-hands-over scenario, even when staffed',
      staffed(10, 20),
      'name=Sam&scenario=never-hands-over',
      [
        { say: 'Hello', replies: 1 },
        { say: 'A person please', replies: 1 },
      ],
      [
        /^bot: Hi Sam!/,
        /^bot: I can help with billing, orders and returns\. Please choose/,
        /^bot: I can help with billing, orders and returns\. Please choose/,
      ],
    ],
  ])('%s', async (_name, staffing, query, turns, expected) => {
    const door = await frontDoor(staffing);
    const frames = await converse(door, query, turns);
    const lines = said(frames);
    expect(lines).toHaveLength(expected.length);
    lines.forEach((line, i) => expect(line).toMatch(expected[i] as RegExp));
  });

  it('closes the chat when the desk is closed', async () => {
    const door = await frontDoor(only('closed'));
    const frames = await converse(door, 'name=Sam', [{ say: 'Hello', replies: 1 }]);
    expect(frames.at(-1)).toEqual({ type: 'closed', text: 'Our chat is closed right now. Please try again later.' });
    expect(door.conversations(1)[0]).toMatchObject({ staffing: 'closed', ended: true });
  });

  it('shows the bot typing before each bot reply and offers quick replies', async () => {
    const door = await frontDoor(staffed(10, 20));
    const frames = await converse(door, 'name=Sam', [{ say: 'Hello', replies: 1 }]);
    expect(frames.map((f) => f.type)).toEqual(['message', 'typing', 'typing', 'message']);
    expect(frames[1]).toMatchObject({ on: true, name: 'Kai (virtual assistant)' });
    expect(frames[3]?.options).toEqual(['Billing', 'Orders', 'Returns', 'Talk to a person']);
  });

  it.each([
    ['real time', systemClock, 1],
    ['a clock five times faster', createCompressedClock({ factor: 5, start: Date.UTC(2026, 2, 4, 10) }), 5],
  ])("records every reply's true delay, on %s", async (_name, clock, factor) => {
    const door = await frontDoor(staffed(100 * factor, 100 * factor), clock);
    await converse(door, 'name=Sam', [
      { say: 'Hello', replies: 1 },
      { say: 'Talk to a person', replies: 2 },
    ]);
    const response = await fetch(`${door.httpUrl}/api/web-chat/conversations?limit=1`);
    const [record] = ((await response.json()) as { conversations: WebChatRecord[] }).conversations;
    const replies = record!.messages.filter((m) => m.deskDelayMs !== undefined);
    expect(replies.map((m) => m.role)).toEqual(['bot', 'bot', 'agent']);
    const [menu, connecting, agent] = replies;
    // Lower bounds only: Node's timers may fire up to 1 ms before performance.now() says the delay is over, which
    // reads as `factor` clock ms; load only makes replies later. How late: web-chat.front-door.timing.test.ts.
    expect(menu!.deskDelayMs).toBeGreaterThanOrEqual(40 - factor * TIMER_EARLY_MS);
    expect(menu!.sinceFirstMs).toBe(menu!.deskDelayMs);
    expect(connecting!.answers).toBe(agent!.answers);
    expect(agent!.deskDelayMs).toBeGreaterThanOrEqual(100 * factor - factor * TIMER_EARLY_MS);
    expect(agent!.sinceFirstMs).toBeGreaterThan(agent!.deskDelayMs!);
    expect(record!.messages[0]).toMatchObject({ role: 'bot', seq: 0 });
    expect(record!.messages[0]!.deskDelayMs).toBeUndefined();
  });

  it('follows the demo schedule: humans on a weekday afternoon, the bot alone at night', async () => {
    const afternoon = await frontDoor(
      DEMO_STAFFING,
      createCompressedClock({ factor: 1, start: Date.UTC(2026, 2, 4, 14) }),
    );
    const night = await frontDoor(DEMO_STAFFING, createCompressedClock({ factor: 1, start: Date.UTC(2026, 2, 4, 23) }));
    expect(await (await fetch(`${afternoon.httpUrl}/healthz`)).json()).toMatchObject({ staffing: 'staffed' });
    expect(await (await fetch(`${night.httpUrl}/healthz`)).json()).toMatchObject({ staffing: 'bot-only' });
  });
});
