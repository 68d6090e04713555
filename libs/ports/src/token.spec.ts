import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Cache } from './cache.js';
import { token, type Token, type TokenType } from './token.js';
import * as tokens from './tokens.js';

describe('typed DI tokens', () => {
  it('are global symbols named ndp/<description>, equal across calls', () => {
    const a = token<Cache>('Cache');
    expect(a).toBe(Symbol.for('ndp/Cache'));
    expect(token<Cache>('Cache')).toBe(a);
    expect(tokens.CACHE).toBe(a);
  });

  it('are distinct for every port', () => {
    const all = Object.values(tokens);
    expect(all.length).toBeGreaterThanOrEqual(13);
    expect(new Set(all).size).toBe(all.length);
    for (const t of all) expect(Symbol.keyFor(t)).toMatch(/^ndp\/[A-Z][A-Za-z]+$/);
  });

  it('remember the type they resolve to', () => {
    expectTypeOf<TokenType<typeof tokens.CACHE>>().toEqualTypeOf<Cache>();
    expectTypeOf<TokenType<Token<number>>>().toEqualTypeOf<number>();
  });
});
