import { createServer } from 'node:net';
import type { ProbeSpec } from '../../../../src/domain/catalogue.ts';
import type { DeskMessage } from '../../../../src/desk/desk.ts';

import { testProbe } from '../../../support/probe-kit.ts';
import { LOADED_SLACK_MS, median } from '../../../support/timing.ts';

export { memoryLog, probeContext } from '../../../support/probe-kit.ts';

export function chatProbe(target: string, options: Record<string, unknown>, timeoutMs = 5_000): ProbeSpec {
  return testProbe('chat-api', 'test-chat', target, options, timeoutMs);
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The desk's own record of its latest conversation: the truth the probe's timings are compared with. */
export async function latestDeskConversation(httpUrl: string): Promise<{ id: string; messages: DeskMessage[] }> {
  const response = await fetch(`${httpUrl}/api/conversations?limit=1`);
  const body = (await response.json()) as { conversations: { id: string; messages: DeskMessage[] }[] };
  const latest = body.conversations[0];
  if (latest === undefined) throw new Error('the desk has no conversation');
  return latest;
}

export function deskDelay(messages: readonly DeskMessage[], role: 'bot' | 'agent'): number {
  const message = messages.find((m) => m.from.role === role);
  if (message?.deskDelayMs === undefined) throw new Error(`the desk sent no ${role} reply`);
  return message.deskDelayMs;
}

/** Options that read the desk's JSON, as a catalogue would write them. */
export const DESK_RECEIVE = {
  textPath: '$.text',
  senderPath: '$.from.role',
  senderNamePath: '$.from.name',
  ignore: [{ path: '$.from.role', equals: 'customer' }],
};
export const DESK_HUMAN = [{ path: '$.from.role', equals: 'agent' }];
export const DESK_BOT = [{ path: '$.from.role', equals: 'bot' }];

export const deskWebSocketOptions = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  transport: 'websocket',
  message: "Hi, I'm {persona} and my bill is wrong (run {runId}).",
  persona: 'Sam Taylor',
  send: { type: 'message', text: '{message}', customer: '{persona}' },
  receive: DESK_RECEIVE,
  human: DESK_HUMAN,
  bot: DESK_BOT,
  ...extra,
});

export const deskHttpOptions = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  transport: 'http',
  message: "Hi, I'm {persona} and my bill is wrong.",
  send: { text: '{message}' },
  http: {
    start: { path: '/api/conversations', body: { customer: '{persona}' }, conversationIdPath: '$.id' },
    send: { path: '/api/conversations/{conversationId}/messages' },
    poll: { path: '/api/conversations/{conversationId}/messages?after={after}', intervalMs: 5 },
    end: { path: '/api/conversations/{conversationId}' },
  },
  receive: { ...DESK_RECEIVE, messagesPath: '$.messages[*]' },
  human: DESK_HUMAN,
  bot: DESK_BOT,
  ...extra,
});

/**
 * Checks measured-minus-true delays. The probe's interval (message handed over -> reply read) contains the back
 * end's (message read -> reply written) when both share a process and a monotonic clock, so no error may be negative
 * beyond rounding. Single conversations read late when the CPUs are contended (parallel test files), so accuracy is
 * judged on the median of several conversations (at most `lateMs` late), with a loose bound on the worst: what load
 * can add to one reading, LOADED_SLACK_MS (test/support/timing.ts).
 */
export function accuracyOf(
  errors: readonly number[],
  lateMs: number,
): { earliest: number; median: number; worst: number; ok: boolean } {
  const earliest = Math.min(...errors);
  const worst = Math.max(...errors);
  const mid = median(errors);
  return { earliest, median: mid, worst, ok: earliest >= -0.2 && mid <= lateMs && worst <= LOADED_SLACK_MS };
}
