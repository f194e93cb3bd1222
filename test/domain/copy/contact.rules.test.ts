import { describe, expect, it } from 'vitest';
import type { ClaimChannel } from '../../../src/domain/channel.ts';
import type { ClaimPromise } from '../../../src/domain/claim.ts';
import { extractClaims } from '../../../src/domain/copy/extract-claims.ts';
import type { ExtractedClaim } from '../../../src/domain/copy/extracted-claim.ts';

const ALL: ClaimChannel[] = ['chat', 'phone', 'email'];

function only(copy: string): ExtractedClaim {
  const claims = extractClaims(copy, { format: 'text' });
  expect(claims, JSON.stringify(claims, null, 1)).toHaveLength(1);
  return claims[0] as ExtractedClaim;
}

describe('people wording', () => {
  it.each<[string, string, ClaimPromise]>([
    ['"a real person" promises a human', 'Call us and a real person will answer.', { kind: 'human', withinMs: null }],
    ['"a real human" promises a human', 'Chat to a real human.', { kind: 'human', withinMs: null }],
    ['"live agent" promises a human', 'Live agents are online 9am to 5pm.', { kind: 'human', withinMs: null }],
    [
      '"talk to a human" with a limit keeps the limit',
      'Talk to a human in under 2 minutes.',
      { kind: 'human', withinMs: 120_000 },
    ],
    ['"no bots" promises a human', 'Our phone line has no bots.', { kind: 'human', withinMs: null }],
    ['"no robots" promises a human', 'Real help by phone, no robots.', { kind: 'human', withinMs: null }],
    ['"speak to someone" promises a human', 'Speak to someone on 0800 000 123.', { kind: 'human', withinMs: null }],
    [
      'a named role promises a human',
      'An adviser will reply within 15 minutes on chat.',
      { kind: 'human', withinMs: 900_000 },
    ],
    [
      '"not a chatbot" promises a human and names no chat',
      'Talk to a real engineer, not a chatbot.',
      { kind: 'human', withinMs: null },
    ],
  ])('%s', (_name, copy, promise) => {
    const claim = only(copy);
    expect(claim.human).toBe(true);
    expect(claim.promise).toEqual(promise);
  });

  it.each<[string, string]>([
    ['"live chat" alone does not promise a person', 'Live chat is open 24/7.'],
    ['a chatbot is chat without a person', 'Our chatbot is here 24/7.'],
    ['a "virtual agent" is a bot, not a person', 'Ask our virtual agent 24/7.'],
    ['"our team" alone does not promise a person', 'Our team is available 24/7.'],
  ])('%s', (_name, copy) => {
    const claim = only(copy);
    expect(claim.human).toBe(false);
    expect(claim.promise).toEqual({ kind: 'answered' });
  });
});

describe('channel wording', () => {
  it.each<[string, string, ClaimChannel[]]>([
    ['"phone" is the phone', 'Phone support 24/7.', ['phone']],
    ['"call" is the phone', 'Call us 24/7.', ['phone']],
    ['"hotline" is the phone', 'Our hotline is open 24/7.', ['phone']],
    ['"helpline" is the phone', 'Our helpline is open 24/7.', ['phone']],
    ['"lines open" is the phone', 'Lines open 8am to 8pm.', ['phone']],
    ['a phone number is the phone', 'Customer service: 0333 000 0000 (24 hours).', ['phone']],
    ['"live chat" is chat', 'Live chat 24/7.', ['chat']],
    ['"Messenger" is chat', 'Message us on Messenger 24/7.', ['chat']],
    ['"WhatsApp" is chat', 'WhatsApp us 24/7.', ['chat']],
    ['"email" is email', 'Email us 24/7.', ['email']],
    ['an email address is email', 'Write to help@shop.example around the clock.', ['email']],
    ['"inbox" is email', 'We watch our support inbox 24/7.', ['email']],
    ['a ticket is email', 'Tickets are answered within 4 hours.', ['email']],
    ['"support" means every channel', 'Support is available 24/7.', ALL],
    ['"customer service" means every channel', 'Customer service is open Mon-Fri 9-5.', ALL],
    ['"we" means every channel', 'We are open 24/7.', ALL],
    ['two channels named are both kept', 'Live chat and phone support 8am to 10pm.', ['chat', 'phone']],
  ])('%s', (_name, copy, channels) => {
    expect(only(copy).channels).toEqual(channels);
  });

  it('says in `because` where the channels came from', () => {
    const claim = only('Support is available 24/7.');
    expect(claim.because).toContain('availability.24-7: "24/7"');
    expect(claim.because).toContain('channel.service: "Support"');
    expect(claim.because).toContain('channels.service: "support" means chat, phone, email');
  });

  it('takes the channel of an earlier clause that names one', () => {
    const claim = only('Email support@acme.io – we answer within a business day.');
    expect(claim.channels).toEqual(['email']);
    expect(claim.because.some((b) => b.startsWith('channels.inherited:'))).toBe(true);
  });
});

describe('absolute wording', () => {
  it.each<[string, string, boolean]>([
    ['"every call" is absolute', 'We answer every call within 30 seconds.', true],
    ['"all emails" is absolute', 'We reply to all emails within 24 hours.', true],
    ['"always" is absolute', 'A real person will always answer the phone.', true],
    ['"never" is absolute', 'We never leave you on hold for more than 5 minutes.', true],
    ['"guaranteed" is absolute', 'Speak to an agent in under 5 minutes, guaranteed.', true],
    ['"all other enquiries" is not absolute', 'All other enquiries: Mon-Fri 9-5 by phone.', false],
    ['"usually" is not absolute', 'We usually reply to emails within 2 hours.', false],
    ['weekly hours are not absolute', 'Phone lines are open Mon-Fri 8am-8pm.', false],
  ])('%s', (_name, copy, absolute) => {
    expect(only(copy).absolute).toBe(absolute);
  });
});
