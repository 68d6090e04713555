import { NdpError } from '@ndp/domain';
import {
  DEFAULT_MAX_TABLE_ELEMENTS,
  type CompileOptions,
  type CompiledPlugin,
  type InstanceOptions,
  type PluginEngine,
  type PluginInstance,
} from '@ndp/ports';
import { ExtismCompiledPlugin } from './extism-compiled-plugin.js';
import { ExtismInstance } from './extism-instance.js';
import { moduleHash, prepareModule, type PreparedModule } from './module/prepare-module.js';

/** Options of the Extism engine. */
export interface ExtismEngineOptions {
  /**
   * Deadline for creating an instance (starting its worker, loading the SDK there and running the guest's start
   * function and `_initialize`) when the caller gives none in `InstanceOptions.timeoutMs`. Default 10 s, like a
   * call, so a start function that loops forever cannot hang a plugin load.
   */
  readonly instantiateTimeoutMs?: number;
  /**
   * Ceiling on the elements of each table a module defines, written into the module as the table's maximum so
   * `table.grow` fails inside the guest (tables live outside linear memory, which the memory ceiling bounds).
   * Default {@link DEFAULT_MAX_TABLE_ELEMENTS} (100,000: under 1 MiB per table).
   */
  readonly maxTableElements?: number;
}

/**
 * The Extism engine: `@extism/extism` 1.0.3 behind the `PluginEngine` port, for operators who want the reference
 * SDK rather than our own kernel (`Engine = "extism"`). Each instance is an SDK plugin in foreground mode inside
 * its own worker thread, which gives what the SDK alone does not: deadlines that hold against a guest looping
 * forever (the worker is terminated), asynchronous host functions (the worker blocks on a SharedArrayBuffer
 * while the main thread answers), a memory ceiling (written into the module and enforced on Extism memory),
 * no failure after 16,384 calls, typed guest failures, empty config values, the return code, `output_set`
 * lengths, the imports newer PDKs need (`get_log_level`, `log_trace`, `http_headers`), `hs_init` for GHC guests,
 * Extism's own `http_request` through `InstanceOptions.httpRequest`, and the per-call output, error-text and log
 * caps, enforced in the worker.
 *
 * Not promised: low latency (a call crosses threads, ~tens of µs, and each instance costs a worker, see
 * `docs/decisions/0005-extism-engine.md`), or WASI beyond clocks, randomness, stdout/stderr (dropped) and `proc_exit`.
 */
export class ExtismEngine implements PluginEngine {
  readonly name = 'extism';
  private readonly modules = new Map<string, Promise<PreparedModule>>();
  private readonly instances = new Set<ExtismInstance>();
  private readonly instantiateTimeoutMs: number;
  private readonly maxTableElements: number;
  private closed = false;

  constructor(options: ExtismEngineOptions = {}) {
    this.instantiateTimeoutMs = options.instantiateTimeoutMs ?? 10_000;
    this.maxTableElements = options.maxTableElements ?? DEFAULT_MAX_TABLE_ELEMENTS;
    if (!Number.isInteger(this.maxTableElements) || this.maxTableElements < 1) {
      throw new RangeError(
        `extism engine option maxTableElements must be a positive integer, got ${this.maxTableElements}`,
      );
    }
  }

  async compile(wasm: Uint8Array, options: CompileOptions): Promise<CompiledPlugin> {
    this.assertOpen();
    const bytes = wasm.slice();
    const prepared = await this.prepare(bytes, options.memoryLimitBytes, options.pluginId);
    return new ExtismCompiledPlugin(options.pluginId, prepared, bytes);
  }

  async instantiate(plugin: CompiledPlugin, options: InstanceOptions): Promise<PluginInstance> {
    this.assertOpen();
    if (!(plugin instanceof ExtismCompiledPlugin)) {
      throw new NdpError('INTERNAL', `plugin "${plugin.pluginId}" was compiled by another engine`, {
        details: { pluginId: plugin.pluginId },
      });
    }
    // One deadline for the whole instantiation, set now: preparing the module counts too.
    const deadline = performance.now() + (options.timeoutMs ?? this.instantiateTimeoutMs);
    const prepared =
      plugin.prepared.memoryLimitBytes === options.memoryLimitBytes
        ? plugin.prepared
        : await this.prepare(plugin.bytes, options.memoryLimitBytes, plugin.pluginId);
    const remaining = Math.max(0, deadline - performance.now());
    const instance = await ExtismInstance.start(plugin, prepared, options, remaining, (i) =>
      this.instances.delete(i),
    );
    if (this.closed) {
      await instance.close();
      this.assertOpen();
    }
    this.instances.add(instance);
    return instance;
  }

  async close(): Promise<void> {
    this.closed = true;
    const live = [...this.instances];
    this.instances.clear();
    this.modules.clear();
    await Promise.all(live.map((i) => i.close()));
  }

  private assertOpen(): void {
    if (this.closed) throw new NdpError('ENGINE_CLOSED', 'the extism engine was closed');
  }

  /** Compiled modules are kept by content hash and ceiling, so equal bytes are analysed and compiled once. */
  private prepare(bytes: Uint8Array, memoryLimitBytes: number, pluginId: string): Promise<PreparedModule> {
    const key = `${moduleHash(bytes)}:${memoryLimitBytes}`;
    const cached = this.modules.get(key);
    if (cached) return cached;
    const prepared = prepareModule(bytes, memoryLimitBytes, this.maxTableElements).catch((e: unknown) => {
      this.modules.delete(key);
      throw new NdpError(
        'COMPILE_FAILED',
        `plugin "${pluginId}": plugin.wasm cannot be compiled: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e, details: { pluginId } },
      );
    });
    this.modules.set(key, prepared);
    return prepared;
  }
}
