import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../../src/adapters/catalogue/catalogue.loader.ts';
import { formatted, options, SERVICE, yaml } from './catalogue.support.ts';

/** Problems between entries: references, duplicates, environment variables, receivers and routes. Each file under test is paired with a valid service file; expected are all its problems, exactly as printed. */
const CASES: [string, string, string[]][] = [
  [
    'an unknown claim in verifies and a probe whose channel the claim does not list',
    yaml`
      version: kept/v1
      claims:
        - id: phone-24-7
          copy: "Call us any time"
          publishedAt: https://demo.example/contact
          owner: support-ops
          channels: [phone]
          hours: 24/7
          promise: { answered: true }
          target: absolute
      probes:
        - id: hotline
          channel: sip
          target: sip:support@127.0.0.1
          schedule: { cron: "0 * * * *" }
          verifies: [phone-24-7]
        - id: chat-probe
          channel: chat-api
          target: http://127.0.0.1:1
          schedule: { cron: "*/5 * * * *" }
          verifies: [phone-24-7, phone-24-7x]
    `,
    [
      'probes/case.yaml:21:16: probe "chat-probe": a chat-api probe measures chat, but claim "phone-24-7" is about phone; add chat to the claim\'s channels or verify another claim',
      'probes/case.yaml:21:28: probe "chat-probe": verifies "phone-24-7x", which is not a claim; did you mean "phone-24-7"?',
    ],
  ],
  [
    'an unset environment variable, at the string that names it and nowhere else',
    yaml`
      version: kept/v1
      claims:
        - id: chat-24-7
          copy: "24/7 live chat"
          publishedAt: https://demo.example/support
          owner: support-ops
          channels: [chat]
          hours: 24/7
          promise: { human: 2m }
          target: absolute
      probes:
        - id: chat-probe
          channel: chat-api
          target: \${CHAT_URL}/v1
          schedule: { cron: "*/5 * * * *" }
          verifies: [chat-24-7]
      receivers:
        - name: oncall
          kind: pagerduty
          url: \${PAGERDUTY_URL}
          secret: \${PD_ROUTING_KEY}
    `,
    [
      'probes/case.yaml:14:13: probe "chat-probe": the environment variable CHAT_URL is not set',
      'probes/case.yaml:20:10: receiver "oncall": the environment variable PAGERDUTY_URL is not set',
      'probes/case.yaml:21:13: receiver "oncall": the environment variable PD_ROUTING_KEY is not set',
    ],
  ],
  [
    'duplicate ids in one file, a claim no probe verifies and a probe that verifies nothing',
    yaml`
      version: kept/v1
      claims:
        - id: chat-24-7
          copy: "24/7 live chat"
          publishedAt: https://demo.example/support
          owner: support-ops
          channels: [chat]
          hours: 24/7
          promise: { human: 2m }
          target: absolute
        - id: chat-24-7
          copy: "24/7 live chat"
          publishedAt: https://demo.example/support
          owner: support-ops
          channels: [chat]
          hours: 24/7
          promise: { human: 2m }
          target: absolute
        - id: email-reply
          copy: "We reply within a day"
          publishedAt: https://demo.example/contact
          owner: support-ops
          channels: [email]
          hours: 24/7
          promise: { reply: 1d }
          target: 99%
      probes:
        - id: chat-probe
          channel: chat-api
          target: http://127.0.0.1:1
          schedule: { cron: "*/5 * * * *" }
          verifies: [chat-24-7]
        - id: chat-probe
          channel: chat-api
          target: http://127.0.0.1:1
          schedule: { cron: "*/5 * * * *" }
          verifies: []
    `,
    [
      'probes/case.yaml:11:9: claim "chat-24-7" is declared twice; the other one is at probes/case.yaml:3:9',
      'probes/case.yaml:19:9: claim "email-reply" is verified by no probe; it would stay unproven',
      'probes/case.yaml:33:9: probe "chat-probe" is declared twice; the other one is at probes/case.yaml:28:9',
      'probes/case.yaml:37:15: probe "chat-probe": "verifies" lists no claim; a probe must verify at least one claim id',
    ],
  ],
  [
    'receivers and routes that do not match',
    yaml`
      version: kept/v1
      claims:
        - id: chat-24-7
          copy: "24/7 live chat"
          publishedAt: https://demo.example/support
          owner: support-ops
          channels: [chat]
          hours: 24/7
          promise: { human: 2m }
          target: absolute
      probes:
        - id: chat-probe
          channel: chat-api
          target: http://127.0.0.1:1
          schedule: { cron: "*/5 * * * *" }
          verifies: [chat-24-7]
      receivers:
        - name: oncall
          kind: pagerdooty
          url: events.pagerduty.com/v2/enqueue
      routes:
        - owner: suport-ops
          receivers: [on-call]
    `,
    [
      'probes/case.yaml:19:11: receiver "oncall": "kind" must be one of alertmanager, pagerduty, slack, webhook, not "pagerdooty"; did you mean "pagerduty"?',
      'probes/case.yaml:20:10: receiver "oncall": "url" is not a full URL; write it in full with http:// or https://, such as "https://example.com/hook"',
      'probes/case.yaml:22:12: route 1: no claim has the owner "suport-ops"; did you mean "support-ops"?',
      'probes/case.yaml:23:17: route 1: "on-call" is not a receiver; did you mean "oncall"?',
    ],
  ],
];

describe('parseCatalogue reports every problem of a bad catalogue file, at its line and column', () => {
  it.each(CASES)('%s', (_name, text, expected) => {
    const result = parseCatalogue([SERVICE, { file: 'probes/case.yaml', text }], options());
    expect(formatted(result)).toEqual(expected);
  });
});
