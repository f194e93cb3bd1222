import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../../src/domain/copy/extract-claims.ts';
import type { ExtractedClaim, Unmeasurable } from '../../../src/domain/copy/extracted-claim.ts';

const summary = (c: ExtractedClaim): string =>
  c.unmeasurable !== null ? c.unmeasurable : `${c.channels.join('+')} ${c.hours.kind} ${c.promise?.kind ?? 'none'}`;

describe('unmeasurable wording', () => {
  it.each<[string, string, Unmeasurable]>([
    ['"world-class support" is puffery', 'World-class support for every customer.', 'puffery'],
    ['"award-winning service" is puffery', 'Award-winning service from our team.', 'puffery'],
    ['"we care" is puffery', 'We care about every customer.', 'puffery'],
    ['"best in class" is puffery', 'Best in class support.', 'puffery'],
    ['a "24/7 online help centre" is self-service', 'Visit our 24/7 online help centre.', 'self-service'],
    ['an "FAQ available around the clock" is self-service', 'Our FAQ is available around the clock.', 'self-service'],
    ['"track your order 24/7" is self-service', 'Track your order 24/7.', 'self-service'],
    ['a "self-service portal" is self-service', 'Our self-service portal is open 24/7.', 'self-service'],
    ['an automated phone line is self-service', 'Pay your bill 24 hours a day on our automated line.', 'self-service'],
    ['"fast replies" are vague', 'Fast replies from our support team.', 'vague'],
    ['"quick response" is vague', 'Quick response from our team.', 'vague'],
    ['"as soon as possible" is vague', 'We will respond as soon as possible.', 'vague'],
  ])('%s', (_name, copy, kind) => {
    const claims = extractClaims(copy);
    expect(claims.map(summary)).toEqual([kind]);
    const claim = claims[0] as ExtractedClaim;
    expect(claim.promise).toBeNull();
    expect(claim.because.at(-1)).toBe(`unmeasurable.${kind}: no probe can measure this, so it gets no verdict`);
  });

  it('does not call a quick reply vague when the copy gives its limit', () => {
    expect(extractClaims('Quick replies: we answer emails within 2 hours.').map(summary)).toEqual([
      'email unstated reply',
    ]);
  });

  it('does not read a question as a vague promise', () => {
    expect(extractClaims('Need help fast? Call us – we answer in under 45 seconds.').map(summary)).toEqual([
      'phone unstated first-response',
    ]);
  });

  it('does not call praise of something other than service puffery', () => {
    expect(extractClaims('Fly with the world’s favourite airline.')).toEqual([]);
  });
});

describe('negations make no positive claim', () => {
  it.each<[string, string]>([
    ['"not open on Sundays"', 'We are not open on Sundays.'],
    ['"no longer 24/7"', 'Our phone support is no longer 24/7.'],
    ['"closed on bank holidays"', 'Our contact centre is closed on bank holidays.'],
    ['"don\'t offer live chat"', "We don't offer live chat."],
    ['"unable to take calls"', 'We are unable to take calls after 6pm.'],
    ['"used to be 24/7"', 'Our helpline used to be 24/7.'],
    ['"closed for lunch between 1pm and 2pm"', 'The office is closed for lunch between 1pm and 2pm.'],
    ['a store is not a contact channel', 'Our stores are open 7 days a week.'],
    ['a monitored network is not a contact channel', 'Our network is monitored 24/7 by our engineers.'],
  ])('%s', (_name, copy) => {
    expect(extractClaims(copy)).toEqual([]);
  });

  it('keeps the positive half of a sentence that denies the other', () => {
    expect(
      extractClaims("We don't offer 24/7 support, but we do answer every email within 24 hours.").map(summary),
    ).toEqual(['email unstated reply']);
  });
});
