/**
 * One host function offered to a guest: protobuf request bytes in, protobuf response bytes out.
 *
 * It may be async: the engine makes the answer look synchronous to the guest (the guest is suspended, or its
 * worker blocks, until the promise settles). Host services report their own failures in-band in the response
 * message; a host function that throws or rejects is a host bug, and the engine fails the guest call with
 * `GUEST_TRAP` (the guest cannot be resumed) and marks the instance broken.
 *
 * @example
 * ```ts
 * const cacheGetString: HostCallHandler = async (request) => encodeGetResponse(await cache.get(id, decode(request).key));
 * ```
 */
export type HostCallHandler = (request: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/**
 * The host functions linked into one instance, keyed by import name within the module `extism:host/user`
 * (for example `cache_get_string`). Only the functions the plugin was granted are present.
 *
 * @example
 * ```ts
 * const fns: HostFunctions = { cache_get_string: cacheGetString };
 * ```
 */
export type HostFunctions = Readonly<Record<string, HostCallHandler>>;
