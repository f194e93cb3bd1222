import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProbeSpec } from '../../../../src/domain/catalogue.ts';
import type { StaffingSchedule } from '../../../../src/desk/staffing.schedule.ts';
import type { WebChatEntry, WebChatRecord } from '../../../../src/desk/web-chat/web-chat.front-door.ts';

import { testProbe } from '../../../support/probe-kit.ts';

export { memoryLog, probeContext } from '../../../support/probe-kit.ts';

export function browserProbe(
  target: string,
  options: Record<string, unknown>,
  timeoutMs = 15_000,
  id = 'test-browser-chat',
): ProbeSpec {
  return testProbe('browser-chat', id, target, options, timeoutMs);
}

export function evidenceDir(): string {
  return mkdtempSync(join(tmpdir(), 'kept-browser-evidence-'));
}

/** Humans every day, all day, answering after a delay in [min, max] ms. */
export const ALWAYS_STAFFED = (min: number, max: number): StaffingSchedule => ({
  timeZone: 'UTC',
  shifts: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '24:00', mode: 'staffed', humanDelayMs: [min, max] }],
  otherwise: 'bot-only',
});
export const BOT_ONLY: StaffingSchedule = { timeZone: 'UTC', shifts: [], otherwise: 'bot-only' };
export const CLOSED: StaffingSchedule = { timeZone: 'UTC', shifts: [], otherwise: 'closed' };

/** The catalogue options for the desk's page, as docs/architecture/browser-chat-channel.md shows them. */
export const deskPageOptions = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  message: "Hi, I'm {persona}. I was charged twice this month, can someone help?",
  persona: 'Sam Taylor',
  steps: [
    { click: '#desk-chat-launcher' },
    { fill: '#desk-prechat input[name=name]', value: '{persona}' },
    { fill: '#desk-prechat input[name=email]', value: '{email}' },
    { click: '#desk-prechat button[type=submit]' },
    { waitFor: '#desk-chat-input' },
  ],
  composer: { input: '#desk-chat-input', send: '#desk-composer .chat-send' },
  messages: {
    selector: '#desk-chat-log > li.chat-msg',
    text: '.chat-msg__text',
    name: '.chat-msg__author',
    customer: [{ attribute: 'data-role', equals: 'customer' }],
  },
  human: [{ attribute: 'data-role', equals: 'agent' }],
  bot: [{ attribute: 'data-role', equals: 'bot' }],
  closed: [{ attribute: 'data-role', equals: 'notice' }],
  escalation: {
    options: { selector: '.chat-option', matches: 'person|human|agent' },
    phrases: ["I'd like to talk to a person, please.", 'Can I speak to an agent?'],
    handoff: 'connecting you',
    settleMs: 250,
  },
  ...extra,
});

/** The desk's reply of a role (the n-th, from 0) in its newest conversation: the truth to compare with. */
export function deskReply(record: WebChatRecord, role: 'bot' | 'agent', nth = 0): WebChatEntry {
  const reply = record.messages.filter((m) => m.role === role && m.sinceFirstMs !== undefined)[nth];
  if (reply === undefined) throw new Error(`the desk sent no ${role} reply #${nth}`);
  return reply;
}
