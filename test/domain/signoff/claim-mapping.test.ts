import { describe, expect, it } from 'vitest';
import type { Claim, Hours } from '../../../src/domain/claim.ts';
import { mapExtractedClaim, type MappedPart, type MappingContext } from '../../../src/domain/signoff/claim-mapping.ts';
import { minuteRanges, sameHours } from '../../../src/domain/signoff/claim-mapping.ts';
import { alwaysHumanClaim, businessHoursClaim } from '../../support/domain-fixtures.ts';
import { always, weekly, window, WEEKDAYS, MON, TUE, WED, THU, FRI, SAT } from '../builders.ts';
import { businessHoursCopy, extracted } from './extracted.ts';

const context: MappingContext = {
  serviceTimeZone: 'Europe/London',
  defaultShare: 0.95,
  minSamples: 30,
  catalogueClaims: [alwaysHumanClaim, businessHoursClaim],
};

function onlyPart(e: Parameters<typeof mapExtractedClaim>[0], ctx: MappingContext = context): MappedPart {
  const mapping = mapExtractedClaim(e, ctx);
  if (mapping.kind !== 'measurable') throw new Error(`expected a measurable claim, got: ${mapping.reason}`);
  expect(mapping.parts).toHaveLength(1);
  return mapping.parts[0] as MappedPart;
}

describe('mapExtractedClaim', () => {
  it.each([
    ['puffery gets no verdict', extracted({ unmeasurable: 'puffery', promise: null }), /^puffery/],
    [
      'a self-service help centre is not people answering',
      extracted({ unmeasurable: 'self-service', promise: null }),
      /^self-service/,
    ],
    ['a vague phrase cannot be measured', extracted({ unmeasurable: 'vague', promise: null }), /vague/],
    ['a phrase with no promise cannot be measured', extracted({ promise: null }), /no promise/],
    ['a phrase with no channel cannot be measured', extracted({ channels: [] }), /no channel/],
  ])('%s', (_name, e, reason) => {
    const mapping = mapExtractedClaim(e, context);
    expect(mapping.kind).toBe('unmeasurable');
    expect(mapping.kind === 'unmeasurable' ? mapping.reason : '').toMatch(reason);
  });

  it.each<[string, Parameters<typeof extracted>[0], Claim['target']]>([
    ['absolute wording is absolute', { absolute: true }, { kind: 'absolute' }],
    ['other wording takes the default share', { absolute: false }, { kind: 'share', share: 0.95 }],
    ['a share the copy states is that share', { absolute: false, share: 0.8 }, { kind: 'share', share: 0.8 }],
    ['a stated share of 100% is absolute', { absolute: false, share: 1 }, { kind: 'absolute' }],
  ])('%s', (_name, fields, target) => {
    expect(onlyPart(extracted(fields)).claim?.target).toEqual(target);
  });

  it('reads 24/7 in the service time zone with an absolute target, and matches no catalogue claim with a different promise', () => {
    const part = onlyPart(extracted());
    expect(part.claim?.hours).toEqual({ kind: 'always', timeZone: 'Europe/London' });
    expect(part.match).toBeNull();
    expect(part.claim?.minSamples).toBe(30);
    expect(part.claim?.owner).toBe('support-ops');
  });

  it('matches the catalogue claim with the same channel, promise and hours, taking its hours, minimum and owner', () => {
    const part = onlyPart(businessHoursCopy);
    expect(part.match?.id).toBe('chat-business-hours');
    expect(part.claim?.hours).toBe(businessHoursClaim.hours);
    expect(part.claim?.minSamples).toBe(businessHoursClaim.minSamples);
    expect(part.id).toBe('c2');
  });

  it('does not match when the promised time differs', () => {
    expect(onlyPart({ ...businessHoursCopy, promise: { kind: 'human', withinMs: 120_000 } }).match).toBeNull();
  });

  it('does not match when the same time is counted in business hours on one side only', () => {
    const promise = businessHoursCopy.promise;
    if (promise === null || promise.kind !== 'human' || promise.withinMs === null)
      throw new Error('the fixture promises a human in time');
    const business = { ...promise, business: { kind: 'business-hours' as const, hours: promise.withinMs / 3_600_000 } };
    expect(onlyPart({ ...businessHoursCopy, promise: business }).match).toBeNull();
  });

  it('reads weekly hours without a zone in the service zone and says so', () => {
    const part = onlyPart(
      extracted({ hours: { kind: 'weekly', timeZone: null, windows: [window(WEEKDAYS, '08:00', '20:00')] } }),
    );
    expect(part.claim?.hours.timeZone).toBe('Europe/London');
    expect(part.notes.join(' ')).toMatch(/names no time zone/);
  });

  it('judges a claim naming several channels once per channel', () => {
    const mapping = mapExtractedClaim(extracted({ id: 'c4', channels: ['chat', 'phone', 'email'] }), context);
    expect(mapping.kind === 'measurable' ? mapping.parts.map((p) => [p.id, p.channel]) : []).toEqual([
      ['c4.chat', 'chat'],
      ['c4.phone', 'phone'],
      ['c4.email', 'email'],
    ]);
  });

  it('reads unstated hours as the hours of the catalogue claim with the same promise on that channel', () => {
    const part = onlyPart({ ...businessHoursCopy, hours: { kind: 'unstated' } });
    expect(part.claim?.hours).toBe(businessHoursClaim.hours);
    expect(part.match?.id).toBe('chat-business-hours');
  });

  it('cannot place unstated hours on a channel the catalogue says nothing about', () => {
    const part = onlyPart(extracted({ channels: ['phone'], hours: { kind: 'unstated' } }));
    expect(part.claim).toBeNull();
    expect(part.unjudgeable).toMatch(/no catalogue claim says when phone is open/);
  });

  it('keeps an average only when the promise has a time limit', () => {
    expect(onlyPart({ ...businessHoursCopy, statistic: 'average' }).statistic).toBe('average');
    expect(onlyPart(extracted({ statistic: 'average' })).statistic).toBe('each');
  });
});

describe('sameHours', () => {
  const office: Hours = weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:00')]);
  it.each<[string, Hours, Hours, boolean]>([
    ['24/7 equals 24/7 in any zone', always('Europe/London'), always('America/New_York'), true],
    ['24/7 is not weekly hours', always('Europe/London'), office, false],
    [
      'the same window written day by day is the same',
      office,
      weekly(
        'Europe/London',
        [MON, TUE, WED, THU, FRI].map((d) => window([d], '09:00', '17:00')),
      ),
      true,
    ],
    [
      'adjacent windows merge',
      office,
      weekly('Europe/London', [window(WEEKDAYS, '09:00', '12:00'), window(WEEKDAYS, '12:00', '17:00')]),
      true,
    ],
    ['another zone is other hours', office, weekly('Europe/Paris', [window(WEEKDAYS, '09:00', '17:00')]), false],
    [
      'an extra Saturday is other hours',
      office,
      weekly('Europe/London', [window([...WEEKDAYS, SAT], '09:00', '17:00')]),
      false,
    ],
  ])('%s', (_name, a, b, same) => {
    expect(sameHours(a, b)).toBe(same);
  });

  it('wraps a Sunday night window into Monday morning', () => {
    expect(minuteRanges([window([6], '22:00', '02:00')])).toEqual([
      [0, 120],
      [6 * 1440 + 1320, 7 * 1440],
    ]);
  });
});
