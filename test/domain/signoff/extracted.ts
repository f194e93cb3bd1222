import type { ExtractedClaim } from '../../../src/domain/copy/extracted-claim.ts';

/** An extracted claim built by hand, as the extractor would give it; override what the test is about. */
export function extracted(fields: Partial<ExtractedClaim> & { text?: string } = {}): ExtractedClaim {
  const text = fields.text ?? '24/7 live chat with real people';
  const { text: _text, ...rest } = fields;
  return {
    id: 'c1',
    span: { start: 0, end: text.length, text },
    sentence: { start: 0, end: text.length + 1, text: `${text}.` },
    channels: ['chat'],
    hours: { kind: 'always' },
    promise: { kind: 'human', withinMs: null },
    statistic: 'each',
    share: null,
    absolute: true,
    human: true,
    unmeasurable: null,
    because: ['test: built by hand'],
    ...rest,
  };
}

/** "Live chat: a person answers within a minute, Monday to Friday 9am-5pm UK time." */
export const businessHoursCopy: ExtractedClaim = extracted({
  id: 'c2',
  text: 'Live chat: a person answers within a minute, Monday to Friday 9am-5pm UK time',
  hours: {
    kind: 'weekly',
    timeZone: 'Europe/London',
    windows: [{ days: [0, 1, 2, 3, 4], fromMinute: 540, toMinute: 1020 }],
  },
  promise: { kind: 'human', withinMs: 60_000 },
  absolute: false,
});
