import { describe, expect, it } from 'vitest';
import { parseYamlSource, positionOf, type Path } from '../../../src/adapters/catalogue/yaml-source.ts';
import { yaml } from './catalogue.support.ts';

const SOURCE = parseYamlSource(
  'probes/demo.yaml',
  yaml`
    version: kept/v1
    claims:
      - id: chat-24-7
        channels: [chat, phone]
        hours:
          weekly:
            - { days: mon-fri, from: "09:00", to: "17:00" }
        promise:
        target: &share 95%
    probes:
      - id: p
        target: *share
  `,
);

describe('positionOf', () => {
  it.each<[string, Path, 'value' | 'key', string]>([
    ['a scalar value', ['claims', 0, 'id'], 'value', '3:9'],
    ['an item of a flow list', ['claims', 0, 'channels', 1], 'value', '4:22'],
    ['a value inside a flow mapping', ['claims', 0, 'hours', 'weekly', 0, 'from'], 'value', '7:34'],
    ['a key, for an unknown key', ['claims', 0, 'channels'], 'key', '4:5'],
    ['the key of an empty value', ['claims', 0, 'promise'], 'value', '8:5'],
    ['the mapping a missing key belongs in', ['claims', 0, 'owner'], 'value', '3:5'],
    ['the deepest existing node past an empty value', ['claims', 0, 'promise', 'human'], 'value', '8:5'],
    ['the anchored value behind an alias', ['probes', 0, 'target'], 'value', '9:20'],
    ['the root for an empty path', [], 'value', '1:1'],
  ])('points at %s', (_name, path, target, expected) => {
    const { line, column } = positionOf(SOURCE, path, target);
    expect(`${line}:${column}`).toBe(expected);
  });
});

describe('parseYamlSource', () => {
  it('gives the plain value of a valid document and no problems', () => {
    const source = parseYamlSource('a.yaml', 'version: kept/v1\nlist: [1, two]\n');
    expect(source.problems).toEqual([]);
    expect(source.value).toEqual({ version: 'kept/v1', list: [1, 'two'] });
  });

  it.each([
    ['an unknown tag', 'version: !secret kept/v1\n', ['a.yaml:1:10: YAML syntax: unresolved tag: !secret']],
    [
      'an alias to no anchor',
      'a: 1\nb: *nowhere\n',
      ['a.yaml:2:4: YAML syntax: unresolved alias (the anchor must be set before the alias): nowhere'],
    ],
    [
      'two documents in one file',
      'a: 1\n---\nb: 2\n',
      ['a.yaml:2:1: YAML syntax: the file holds several YAML documents (---); keep one per file'],
    ],
  ])('reports %s as a syntax problem', (_name, text, expected) => {
    expect(
      parseYamlSource('a.yaml', text).problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`),
    ).toEqual(expected);
  });
});
