import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../../src/adapters/catalogue/catalogue.loader.ts';
import { formatted, options, SERVICE, yaml } from './catalogue.support.ts';

/** YAML syntax problems and empty files. Each file under test is paired with a valid service file; expected are all its problems, exactly as printed. */
const CASES: [string, string, string[]][] = [
  [
    'a mis-indented line, reported once and not echoed by the lines after it',
    yaml`
      version: kept/v1
      claims:
        - id: chat-24-7
          copy: "24/7 live chat"
         owner: support-ops
          channels: [chat]
    `,
    ['probes/case.yaml:5:1: YAML syntax: sequence item without - indicator'],
  ],
  [
    'an unclosed quote',
    yaml`
      version: kept/v1
      claims:
        - id: chat-24-7
          copy: "24/7 live chat
          owner: support-ops
    `,
    ['probes/case.yaml:6:1: YAML syntax: missing closing "quote'],
  ],
  [
    'tabs used for indentation',
    'version: kept/v1\nclaims:\n\t- id: chat-24-7\n',
    ['probes/case.yaml:3:1: YAML syntax: tabs are not allowed for indentation; indent with spaces'],
  ],
  [
    'a duplicate key in a mapping',
    yaml`
      version: kept/v1
      claims:
        - id: chat-24-7
          id: chat-24-8
    `,
    ['probes/case.yaml:4:5: YAML syntax: this key appears twice in the same mapping; keep one'],
  ],
  ['an empty file', '', ['probes/case.yaml:1:1: the file is empty; a catalogue starts with version: kept/v1']],
];

describe('parseCatalogue reports every problem of a bad catalogue file, at its line and column', () => {
  it.each(CASES)('%s', (_name, text, expected) => {
    const result = parseCatalogue([SERVICE, { file: 'probes/case.yaml', text }], options());
    expect(formatted(result)).toEqual(expected);
  });
});
