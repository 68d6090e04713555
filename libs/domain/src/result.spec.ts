import { describe, expect, it } from 'vitest';
import { err, isErr, isOk, mapErr, mapResult, ok, unwrap, unwrapOr } from './result.js';

describe('Result', () => {
  it('narrows to the branch it holds', () => {
    const good = ok(1);
    const bad = err('no');
    expect(isOk(good) && good.value).toBe(1);
    expect(isErr(bad) && bad.error).toBe('no');
    expect(isErr(good)).toBe(false);
    expect(isOk(bad)).toBe(false);
  });

  it('maps only the branch it holds', () => {
    expect(mapResult(ok(2), (v) => v * 3)).toEqual(ok(6));
    expect(mapResult(err('e'), (v: number) => v * 3)).toEqual(err('e'));
    expect(mapErr(err('e'), (e) => e.toUpperCase())).toEqual(err('E'));
    expect(mapErr(ok(1), (e: string) => e.toUpperCase())).toEqual(ok(1));
  });

  it('unwraps a value and throws an error', () => {
    expect(unwrap(ok('v'))).toBe('v');
    const boom = new TypeError('boom');
    expect(() => unwrap(err(boom))).toThrow(boom);
    expect(() => unwrap(err('text'))).toThrow(/text/);
    expect(unwrapOr(err('x'), 5)).toBe(5);
    expect(unwrapOr(ok(4), 5)).toBe(4);
  });
});
