/**
 * The outcome of a guest call that ran to completion.
 *
 * `ok: false` is the plugin's own error channel: the text the guest passed to Extism `error_set` (for example
 * `plugin:not_found`), or, when the export returned a non-zero code without error text, a message that names
 * that code. It is data, not a failure of the instance: the instance may be reused.
 */
export type GuestCallResult =
  | { readonly ok: true; readonly output: Uint8Array }
  | { readonly ok: false; readonly error: string };

/** Options of one guest call. */
export interface GuestCallOptions {
  /**
   * The call's deadline in milliseconds from the start of the call. It holds even when the guest loops forever
   * and includes the time spent waiting for async host functions. No default: the caller (pool policy) decides.
   */
  readonly timeoutMs: number;
}

/**
 * One live instance of a compiled plugin: its own linear memory, globals and Extism kernel state.
 *
 * Guarantees:
 * - `call` resolves with a {@link GuestCallResult} when the export returns, whatever its return code.
 * - A guest failure rejects with an `NdpError` coded `GUEST_TRAP` (trap, or a host function that threw),
 *   `GUEST_TIMEOUT` (deadline passed), `GUEST_MEMORY_LIMIT` (memory ceiling reached) or `GUEST_EXIT` (WASI
 *   `proc_exit`); from then on `broken` is true and the instance must never be used again.
 * - An output larger than the instance's `maxOutputBytes` rejects with `GUEST_OUTPUT_TOO_LARGE` and leaves the
 *   instance usable (`broken` stays false): the guest itself is sound, only its answer was refused.
 * - Error text longer than `maxErrorBytes` arrives truncated, ending with `… [truncated, N bytes]`.
 * - The input and output bytes are copied: the caller may reuse its buffers.
 * - State kept by the guest (globals, memory) survives between calls on the same instance.
 * Does not guarantee: concurrent calls. The caller (the pool) never overlaps two calls on one instance; an engine
 * may reject such a call. Calling an export that does not exist rejects.
 *
 * @example
 * ```ts
 * const result = await instance.call('scrobbler_now_playing', request, { timeoutMs: 10_000 });
 * if (!result.ok) log.warn(`plugin error: ${result.error}`);
 * ```
 */
export interface PluginInstance {
  /** True after a guest failure or `close()`: never reuse the instance. */
  readonly broken: boolean;
  call(exportName: string, input: Uint8Array, options: GuestCallOptions): Promise<GuestCallResult>;
  /** The size of the guest's linear memory in bytes (a multiple of 64 KiB). */
  memoryBytes(): number;
  /** Releases the instance; idempotent. Later calls reject. */
  close(): Promise<void>;
}
