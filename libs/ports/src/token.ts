/**
 * A typed DI token: a symbol that remembers the type it resolves to.
 *
 * Guarantees: two tokens made from the same description are the same symbol (`Symbol.for`), so a token
 * survives being loaded twice (two copies of this package in one process still agree).
 * Does not guarantee: anything at run time about the bound value; the type parameter is a compile-time promise
 * that the composition root keeps by binding a matching implementation.
 *
 * @example
 * ```ts
 * const CACHE: Token<Cache> = token<Cache>('Cache');
 * const cache = get(container, CACHE); // typed as Cache by the app's helper
 * ```
 */
export type Token<T> = symbol & { readonly __type?: T };

/**
 * Makes the token `Symbol.for('ndp/<description>')` typed as `Token<T>`.
 *
 * @example
 * ```ts
 * export const CLOCK: Token<Clock> = token<Clock>('Clock');
 * ```
 */
export function token<T>(description: string): Token<T> {
  return Symbol.for(`ndp/${description}`) as Token<T>;
}

/**
 * The type a token resolves to, for the apps' typed wrapper around the container (Inversify cannot infer it
 * from a bare symbol).
 *
 * @example
 * ```ts
 * function get<K extends Token<unknown>>(container: Container, key: K): TokenType<K> {
 *   return container.get<TokenType<K>>(key);
 * }
 * ```
 */
export type TokenType<K extends Token<unknown>> = K extends Token<infer T> ? T : never;
