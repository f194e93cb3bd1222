import { describe, expect, it } from 'vitest';
import { isJsonPath, parseJsonPath, selectAll, selectFirst } from '../../src/domain/json-path.ts';
import { KeptError } from '../../src/domain/errors.ts';

const doc = {
  text: 'hello',
  from: { role: 'agent', name: 'Priya', 'display name': 'Priya S.' },
  messages: [
    { text: 'one', from: { role: 'bot' } },
    { text: 'two', from: { role: 'agent' } },
  ],
  nested: [[1, 2], [3]],
  empty: null,
};

describe('selectAll', () => {
  it.each([
    ['the root selects the whole document', '$', [doc]],
    ['a dotted key selects a member', '$.text', ['hello']],
    ['dotted keys go deeper', '$.from.role', ['agent']],
    ['a quoted key may hold spaces', "$.from['display name']", ['Priya S.']],
    ['a double-quoted key works too', '$["from"]["name"]', ['Priya']],
    ['an index selects one element', '$.messages[1].text', ['two']],
    ['a negative index counts from the end', '$.messages[-1].text', ['two']],
    ['a wildcard selects every element', '$.messages[*].text', ['one', 'two']],
    ['a dotted wildcard selects every value of an object', '$.from.*', ['agent', 'Priya', 'Priya S.']],
    ['wildcards nest', '$.nested[*][*]', [1, 2, 3]],
    ['a missing key selects nothing', '$.nope', []],
    ['an index past the end selects nothing', '$.messages[5]', []],
    ['a key on an array selects nothing', '$.messages.text', []],
    ['an index on an object selects nothing', '$.from[0]', []],
    ['a null value is selected as null', '$.empty', [null]],
    ['keys under null select nothing', '$.empty.x', []],
  ])('%s (%s)', (_name, path, expected) => {
    expect(selectAll(parseJsonPath(path), doc)).toEqual(expected);
  });

  it('selectFirst gives the first match or undefined', () => {
    expect(selectFirst(parseJsonPath('$.messages[*].from.role'), doc)).toBe('bot');
    expect(selectFirst(parseJsonPath('$.missing'), doc)).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    expect(selectAll(parseJsonPath('$.constructor'), {})).toEqual([]);
  });
});

describe('parseJsonPath', () => {
  it.each([
    ['a path must start with $', 'text', 1],
    ['recursive descent is not supported', '$..text', 3],
    ['an unclosed bracket is rejected', '$.messages[0', 13],
    ['an unterminated quote is rejected', "$['text", 3],
    ['filters are not supported', '$.messages[?(@.x)]', 12],
    ['a trailing dot is rejected', '$.from.', 8],
  ])('%s (%s)', (_name, path, at) => {
    expect(isJsonPath(path)).toBe(false);
    try {
      parseJsonPath(path);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KeptError);
      expect((error as KeptError).code).toBe('json-path.invalid');
      expect((error as KeptError).message).toContain(`character ${at}`);
    }
  });

  it('keeps the steps of a valid path', () => {
    expect(parseJsonPath("$.a['b c'][2][*]").steps).toEqual([
      { kind: 'key', key: 'a' },
      { kind: 'key', key: 'b c' },
      { kind: 'index', index: 2 },
      { kind: 'wildcard' },
    ]);
  });
});
