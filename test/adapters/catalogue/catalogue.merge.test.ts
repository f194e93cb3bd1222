import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseCatalogue } from '../../../src/adapters/catalogue/catalogue.loader.ts';
import type { ProbeKind } from '../../../src/domain/channel.ts';
import { CHAT_OPTIONS, formatted, options, SERVICE, yaml } from './catalogue.support.ts';

/** Several files read as one catalogue, and probe options checked by their channel's schema. */

const A = {
  file: 'probes/a.yaml',
  text: yaml`
    version: kept/v1
    service:
      name: Demo
      timeZone: Europe/London
    evaluation:
      window: 7d
    claims:
      - id: chat-24-7
        copy: "24/7 live chat"
        publishedAt: https://demo.example/support
        owner: support-ops
        channels: [chat]
        hours: 24/7
        promise: { human: 2m }
        target: absolute
        minSamples: 0
  `,
};

const B = {
  file: 'probes/b.yaml',
  text: yaml`
    version: kept/v1
    service:
      name: Demo again
      timeZone: Europe/London
    evaluation:
      minSamples: 10
    claims:
      - id: chat-24-7
        copy: "24/7 live chat, again"
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
        schedule: { cron: "*/5 * * * *", timeout: 5 minutes }
        verifies: [chat-24-7]
  `,
};

const CLAIMS = {
  file: 'probes/claims.yaml',
  text: yaml`
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
  `,
};

const PROBES = {
  file: 'probes/probes.yaml',
  text: yaml`
    version: kept/v1
    probes:
      - id: chat-probe
        channel: chat-api
        target: http://127.0.0.1:1
        schedule: { cron: "*/5 * * * *" }
        verifies: [chat-24-7]
        options:
          greetng: Hello
          typingDelay: 2
      - id: hotline
        channel: sip
        target: sip:support@127.0.0.1
        schedule: { cron: "0 * * * *" }
        verifies: [chat-24-7]
      - id: chat-probe-2
        channel: chat-api
        target: http://127.0.0.1:1
        schedule: { cron: "*/5 * * * *" }
        verifies: [chat-24-7]
        options: { greeting: "\${GREETING}" }
  `,
};

const BROKEN = {
  file: 'probes/broken.yaml',
  text: yaml`
    version: kept/v1
    claims:
      - id: chat-24-7
        copy: "24/7 live chat
  `,
};

const OPTION_PROBLEMS = [
  'probes/probes.yaml:9:7: probe "chat-probe": unknown key "greetng"; did you mean "greeting"?',
  'probes/probes.yaml:10:20: probe "chat-probe": "typingDelay" must be text, not a number',
  'probes/probes.yaml:12:14: probe "hotline": no channel adapter for kind "sip" in this build',
];

/** This build has an adapter for chat-api only. */
const CHAT_ONLY = options({}, new Map<ProbeKind, z.ZodType>([['chat-api', CHAT_OPTIONS]]));

describe('parseCatalogue reads several files as one catalogue', () => {
  it.each([
    [
      'problems in two files, in file order, with service and evaluation declared twice and a claim id reused',
      [A, B],
      options(),
      [
        'probes/a.yaml:16:17: claim "chat-24-7": "minSamples" must be at least 1',
        'probes/b.yaml:2:1: "service" is declared again; it is already declared at probes/a.yaml:2:1, and a catalogue has one',
        'probes/b.yaml:5:1: "evaluation" is declared again; it is already declared at probes/a.yaml:5:1, and a catalogue has one',
        'probes/b.yaml:8:9: claim "chat-24-7" is declared twice; the other one is at probes/a.yaml:8:9',
        'probes/b.yaml:20:47: probe "chat-probe": "5 minutes" is not a duration at character 1; write e.g. "90s", "2m", "1h30m" or "7d"',
      ],
    ],
    [
      'no file declaring the service, and options checked by the channel that owns them',
      [CLAIMS, PROBES],
      CHAT_ONLY,
      [
        'probes/claims.yaml:1:1: no file declares "service"; add one with a name and a timeZone',
        ...OPTION_PROBLEMS,
        'probes/probes.yaml:15:16: probe "hotline": a sip probe measures phone, but claim "chat-24-7" is about chat; add phone to the claim\'s channels or verify another claim',
        'probes/probes.yaml:21:26: probe "chat-probe-2": the environment variable GREETING is not set',
      ],
    ],
    [
      'a file with a YAML error: the other files are still checked, but not against each other',
      [SERVICE, BROKEN, PROBES],
      CHAT_ONLY,
      [
        'probes/broken.yaml:5:1: YAML syntax: missing closing "quote',
        ...OPTION_PROBLEMS,
        'probes/probes.yaml:21:26: probe "chat-probe-2": the environment variable GREETING is not set',
      ],
    ],
    ['no files at all', [], options(), ['.:1:1: no catalogue files were given']],
  ])('reports %s', (_name, sources, loadOptions, expected) => {
    expect(formatted(parseCatalogue(sources, loadOptions))).toEqual(expected);
  });

  it('merges claims from one file with the probes of another once every problem is fixed', () => {
    const fixed = PROBES.text.replace('greetng', 'greeting').replace('typingDelay: 2', 'typingDelay: 2s');
    const probes = { ...PROBES, text: fixed.slice(0, fixed.indexOf('  - id: hotline')) };
    const result = parseCatalogue([SERVICE, CLAIMS, probes], CHAT_ONLY);
    expect(formatted(result)).toEqual(['(loaded without problems)']);
    if (!result.ok) return;
    expect(result.catalogue.probes).toEqual([
      {
        id: 'chat-probe',
        kind: 'chat-api',
        target: 'http://127.0.0.1:1',
        // No timeout given: the 2m promise plus the one-minute least margin.
        schedule: { cron: '*/5 * * * *', timeZone: 'Europe/London', jitterMs: 0, timeoutMs: 180_000 },
        verifies: ['chat-24-7'],
        options: { greeting: 'Hello', typingDelay: '2s' },
      },
    ]);
    expect(result.catalogue.claims.map((claim) => [claim.id, claim.minSamples])).toEqual([['chat-24-7', 30]]);
  });
});
