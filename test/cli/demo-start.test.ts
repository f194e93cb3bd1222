import { describe, expect, it } from 'vitest';
import { demoStart } from '../../src/cli/commands/demo.command.ts';

describe('demoStart: where the demo replay begins', () => {
  it.each([
    ['a Monday afternoon', '2026-11-23T15:00:00Z', '2026-11-20T06:00:00.000Z'],
    ['a Wednesday', '2026-11-25T09:30:00Z', '2026-11-20T06:00:00.000Z'],
    ['a Saturday (Friday is a day before)', '2026-11-21T08:00:00Z', '2026-11-20T06:00:00.000Z'],
    ['a Friday (the Friday before)', '2026-11-27T12:00:00Z', '2026-11-20T06:00:00.000Z'],
    ['summer time (06:00 in London is 05:00 UTC)', '2026-07-06T12:00:00Z', '2026-07-03T05:00:00.000Z'],
  ])('starts at 06:00 London time on the latest Friday at least a day before %s', (_name, now, expected) => {
    expect(new Date(demoStart(Date.parse(now))).toISOString()).toBe(expected);
  });
});
