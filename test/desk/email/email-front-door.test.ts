import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/app/ports.ts';
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import { classifyReply } from '../../../src/domain/email/reply-classification.ts';
import { extractReplyPromise } from '../../../src/domain/email/promise-extraction.ts';
import type { MailMessage } from '../../../src/domain/email/mail-message.ts';
import { startEmailFrontDoor } from '../../../src/desk/email/email-front-door.ts';
import { pickedUpAt } from '../../../src/desk/email/email-desk.replies.ts';
import { DEMO_STAFFING, type StaffingSchedule } from '../../../src/desk/staffing.schedule.ts';
import { TIMER_EARLY_MS } from '../../support/timing.ts';
import { customerMailbox, until, write } from './email-desk.client.ts';

const HOUR = 3_600_000;
const MONDAY_10 = Date.parse('2026-11-23T10:00:00Z');
const SATURDAY_10 = Date.parse('2026-11-28T10:00:00Z');
const FRIDAY_21 = Date.parse('2026-11-27T21:00:00Z');
const TUESDAY_22 = Date.parse('2026-11-24T22:00:00Z');

describe('pickedUpAt under DEMO_STAFFING (humans Mon-Fri 08:00-20:00 London)', () => {
  it.each([
    ['a weekday mail in office hours is picked up at once', MONDAY_10, MONDAY_10],
    ['a weekday night mail waits for 08:00', TUESDAY_22, Date.parse('2026-11-25T08:00:00Z')],
    ['a Friday night mail waits for Monday', FRIDAY_21, Date.parse('2026-11-30T08:00:00Z')],
    ['a Saturday mail waits for Monday', SATURDAY_10, Date.parse('2026-11-30T08:00:00Z')],
  ])('%s', (_name, at, expected) => {
    expect(pickedUpAt(DEMO_STAFFING, at)).toBe(expected);
  });
});

describe('the email front door', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(clock: Clock, staffing: StaffingSchedule = DEMO_STAFFING) {
    const mailbox = await customerMailbox();
    cleanups.push(mailbox.close);
    const desk = await startEmailFrontDoor({
      clock,
      staffing,
      deliverTo: { host: '127.0.0.1', port: mailbox.port },
      seed: 3,
    });
    cleanups.push(desk.stop);
    return { mailbox, desk };
  }

  it('acknowledges at once with an RFC 3834 auto-reply promising 24 hours, then an agent answers on a staffed weekday', async () => {
    const clock = createCompressedClock({ factor: 3_600, start: MONDAY_10 });
    const { mailbox, desk } = await start(clock);
    const id = await write(desk);
    await until(() => (mailbox.mails.length >= 2 ? true : undefined));
    const [ack, human] = mailbox.mails as [MailMessage, MailMessage];
    expect(ack.headers['auto-submitted']).toEqual(['auto-replied']);
    expect(ack.inReplyTo).toBe(id);
    expect(classifyReply(ack).label).toBe('auto-reply');
    expect(extractReplyPromise(ack.text)?.deadline).toEqual({ kind: 'elapsed', ms: 24 * HOUR });
    expect(human.inReplyTo).toBe(id);
    expect(classifyReply(human).label).toBe('human');
    const [ackReply, humanReply] = desk.replies();
    // Order and lower bounds only: at 3,600x a timer firing TIMER_EARLY_MS real ms early reads 3.6 clock s a ms early, and load makes
    // replies later, never earlier. How close they come to their delays: email-front-door.timing.test.ts.
    expect(ackReply?.kind).toBe('ack');
    expect(humanReply?.kind).toBe('human');
    expect(humanReply?.deskDelayMs).toBeGreaterThan(ackReply?.deskDelayMs ?? Infinity);
    expect(humanReply?.deskDelayMs).toBeGreaterThanOrEqual(20 * 60_000 - 3_600 * TIMER_EARLY_MS);
  });

  it('answers a Saturday mail only after Monday 08:00: more than the 24 hours its auto-reply promised', async () => {
    const clock = createCompressedClock({ factor: 200_000, start: SATURDAY_10 });
    const { mailbox, desk } = await start(clock);
    await write(desk);
    await until(() => (mailbox.mails.length >= 2 ? true : undefined));
    const human = desk.replies().find((r) => r.kind === 'human');
    expect(human?.deskDelayMs).toBeGreaterThan(24 * HOUR);
    // Picked up at 08:00, answered at least 20 minutes later; a timer firing TIMER_EARLY_MS real ms early reads 200 clock s a ms early.
    expect(human?.sentAt).toBeGreaterThanOrEqual(Date.parse('2026-11-30T08:20:00Z') - 200_000 * TIMER_EARLY_MS);
    expect(human?.agent).toMatch(/Priya|Tom|Aisha|Marek|Hannah/);
  });

  it('refuses mail at RCPT while the schedule says closed', async () => {
    const closed: StaffingSchedule = { timeZone: 'Europe/London', shifts: [], otherwise: 'closed' };
    const { desk } = await start(createCompressedClock({ factor: 1, start: MONDAY_10 }), closed);
    await expect(write(desk)).rejects.toThrow(/550/);
  });

  it('never answers automatic mail (no loops with other auto-responders)', async () => {
    const clock = createCompressedClock({ factor: 3_600, start: MONDAY_10 });
    const { mailbox, desk } = await start(clock);
    await write(desk, { 'Auto-Submitted': 'auto-replied' });
    await new Promise((r) => setTimeout(r, 300));
    expect(mailbox.mails).toHaveLength(0);
    expect(desk.replies()).toHaveLength(0);
  });

  it('refuses addresses other than the support mailbox', async () => {
    const { desk } = await start(createCompressedClock({ factor: 1, start: MONDAY_10 }));
    const transport = nodemailer.createTransport({
      host: desk.smtpHost,
      port: desk.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    await expect(
      transport.sendMail({ from: 'a@b.test', to: 'sales@desk.kept.invalid', subject: 's', text: 't' }),
    ).rejects.toThrow(/550/);
    transport.close();
  });
});
