/**
 * The outcome of an operation whose failure is expected (an invalid manifest, a refused URL): either `ok` with a
 * value or `err` with an error. Bugs and infrastructure failures throw instead; a `Result` never hides one.
 */
export type Result<T, E> = Ok<T> | Err<E>;

/** A successful {@link Result}. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** A failed {@link Result}. */
export interface Err<E> {
  readonly ok: false;
  readonly error: E;
}

/** Wraps a value as a successful result. The object is frozen; the value itself is not. */
export function ok<T>(value: T): Ok<T> {
  return Object.freeze({ ok: true, value });
}

/** Wraps an error as a failed result. The object is frozen; the error itself is not. */
export function err<E>(error: E): Err<E> {
  return Object.freeze({ ok: false, error });
}

/** Narrows a result to its success branch. */
export function isOk<T, E>(result: Result<T, E>): result is Ok<T> {
  return result.ok;
}

/** Narrows a result to its failure branch. */
export function isErr<T, E>(result: Result<T, E>): result is Err<E> {
  return !result.ok;
}

/** Transforms the value of a successful result; a failed result passes through unchanged. */
export function mapResult<T, U, E>(result: Result<T, E>, fn: (value: T) => U): Result<U, E> {
  return result.ok ? ok(fn(result.value)) : result;
}

/** Transforms the error of a failed result; a successful result passes through unchanged. */
export function mapErr<T, E, F>(result: Result<T, E>, fn: (error: E) => F): Result<T, F> {
  return result.ok ? result : err(fn(result.error));
}

/**
 * Returns the value of a successful result and throws the error of a failed one (wrapped in an `Error` when it is
 * not one already). Meant for callers that have already decided a failure is a bug, and for tests.
 */
export function unwrap<T, E>(result: Result<T, E>): T {
  if (result.ok) return result.value;
  const { error } = result;
  throw error instanceof Error
    ? error
    : new Error(`unwrap of a failed result: ${String(error)}`, { cause: error });
}

/** Returns the value of a successful result, or `fallback` for a failed one. */
export function unwrapOr<T, E>(result: Result<T, E>, fallback: T): T {
  return result.ok ? result.value : fallback;
}
