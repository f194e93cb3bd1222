import { describe, expect, it } from 'vitest';
import {
  hourOfWeek,
  hourOfWeekLabel,
  isTimeZone,
  localTime,
  previousDate,
} from '../../../src/domain/calendar/zoned-time.ts';
import { at } from '../builders.ts';

describe('localTime', () => {
  it.each([
    [
      'London midnight in winter',
      '2026-01-05T00:00:00Z',
      'Europe/London',
      { date: '2026-01-05', weekday: 0, hour: 0, minute: 0, minuteOfDay: 0 },
    ],
    [
      'London late evening in summer',
      '2026-07-05T22:59:00Z',
      'Europe/London',
      { date: '2026-07-05', weekday: 6, hour: 23, minute: 59, minuteOfDay: 1_439 },
    ],
    [
      'Kolkata is five and a half hours ahead',
      '2026-01-05T03:30:00Z',
      'Asia/Kolkata',
      { date: '2026-01-05', weekday: 0, hour: 9, minute: 0, minuteOfDay: 540 },
    ],
    [
      'Kolkata one minute earlier is still 08:59',
      '2026-01-05T03:29:59Z',
      'Asia/Kolkata',
      { date: '2026-01-05', weekday: 0, hour: 8, minute: 59, minuteOfDay: 539 },
    ],
    [
      'Kolkata Monday begins on Sunday evening UTC',
      '2026-01-04T18:30:00Z',
      'Asia/Kolkata',
      { date: '2026-01-05', weekday: 0, hour: 0, minute: 0, minuteOfDay: 0 },
    ],
    [
      'Kathmandu is five and three quarter hours ahead',
      '2026-01-05T03:15:00Z',
      'Asia/Kathmandu',
      { date: '2026-01-05', weekday: 0, hour: 9, minute: 0, minuteOfDay: 540 },
    ],
    [
      'New York Sunday evening is Monday in UTC',
      '2026-01-05T01:00:00Z',
      'America/New_York',
      { date: '2026-01-04', weekday: 6, hour: 20, minute: 0, minuteOfDay: 1_200 },
    ],
    [
      'Auckland is already in the new year',
      '2026-12-31T11:00:00Z',
      'Pacific/Auckland',
      { date: '2027-01-01', weekday: 4, hour: 0, minute: 0, minuteOfDay: 0 },
    ],
  ])('reads %s', (_name, instant, zone, expected) => {
    expect(localTime(at(instant), zone)).toEqual(expected);
  });
});

describe('hourOfWeek', () => {
  it.each([
    ['Monday 00:00 in London is slot 0', '2026-01-05T00:00:00Z', 'Europe/London', 0],
    ['Sunday 23:59 in London is slot 167', '2026-01-11T23:59:59Z', 'Europe/London', 167],
    ['Wednesday 14:20 in London is slot 62', '2026-01-07T14:20:00Z', 'Europe/London', 62],
    ['Sunday 23:59 in Kolkata is slot 167', '2026-01-04T18:29:00Z', 'Asia/Kolkata', 167],
    ['Monday 00:00 in Kolkata is slot 0', '2026-01-04T18:30:00Z', 'Asia/Kolkata', 0],
    ['Monday 09:30 in Kolkata is slot 9', '2026-01-05T04:00:00Z', 'Asia/Kolkata', 9],
  ])('%s', (_name, instant, zone, expected) => {
    expect(hourOfWeek(at(instant), zone)).toBe(expected);
  });
});

describe('hourOfWeekLabel', () => {
  it.each([
    [0, 'Mon 00:00'],
    [9, 'Mon 09:00'],
    [62, 'Wed 14:00'],
    [145, 'Sun 01:00'],
    [167, 'Sun 23:00'],
  ])('labels slot %i as "%s"', (slot, label) => {
    expect(hourOfWeekLabel(slot)).toBe(label);
  });
});

describe('previousDate', () => {
  it.each([
    ['an ordinary day', '2026-01-07', '2026-01-06'],
    ['the first of a month', '2026-03-01', '2026-02-28'],
    ['the first of March in a leap year', '2028-03-01', '2028-02-29'],
    ['New Year', '2027-01-01', '2026-12-31'],
    ['a spring-forward day', '2026-03-29', '2026-03-28'],
  ])('goes back one day from %s', (_name, date, expected) => {
    expect(previousDate(date)).toBe(expected);
  });
});

describe('isTimeZone', () => {
  it.each([
    ['Europe/London', true],
    ['America/New_York', true],
    ['Asia/Kolkata', true],
    ['UTC', true],
    ['Europe/Londn', false],
    ['GMT+25', false],
    ['', false],
  ])('says %j is a time zone: %s', (zone, expected) => {
    expect(isTimeZone(zone)).toBe(expected);
  });
});
