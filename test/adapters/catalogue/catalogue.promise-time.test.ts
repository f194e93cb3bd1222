import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../../src/adapters/catalogue/catalogue.loader.ts';
import { formatDiagnostic } from '../../../src/adapters/catalogue/diagnostic.ts';
import type { ClaimPromise } from '../../../src/domain/claim.ts';
import { formatted, options, SERVICE, yaml } from './catalogue.support.ts';

/**
 * Promises and time-outs: `clock: business` promises, the default time-out that follows the promise, and the warning
 * for a probe that stops waiting before a promise it verifies falls due.
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** One claim promising `promise` (YAML flow mapping), Mon-Fri 09:00-17:00, and an email probe with `schedule`. */
function catalogue(
  promise: string,
  schedule = '{ cron: "0 * * * *" }',
  hours = '{ weekly: [{ days: mon-fri, from: "09:00", to: "17:00" }] }',
) {
  return {
    file: 'probes/case.yaml',
    text: yaml`
      version: kept/v1
      claims:
        - id: reply-4h
          copy: "We reply within 4 hours"
          publishedAt: https://acme.test/contact
          owner: support
          channels: [email]
          hours: ${hours}
          promise: ${promise}
          target: absolute
      probes:
        - id: email-support
          channel: email
          target: support@acme.test
          schedule: ${schedule}
          verifies: [reply-4h]
    `,
  };
}

const load = (promise: string, schedule?: string, hours?: string) =>
  parseCatalogue([SERVICE, catalogue(promise, schedule, hours)], options());

describe('promise clock', () => {
  it.each<readonly [string, string, ClaimPromise]>([
    ['a promise counts elapsed time by default', '{ reply: 4h }', { kind: 'reply', withinMs: 4 * HOUR }],
    ['"clock: elapsed" says so explicitly', '{ reply: 4h, clock: elapsed }', { kind: 'reply', withinMs: 4 * HOUR }],
    [
      '"4h" on the business clock is 4 business hours',
      '{ reply: 4h, clock: business }',
      { kind: 'reply', withinMs: 4 * HOUR, business: { kind: 'business-hours', hours: 4 } },
    ],
    [
      '"90m" on the business clock is an hour and a half of opening time',
      '{ human: 90m, clock: business }',
      { kind: 'human', withinMs: 90 * MINUTE, business: { kind: 'business-hours', hours: 1.5 } },
    ],
    [
      '"1d" on the business clock is "by the next working day"',
      '{ reply: 1d, clock: business }',
      { kind: 'reply', withinMs: 24 * HOUR, business: { kind: 'business-days', days: 1 } },
    ],
    [
      'a first response can be promised in business hours too',
      '{ firstResponse: 2h, clock: business }',
      { kind: 'first-response', withinMs: 2 * HOUR, business: { kind: 'business-hours', hours: 2 } },
    ],
  ])('%s', (_name, promise, expected) => {
    const result = load(promise);
    expect(formatted(result)).toEqual(['(loaded without problems)']);
    expect(result.ok && result.catalogue.claims[0]?.promise).toEqual(expected);
  });

  it.each<readonly [string, string, string]>([
    [
      'weeks are not business days',
      '{ reply: 1w, clock: business }',
      'probes/case.yaml:9:34: claim "reply-4h": "1w" is in weeks; with clock: business write business days, e.g. "5d"',
    ],
    [
      'days and hours do not mix on the business clock',
      '{ reply: 1d4h, clock: business }',
      'probes/case.yaml:9:36: claim "reply-4h": "1d4h" mixes days with hours; with clock: business give whole days ("1d": by the next working day) or hours ("4h": 4 business hours)',
    ],
    [
      '"answered" has no limit to count',
      '{ answered: true, clock: business }',
      'probes/case.yaml:9:39: claim "reply-4h": clock: business needs a time limit to count; give firstResponse, human or reply a duration',
    ],
    [
      'an unknown clock names the allowed ones',
      '{ reply: 4h, clock: office }',
      'probes/case.yaml:9:34: claim "reply-4h": "clock" must be one of elapsed, business, not "office"',
    ],
  ])('refuses %s', (_name, promise, problem) => {
    expect(formatted(load(promise))).toEqual([problem]);
  });
});

