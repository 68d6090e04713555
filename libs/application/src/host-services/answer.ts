/** A value a host service has at hand, or a Promise of it when the work behind it is asynchronous. */
export type Answer<T> = T | Promise<T>;

/**
 * `next(value)`, run synchronously when `value` is at hand and after it when it is a Promise. A host call whose
 * service answers at once then stays synchronous all the way to the guest, which need not be suspended for it.
 */
export function andThen<T, R>(value: Answer<T>, next: (value: T) => Answer<R>): Answer<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
