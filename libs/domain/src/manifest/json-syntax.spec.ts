import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './json-syntax.js';

describe('findJsonSyntaxError', () => {
  it.each([
    '{}',
    '[]',
    ' {"a": [1, -2.5e+3, true, false, null, "x\\n\\u00e9"], "b": {"c": {}}} ',
    '"just a string"',
    '0',
    JSON.stringify({ deep: [[[[{ x: 'y' }]]]] }),
  ])('accepts valid JSON %s', (text) => {
    expect(JSON.parse(text)).toBeDefined();
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    ['', 1, 1, 'expected a value, the text ended'],
    ['{', 1, 2, 'expected a property name in double quotes, the text ended'],
    ['{"a": 1,}', 1, 9, 'expected a property name in double quotes, found "}"'],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}", found "\\""'],
    ["{'a': 1}", 1, 2, 'expected a property name in double quotes, found "\'"'],
    ['{"a" 1}', 1, 6, 'expected ":" after the property name, found "1"'],
    ['[1, 2', 1, 6, 'expected "," or "]", the text ended'],
    ['[01]', 1, 3, 'expected "," or "]", found "1"'],
    ['{"a": tru}', 1, 7, 'expected a value, found "t"'],
    ['{"a": "x\ny"}', 1, 9, 'control character in string (escape it, e.g. \\n)'],
    ['{"a": "\\x"}', 1, 8, 'invalid escape sequence in string'],
    ['{"a": "abc', 1, 11, 'unterminated string'],
    ['{} {}', 1, 4, 'unexpected text after the JSON value, found "{"'],
  ])('locates the error in %j', (text, line, column, message) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxError(text)).toMatchObject({ line, column, message });
  });

  it('survives deep nesting without recursion', () => {
    const text = '['.repeat(100_000);
    expect(findJsonSyntaxError(text)).toMatchObject({ line: 1, column: 100_001 });
  });
});
