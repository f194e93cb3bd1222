import { describe, expect, it } from 'vitest';
import { deliveryStatuses } from '../../../src/domain/email/mail-message.ts';
import { classifyReply, type ReplyLabel } from '../../../src/domain/email/reply-classification.ts';
import { mail } from './mail-builders.ts';

const HUMAN_TEXT = 'Hi Sam,\n\nI have refunded the second charge.\n\nBest,\nPriya';
const DSN = (action: string) => ({
  contentType: 'message/delivery-status',
  text: `Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b\nAction: ${action}\nStatus: 5.1.1\n`,
});

describe('classifyReply by the rules that decide it', () => {
  it.each<readonly [string, Parameters<typeof mail>[0], ReplyLabel]>([
    [
      'Auto-Submitted: auto-replied decides alone, whatever the text',
      { headers: { 'Auto-Submitted': 'auto-replied' }, text: HUMAN_TEXT },
      'auto-reply',
    ],
    [
      'the auto-replied prefix is enough ("auto-replied (vacation)")',
      { headers: { 'Auto-Submitted': 'auto-replied (vacation)' } },
      'auto-reply',
    ],
    ['Auto-Submitted: no is a person', { headers: { 'Auto-Submitted': 'no' }, text: HUMAN_TEXT }, 'human'],
    ['X-Autoreply decides alone', { headers: { 'X-Autoreply': 'yes' }, text: HUMAN_TEXT }, 'auto-reply'],
    ['X-Autorespond decides alone', { headers: { 'X-Autorespond': 'Re: Charged twice' } }, 'auto-reply'],
    ['Precedence: auto_reply decides alone', { headers: { Precedence: 'auto_reply' } }, 'auto-reply'],
    [
      'Precedence: bulk alone does not make a person automatic',
      { headers: { Precedence: 'bulk' }, text: HUMAN_TEXT },
      'human',
    ],
    [
      'auto-generated with an automatic text is automatic',
      { headers: { 'Auto-Submitted': 'auto-generated' }, text: 'Your ticket #12 has been created.' },
      'auto-reply',
    ],
    [
      'auto-generated with an agent’s relayed comment is a person',
      { headers: { 'Auto-Submitted': 'auto-generated' }, text: 'Priya Shah commented:\n\nHi Sam, I have refunded it.' },
      'human',
    ],
    ['an out-of-office subject with no text is automatic', { subject: 'Out of Office: Charged twice' }, 'auto-reply'],
    [
      'a subject starting "Re:" says nothing about this mail',
      { subject: "Re: We've received your request", text: HUMAN_TEXT },
      'human',
    ],
    [
      '"this is an automated message" and a promise are automatic',
      { text: 'This is an automated message. We will get back to you within 2 days.' },
      'auto-reply',
    ],
    [
      'a canned reply with no signals either way is a person',
      { text: 'Dear Customer, the payment has been refunded. Regards, Acme' },
      'human',
    ],
    [
      'a personal holding reply is a person',
      { text: "Hi Sam, I'm on it and will get back to you by tomorrow.\n\nThanks,\nTom" },
      'human',
    ],
    ['an empty mail is a person (nothing says otherwise)', { text: '' }, 'human'],
    [
      'a DSN that failed is a bounce',
      { contentType: 'multipart/report; report-type=delivery-status', parts: [DSN('failed')] },
      'bounce',
    ],
    [
      'a DSN that is only delayed is a delivery notice',
      { contentType: 'multipart/report; report-type=delivery-status', parts: [DSN('delayed')] },
      'delivery-notice',
    ],
    [
      'a DSN part inside multipart/mixed (OpenSMTPD) counts',
      { contentType: 'multipart/mixed', parts: [DSN('failed')] },
      'bounce',
    ],
    [
      'a read receipt is a delivery notice',
      { contentType: 'multipart/report; report-type=disposition-notification' },
      'delivery-notice',
    ],
    ['X-Failed-Recipients is a bounce', { headers: { 'X-Failed-Recipients': 'support@acme.test' } }, 'bounce'],
    [
      'MAILER-DAEMON with a failure subject is a bounce',
      { from: 'mailer-daemon@mx.test', subject: 'failure notice' },
      'bounce',
    ],
    [
      'MAILER-DAEMON with a delay subject is a notice',
      { from: 'mailer-daemon@mx.test', subject: 'Delivery Status Notification (Delay)' },
      'delivery-notice',
    ],
    [
      'the null sender with "user unknown" in the text is a bounce',
      { headers: { 'Return-Path': '<>' }, subject: 'Returned', text: '550 user unknown' },
      'bounce',
    ],
  ])('%s', (_name, fields, label) => {
    const result = classifyReply(mail(fields));
    expect(result.label, result.signals.join('; ')).toBe(label);
  });

  it('says why, with the weight of each signal', () => {
    expect(classifyReply(mail({ headers: { 'Auto-Submitted': 'auto-replied' } })).signals).toEqual([
      'auto-submitted: auto-replied (+5)',
    ]);
    expect(classifyReply(mail({ text: HUMAN_TEXT })).signals).toEqual([
      'writes in the first person (-1)',
      'signed by a person (-1)',
    ]);
  });
});

describe('deliveryStatuses', () => {
  it('reads one entry per recipient block, skipping the per-message block', () => {
    const text =
      'Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b.test\nAction: failed\nStatus: 5.1.1 (bad)\nDiagnostic-Code: smtp;\n 550 no such user\n\nFinal-Recipient: rfc822;c@d.test\nAction: delayed\nStatus: 4.4.1\n';
    expect(deliveryStatuses({ parts: [{ contentType: 'message/delivery-status', text }] })).toEqual([
      { action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 no such user', recipient: 'a@b.test' },
      { action: 'delayed', status: '4.4.1', recipient: 'c@d.test' },
    ]);
  });
});
