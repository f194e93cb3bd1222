import { staffingAt, type StaffingSchedule } from '../staffing.schedule.ts';

/** Ages of the desk's replies, all in clock ms. */
export interface EmailDeskTiming {
  /** The auto-acknowledgement's delay after the mail arrives. */
  readonly ackDelayMs: number;
  /** An agent answers this long after picking the mail up: drawn from [min, max]. */
  readonly humanDelayMs: readonly [number, number];
}

/** The email desk's defaults: the auto-ack after 2 s; an agent 20 min to 2 h after the mail is picked up. */
export const EMAIL_DESK_TIMING: EmailDeskTiming = Object.freeze({
  ackDelayMs: 2_000,
  humanDelayMs: [20 * 60_000, 2 * 3_600_000] as const,
});

const MINUTE_MS = 60_000;
const LOOK_AHEAD_MINUTES = 14 * 24 * 60;

/**
 * When an agent first sees a mail that arrived at `at`: at once if the desk is staffed then, else at the start of the
 * next staffed shift (weekend mail waits for Monday morning). Undefined when no shift is staffed within two weeks.
 */
export function pickedUpAt(schedule: StaffingSchedule, at: number): number | undefined {
  if (staffingAt(schedule, at).mode === 'staffed') return at;
  const firstMinute = Math.ceil(at / MINUTE_MS) * MINUTE_MS;
  for (let minute = 0; minute < LOOK_AHEAD_MINUTES; minute += 1) {
    const candidate = firstMinute + minute * MINUTE_MS;
    if (staffingAt(schedule, candidate).mode === 'staffed') return candidate;
  }
  return undefined;
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || 'there';
}

/** The RFC 3834 auto-acknowledgement the desk sends, promising a reply within 24 hours. */
export function ackText(customer: string, ticket: number): string {
  return [
    `Hi ${firstName(customer)},`,
    '',
    `Thanks for contacting Demo Desk. This is an automated reply to let you know we have received your message (ticket #${ticket}).`,
    'A member of our team will reply within 24 hours.',
    '',
    'Demo Desk Support',
  ].join('\n');
}

/** An agent's reply, quoting the customer's mail the way a mail client does. */
export function humanText(input: {
  customer: string;
  agent: string;
  quoted: string;
  quotedFrom: string;
  quotedAt: Date;
}): string {
  const quote = input.quoted
    .trim()
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return [
    `Hi ${firstName(input.customer)},`,
    '',
    "Sorry about the trouble with your bill. I've looked into it and refunded the duplicate charge; you should see it on your statement within a few days.",
    '',
    'Best,',
    input.agent,
    '',
    `On ${input.quotedAt.toUTCString()}, ${input.quotedFrom} wrote:`,
    quote,
  ].join('\n');
}
