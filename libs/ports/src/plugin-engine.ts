import type { CompiledPlugin } from './compiled-plugin.js';
import type { ExtismHttpHandler } from './extism-http.js';
import type { GuestOutputLimits } from './guest-output-limits.js';
import type { HostFunctions } from './host-functions.js';
import type { PluginInstance } from './plugin-instance.js';
import type { PluginLogger, PluginLogLevel } from './plugin-logger.js';

/** Options of {@link PluginEngine.compile}. */
export interface CompileOptions {
  /** The plugin id, for error messages and metrics. */
  readonly pluginId: string;
  /**
   * The memory ceiling every instance of this module will get, in bytes. An engine may rewrite the module's
   * declared maximum to it at compile time, so it is given here and again at instantiation.
   */
  readonly memoryLimitBytes: number;
}

/**
 * Options of {@link PluginEngine.instantiate}. The output, error-text and log caps of {@link GuestOutputLimits}
 * are optional here: an absent one takes its default from `DEFAULT_GUEST_OUTPUT_LIMITS`.
 */
export interface InstanceOptions extends Partial<GuestOutputLimits> {
  readonly pluginId: string;
  /** What the guest's Extism `config_get` reads. A missing key reads as absent (handle 0), never as ''. */
  readonly config: Readonly<Record<string, string>>;
  /** The granted host functions only; an import the module needs but that is missing fails instantiation. */
  readonly hostFunctions: HostFunctions;
  readonly logger: PluginLogger;
  /** Messages below this level are dropped; the guest reads it through `get_log_level`. */
  readonly logLevel: PluginLogLevel;
  /** The instance's linear-memory ceiling in bytes; growing past it fails the call with `GUEST_MEMORY_LIMIT`. */
  readonly memoryLimitBytes: number;
  /**
   * Deadline of this instantiation in ms, the guest's start function and `_initialize` included; past it
   * `instantiate` rejects with `GUEST_TIMEOUT`. Default: the engine's own `instantiateTimeoutMs` (10 s). The pool
   * passes what is left of the call that needs the instance, so making one never outlasts that call.
   */
  readonly timeoutMs?: number;
  /**
   * Performs the guest's Extism `http_request` (`extism:host/env`). Given only when the plugin may use HTTP;
   * absent, the engine answers every `http_request` in-band with status 0 and a refusal as the body.
   */
  readonly httpRequest?: ExtismHttpHandler;
}

/**
 * Default ceiling on the elements of each table a module defines, written into the module as the table's maximum
 * so `table.grow` fails inside the guest. Tables live outside linear memory, so the memory ceiling does not bound
 * them (a module growing one to V8's 10 million elements takes ~80 MB per instance). 100,000 leaves room for large
 * Rust or Go guests (a table holds one entry per address-taken function: thousands at most in the examples) and
 * bounds a table at under 1 MiB.
 */
export const DEFAULT_MAX_TABLE_ELEMENTS = 100_000;

/**
 * The WebAssembly engine: compiles plugin modules and makes instances that speak the Extism guest ABI.
 * The Node engine and the Extism engine implement it; pooling instances is the application's job, not the engine's.
 *
 * Guarantees:
 * - `compile` validates and analyses the module; invalid bytes reject with `NdpError` `COMPILE_FAILED` naming
 *   the plugin. Compiling the same bytes twice is allowed (an engine may answer from its own cache).
 * - `instantiate` links the Extism kernel (`extism:host/env`), WASI when the module uses it, and the given host
 *   functions (`extism:host/user`). Instances are independent of each other: calls on different instances may
 *   run at the same time (a worker engine runs them in parallel).
 * - A guest that traps, loops or exhausts memory never takes the engine down: other instances keep serving.
 * - The caps of {@link GuestOutputLimits} hold on every call: log lines beyond them are dropped inside the guest's
 *   thread and one `warn` per call says how many; a too-large output fails with `GUEST_OUTPUT_TOO_LARGE` (the
 *   instance is kept); error text is truncated with a visible marker.
 * - A module that exports `hs_init` (GHC) has it called after `_initialize`, as Extism does.
 * - `close` releases workers and instances; afterwards `compile` and `instantiate` reject with `ENGINE_CLOSED`.
 * Does not guarantee: persistence of compiled modules across processes (an adapter may cache on disk through
 * the `ModuleCache` port), nor any ordering between calls on different instances.
 *
 * @example
 * ```ts
 * const plugin = await engine.compile(wasm, { pluginId: 'echo', memoryLimitBytes: 128 << 20 });
 * const instance = await engine.instantiate(plugin, { pluginId: 'echo', config: {}, hostFunctions: {},
 *   logger, logLevel: PluginLogLevel.info, memoryLimitBytes: 128 << 20 });
 * const result = await instance.call('echo', input, { timeoutMs: 10_000 });
 * ```
 */
export interface PluginEngine {
  /** A short, stable name for logs and metrics, e.g. `node` or `extism`. */
  readonly name: string;
  compile(wasm: Uint8Array, options: CompileOptions): Promise<CompiledPlugin>;
  instantiate(plugin: CompiledPlugin, options: InstanceOptions): Promise<PluginInstance>;
  /** Releases every resource; idempotent. */
  close(): Promise<void>;
}
