import { describe, expect, it } from 'vitest';
import { errorText } from './error-text.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('errorText', () => {
  it('keeps text within the cap unchanged', () => {
    expect(errorText(utf8('boom'), 4)).toBe('boom');
  });

  it('cuts longer text at a character boundary and names the original length', () => {
    // '🎶' is 4 bytes: a cap inside it keeps none of it, never a broken character.
    for (const cap of [2, 3, 4]) {
      expect(errorText(utf8('a🎶b🎶'), cap)).toBe('a… [truncated, 10 bytes]');
    }
    expect(errorText(utf8('a🎶b🎶'), 5)).toBe('a🎶… [truncated, 10 bytes]');
    expect(errorText(utf8('a🎶b🎶'), 9)).toBe('a🎶b… [truncated, 10 bytes]');
    expect(errorText(utf8('€€€'), 4)).toBe('€… [truncated, 9 bytes]');
  });

  it('works from a prefix of the text, given its full length', () => {
    const full = utf8('x'.repeat(1_000));
    expect(errorText(full.subarray(0, 11), 10, full.length)).toBe(
      `${'x'.repeat(10)}… [truncated, 1000 bytes]`,
    );
  });
});
