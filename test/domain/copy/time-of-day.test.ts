import { describe, expect, it } from 'vitest';
import { readTimeRange, TIME_RANGE } from '../../../src/domain/copy/time-of-day.ts';

/** Every range of opening hours found in `text`, as "HH:MM-HH:MM" (past midnight shown as 25:00). */
function ranges(text: string): string[] {
  const clock = (minute: number): string =>
    `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return [...text.matchAll(TIME_RANGE)].flatMap((match) => {
    const data = readTimeRange(match as RegExpExecArray);
    return data?.family === 'times' ? [`${clock(data.fromMinute)}-${clock(data.toMinute)}`] : [];
  });
}

describe('ranges of opening hours', () => {
  it.each<[string, string, string[]]>([
    ['am and pm written out', 'open 8am-8pm', ['08:00-20:00']],
    ['a spaced en dash', 'open 8 AM – 9 PM', ['08:00-21:00']],
    ['dotted a.m. and p.m.', 'open 8 a.m. to 8 p.m.', ['08:00-20:00']],
    ['24-hour clock', 'open 9:00–17:30', ['09:00-17:30']],
    ['half past with a full stop', 'open 8.30am–5pm', ['08:30-17:00']],
    ['"9 to 5" is office hours', 'weekdays 9 to 5', ['09:00-17:00']],
    ['"8-8" is eight till eight at night', 'Mon-Fri 8-8', ['08:00-20:00']],
    ['"10-4" is ten till four', 'Saturdays 10-4', ['10:00-16:00']],
    ['"9-5:30" ends at half past five', 'open 9-5:30', ['09:00-17:30']],
    ['"9–5pm" starts in the morning', 'open 9–5pm', ['09:00-17:00']],
    ['"6-10pm" is an evening', 'open 6-10pm', ['18:00-22:00']],
    ['"between 8am and 8pm"', 'between 8am and 8pm', ['08:00-20:00']],
    ['"until midnight" ends at 24:00', 'from 8am until midnight', ['08:00-24:00']],
    ['"noon" is midday', 'from 9am to noon', ['09:00-12:00']],
    ['a range past midnight', 'from 5pm to 1am', ['17:00-25:00']],
    ['"8 till 8"', 'the phone 8 till 8', ['08:00-20:00']],
  ])('%s', (_name, text, expected) => {
    expect(ranges(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['a phone number', 'Call 1-800-555-0199 now'],
    ['a range of days to wait', 'within 3 to 5 business days'],
    ['a range of minutes', 'in 2-3 minutes'],
    ['"and" without "between"', 'calls at 8am and 8pm'],
    ['a percentage', '80-90% of calls'],
    ['an hour past 24', 'open 9-25'],
  ])('%s is not a range of hours', (_name, text) => {
    expect(ranges(text)).toEqual([]);
  });
});