describe('the default time-out follows the promise', () => {
  it.each<readonly [string, string, string | undefined, number]>([
    ['a 4h reply promise: 4h plus 10%', '{ reply: 4h }', undefined, 4 * HOUR + 24 * MINUTE],
    ['a 2m promise: 2m plus the one-minute least margin', '{ human: 2m }', undefined, 3 * MINUTE],
    ['a 30s promise: the margin rounds up to whole minutes', '{ firstResponse: 30s }', undefined, 2 * MINUTE],
    ['no limit ("answered"): five minutes', '{ answered: true }', undefined, 5 * MINUTE],
    ['no limit ("a person at some point"): five minutes', '{ human: any }', undefined, 5 * MINUTE],
    // Mon-Fri 09:00-17:00: from Friday's close, 4 business hours run to Monday 13:00 (68h); plus 10%: 74h48m.
    [
      '4 business hours: the longest it can take in the calendar, plus 10%',
      '{ reply: 4h, clock: business }',
      undefined,
      74 * HOUR + 48 * MINUTE,
    ],
    ['a promise longer than Kept can wait: capped at 24 days', '{ reply: 23d }', undefined, 24 * 24 * HOUR],
    ['a time-out as written is kept as written', '{ reply: 4h }', '5m', 5 * MINUTE],
  ])('%s', (_name, promise, timeout, expected) => {
    const schedule = timeout === undefined ? undefined : `{ cron: "0 * * * *", timeout: ${timeout} }`;
    const result = load(promise, schedule);
    expect(result.ok && result.catalogue.probes[0]?.schedule.timeoutMs).toBe(expected);
  });

  it('takes the longest promise among the claims a probe verifies', () => {
    const file = catalogue('{ reply: 4h }');
    const text = file.text.replace('verifies: [reply-4h]', 'verifies: [reply-4h, reply-1d]').replace(
      'probes:',
      yaml`
        ${'  '}- id: reply-1d
            copy: "We reply within a day"
            publishedAt: https://acme.test/contact
            owner: support
            channels: [email]
            hours: 24/7
            promise: { reply: 1d }
            target: absolute
        probes:`.trimEnd(),
    );
    const result = parseCatalogue([SERVICE, { ...file, text }], options());
    expect(formatted(result)).toEqual(['(loaded without problems)']);
    expect(result.ok && result.catalogue.probes[0]?.schedule.timeoutMs).toBe(26 * HOUR + 24 * MINUTE);
  });
});

describe('a probe that stops waiting before the promise falls due', () => {
  const warningsOf = (result: ReturnType<typeof load>): string[] =>
    result.ok ? result.warnings.map(formatDiagnostic) : ['(did not load)'];

  it.each<readonly [string, string, string, string[]]>([
    [
      'an email probe waiting 5m for a 4h reply promise is warned about, at its timeout',
      '{ reply: 4h }',
      '{ cron: "0 * * * *", timeout: 5m }',
      [
        'probes/case.yaml:15:45: warning: probe "email-support": waits 5m, shorter than the 4h claim "reply-4h" promises: replies after 5m cannot be judged; set timeout: 4h24m or more (the default when timeout is left out)',
      ],
    ],
    [
      'a business-hours promise names the longest it can take',
      '{ reply: 4h, clock: business }',
      '{ cron: "0 * * * *", timeout: 5h }',
      [
        'probes/case.yaml:15:45: warning: probe "email-support": waits 5h, shorter than the 4 business hours (up to 2d20h) claim "reply-4h" promises: replies after 5h cannot be judged; set timeout: 3d2h48m or more (the default when timeout is left out)',
      ],
    ],
    [
      'a default capped at 24 days is warned about at the schedule',
      '{ reply: 20d, clock: business }',
      '{ cron: "0 * * * *" }',
      [
        'probes/case.yaml:15:5: warning: probe "email-support": waits 24d (the default), shorter than the 20 business days (up to 31d) claim "reply-4h" promises: replies after 24d cannot be judged; that is as long as Kept can wait; attempts that would need longer are not counted',
      ],
    ],
    ['a time-out as long as the promise is fine', '{ reply: 4h }', '{ cron: "0 * * * *", timeout: 4h }', []],
    ['the default is fine', '{ reply: 4h }', '{ cron: "0 * * * *" }', []],
    ['a promise without a limit is never warned about', '{ answered: true }', '{ cron: "0 * * * *", timeout: 5s }', []],
  ])('%s', (_name, promise, schedule, expected) => {
    expect(warningsOf(load(promise, schedule))).toEqual(expected);
  });
});
