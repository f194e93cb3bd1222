import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../../src/adapters/catalogue/catalogue.loader.ts';
import { formatted, options, SERVICE, yaml } from './catalogue.support.ts';

/** Problems with single values and keys: unknown keys, types, time zones, durations, cron, hours. Each file under test is paired with a valid service file; expected are all its problems, exactly as printed. */
const CASES: [string, string, string[]][] = [
  [
    'an unknown key with a "did you mean" hint, at the key',
    yaml`
      version: kept/v1
      claims:
        - id: chat-24-7
          copy: "24/7 live chat"
          publishedAt: https://demo.example/support
          ower: support-ops
          channels: [chat]
          hours: 24/7
          promise: { human: any }
          target: absolute
      probes:
        - id: chat-probe
          channel: chat-api
          target: http://127.0.0.1:1
          schedule: { cron: "*/5 * * * *" }
          verifies: [chat-24-7]
    `,
    ['probes/case.yaml:6:5: claim "chat-24-7": unknown key "ower"; did you mean "owner"?'],
  ],
  [
    'an unknown key far from any known one, listing the keys',
    yaml`
      version: kept/v1
      claims:
        - id: chat-24-7
          copy: "24/7 live chat"
          publishedAt: https://demo.example/support
          owner: support-ops
          channels: [chat]
          hours: 24/7
          promise: { human: any }
          target: absolute
      probes:
        - id: chat-probe
          channel: chat-api
          target: http://127.0.0.1:1
          schedule: { cron: "*/5 * * * *", retries: 3 }
          verifies: [chat-24-7]
    `,
    [
      'probes/case.yaml:15:38: probe "chat-probe": unknown key "retries"; the keys here are cron, timeZone, jitter, timeout, overlap',
    ],
  ],
  [
    'an overlap that is not a whole number of runs from 1 to 10',
    yaml`
      version: kept/v1
      claims:
        - id: chat-24-7
          copy: "24/7 live chat"
          publishedAt: https://demo.example/support
          owner: support-ops
          channels: [chat]
          hours: 24/7
          promise: { human: any }
          target: absolute
      probes:
        - id: chat-probe
          channel: chat-api
          target: http://127.0.0.1:1
          schedule: { cron: "*/5 * * * *", overlap: 0 }
          verifies: [chat-24-7]
        - id: chat-probe-2
          channel: chat-api
          target: http://127.0.0.1:1
          schedule: { cron: "*/5 * * * *", overlap: 2.5 }
          verifies: [chat-24-7]
    `,
    [
      'probes/case.yaml:15:47: probe "chat-probe": "overlap" takes a whole number of runs, from 1 to 10',
      'probes/case.yaml:20:47: probe "chat-probe-2": "overlap" takes a whole number of runs, from 1 to 10',
    ],
  ],
  [
    'a misspelt time zone, with the closest IANA name',
    yaml`
      version: kept/v1
      claims:
        - id: chat-human
          copy: "Chat with a person, 9 to 5"
          publishedAt: https://demo.example/support
          owner: support-ops
          channels: [chat]
          hours:
            timeZone: Europe/Londn
            weekly:
              - { days: mon-fri, from: "09:00", to: "17:00" }
          promise: { human: 2m }
          target: 95%
      probes:
        - id: chat-probe
          channel: chat-api
          target: http://127.0.0.1:1
          schedule:
            cron: "*/5 * * * *"
            timeZone: Mars/Olympus_Mons
          verifies: [chat-human]
    `,
    [
      'probes/case.yaml:9:17: claim "chat-human": "Europe/Londn" is not a time zone; use an IANA name such as "Europe/London"',
      'probes/case.yaml:20:17: probe "chat-probe": "Mars/Olympus_Mons" is not a time zone; use an IANA name such as "Europe/London"',
    ],
  ],
  [
    'bad durations, a bad cron expression and a zero timeout',
    yaml`
      version: kept/v1
      claims:
        - id: chat-fast
          copy: "We answer chats in a minute"
          publishedAt: https://demo.example/support
          owner: support-ops
          channels: [chat]
          hours: 24/7
          promise:
            firstResponse: 1 minute
          target: 95%
      probes:
        - id: chat-probe
          channel: chat-api
          target: http://127.0.0.1:1
          schedule:
            cron: "*/5 * * *"
            jitter: 30
            timeout: 0s
          verifies: [chat-fast]
        - id: chat-probe-2
          channel: chat-api
          target: http://127.0.0.1:1
          schedule:
            cron: "0 25 * * *"
          verifies: [chat-fast]
    `,
    [
      'probes/case.yaml:10:22: claim "chat-fast": "1 minute" is not a duration at character 1; write e.g. "90s", "2m", "1h30m" or "7d"',
      'probes/case.yaml:17:13: probe "chat-probe": "*/5 * * *" is not a cron schedule: expected 5 or 6 fields but got 4; write five fields "minute hour day-of-month month day-of-week", such as "*/10 * * * *" for every 10 minutes',
      'probes/case.yaml:18:15: probe "chat-probe": "jitter" must be a duration such as "90s", "5m" or "7d", not 30',
      'probes/case.yaml:19:16: probe "chat-probe": "0s" is zero; give a duration longer than that',
      'probes/case.yaml:25:13: probe "chat-probe-2": "0 25 * * *" is not a cron schedule: the hour field "25" is not valid; write five fields "minute hour day-of-month month day-of-week", such as "*/10 * * * *" for every 10 minutes',
    ],
  ],
  [
    'durations longer than a timer can hold, a jitter over an hour or the interval, and windows too long',
    yaml`
      version: kept/v1
      evaluation:
        window: 400d
        coveragePeriod: 5w
      claims:
        - id: email-reply
          copy: "We reply to every email within a month"
          publishedAt: https://demo.example/support
          owner: support-ops
          channels: [email]
          hours: 24/7
          promise:
            reply: 30d
          target: 95%
        - id: chat-human
          copy: "A person within 25 days"
          publishedAt: https://demo.example/support
          owner: support-ops
          channels: [chat]
          hours: 24/7
          promise: { human: 25d }
          target: 95%
      probes:
        - id: email-probe
          channel: email
          target: help@demo.example
          schedule:
            cron: "0 * * * *"
            jitter: 2h
            timeout: 30d
          verifies: [email-reply]
        - id: chat-probe
          channel: chat-api
          target: http://127.0.0.1:1
          schedule:
            cron: "*/10 * * * *"
            jitter: 20m
            timeout: 24d
          verifies: [chat-human]
    `,
    [
      'probes/case.yaml:3:11: evaluation: window "400d" is longer than 366d; a verdict reads every observation and hourly rollup in it, so give window 366d or less',
      'probes/case.yaml:4:19: evaluation: coveragePeriod "5w" is longer than 31d; Kept plans every promised minute of it in advance, so give coveragePeriod 31d or less',
      'probes/case.yaml:13:14: claim "email-reply": reply "30d" is longer than Kept can wait (at most 24 days); an attempt must be able to wait that long to judge it, so give reply 24d or less',
      'probes/case.yaml:21:23: claim "chat-human": human "25d" is longer than Kept can wait (at most 24 days); an attempt must be able to wait that long to judge it, so give human 24d or less',
      'probes/case.yaml:29:15: probe "email-probe": jitter "2h" is longer than an hour; a run would start far from the hour it was scheduled for, so give jitter 1h or less',
      'probes/case.yaml:30:16: probe "email-probe": timeout "30d" is longer than Kept can wait (at most 24 days); a longer timer fires at once, so give timeout 24d or less',
      'probes/case.yaml:37:15: probe "chat-probe": jitter "20m" is longer than the probe\'s interval: "*/10 * * * *" runs as often as every 10m, so a run could start after the next one is due; give jitter 10m or less',
    ],
  ],
  [
    'several problems in one claim: hours, promise and target',
    yaml`
      version: kept/v1
      claims:
        - id: Chat Team
          copy: ""
          publishedAt: https://demo.example/support
          owner: support-ops
          channels: [chat, sms]
          hours:
            weekly:
              - { days: mon-fir, from: "9:00", to: "17:00" }
              - { days: [sat, sun], from: "10:00", to: "10:00" }
            holidays: sometimes
          promise: { human: 2m, reply: 1h }
          target: 95
      probes:
        - id: chat-probe
          channel: chat-api
          target: http://127.0.0.1:1
          schedule: { cron: "*/5 * * * *" }
          verifies: [chat-team]
    `,
    [
      'probes/case.yaml:3:9: claim 1: "Chat Team" is not a valid id; use lower-case letters, digits and dashes, such as "chat-human-24-7"',
      'probes/case.yaml:4:11: claim 1: "copy" is empty',
      'probes/case.yaml:7:22: claim 1: item 2 of "channels" must be one of chat, phone, email, not "sms"',
      'probes/case.yaml:10:19: claim 1: "mon-fir" is not a day or range of days; write a day such as "sat", a range such as "mon-fri", "daily", "weekdays" or "weekends"',
      'probes/case.yaml:10:34: claim 1: "9:00" is not a time; write 24-hour "HH:MM" such as "09:00" or "17:30"',
      'probes/case.yaml:11:50: claim 1: the window starts and ends at "10:00"; for a whole day write from "00:00" to "24:00"',
      'probes/case.yaml:12:17: claim 1: "holidays" must be one of closed, open, not "sometimes"',
      'probes/case.yaml:13:14: claim 1: "promise" names human and reply; a claim promises one thing, so split it into one claim each',
      'probes/case.yaml:14:13: claim 1: a share must be above 0 and at most 1, such as 0.95; for every attempt write "absolute"',
      'probes/case.yaml:20:16: probe "chat-probe": verifies "chat-team", which is not a claim',
    ],
  ],
  [
    'wrong types and missing keys, pointing at the value or at the mapping the key belongs in',
    yaml`
      version: kept/v1
      evaluation:
        window: 7
        minSamples: thirty
      claims:
        - id: chat-24-7
          copy: "24/7 live chat"
          channels: chat
          hours: 24/6
          promise:
          target: absolute
      probes:
        - id: chat-probe
          channel: carrier-pigeon
          target: http://127.0.0.1:1
          verifies: [chat-24-7]
    `,
    [
      'probes/case.yaml:3:11: evaluation: "window" must be a duration such as "90s", "5m" or "7d", not 7',
      'probes/case.yaml:4:15: evaluation: "minSamples" must be a number, not text',
      'probes/case.yaml:6:5: claim "chat-24-7": "publishedAt" is missing',
      'probes/case.yaml:6:5: claim "chat-24-7": "owner" is missing',
      'probes/case.yaml:8:15: claim "chat-24-7": "channels" must be a list, not text',
      'probes/case.yaml:9:12: claim "chat-24-7": "hours" must be 24/7, or a mapping with "weekly" opening windows (and optionally "timeZone" and "holidays")',
      'probes/case.yaml:10:5: claim "chat-24-7": "promise" is empty; it must be a mapping of keys to values',
      'probes/case.yaml:13:5: probe "chat-probe": "schedule" is missing',
      'probes/case.yaml:14:14: probe "chat-probe": "channel" must be one of chat-api, browser-chat, sip, email, not "carrier-pigeon"',
    ],
  ],
  [
    'locations that are not lower-case ids, listed twice, or none',
    yaml`
      version: kept/v1
      claims:
        - id: chat-24-7
          copy: "24/7 live chat"
          publishedAt: https://demo.example/support
          owner: support-ops
          channels: [chat]
          hours: 24/7
          promise: { human: any }
          target: absolute
      probes:
        - id: chat-probe
          channel: chat-api
          target: http://127.0.0.1:1
          schedule: { cron: "*/5 * * * *" }
          verifies: [chat-24-7]
          locations: [uk, US_East, uk]
        - id: chat-probe-2
          channel: chat-api
          target: http://127.0.0.1:1
          schedule: { cron: "*/5 * * * *" }
          verifies: [chat-24-7]
          locations: []
        - id: chat-probe-3
          channel: chat-api
          target: http://127.0.0.1:1
          schedule: { cron: "*/5 * * * *" }
          verifies: [chat-24-7]
          locations: eu-west
    `,
    [
      'probes/case.yaml:17:21: probe "chat-probe": "US_East" is not a location id; use lower-case letters, digits and dashes, such as "us-east"',
      'probes/case.yaml:17:30: probe "chat-probe": "locations" lists "uk" twice',
      'probes/case.yaml:23:16: probe "chat-probe-2": "locations" lists no location; name at least one, such as [uk], or leave the key out',
      'probes/case.yaml:29:16: probe "chat-probe-3": "locations" must be a list, not text',
    ],
  ],
];

describe('parseCatalogue reports every problem of a bad catalogue file, at its line and column', () => {
  it.each(CASES)('%s', (_name, text, expected) => {
    const result = parseCatalogue([SERVICE, { file: 'probes/case.yaml', text }], options());
    expect(formatted(result)).toEqual(expected);
  });
});
