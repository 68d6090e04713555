/**
 * A protobuf-es message as a plain object: the same fields, without the `$typeName` marker, so it compares with
 * `toEqual` against a literal and serializes with `JSON.stringify` as the caller expects.
 */
export type Plain<T> = T extends Uint8Array | bigint
  ? T
  : T extends readonly (infer E)[]
    ? Plain<E>[]
    : T extends object
      ? { [K in keyof T as K extends '$typeName' ? never : K]: Plain<T[K]> }
      : T;

/** Copies `message` without `$typeName`, at every depth (arrays and nested messages included). */
export function plain<T>(message: T): Plain<T> {
  if (Array.isArray(message)) return message.map((m: unknown) => plain(m)) as Plain<T>;
  if (typeof message !== 'object' || message === null || message instanceof Uint8Array)
    return message as Plain<T>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) if (key !== '$typeName') out[key] = plain(value);
  return out as Plain<T>;
}
