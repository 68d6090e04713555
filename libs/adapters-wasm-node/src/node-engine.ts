import { availableParallelism } from 'node:os';
import { NdpError } from '@ndp/domain';
import {
  DEFAULT_MAX_TABLE_ELEMENTS,
  type CompileOptions,
  type CompiledPlugin,
  type InstanceOptions,
  type PluginEngine,
  type PluginInstance,
} from '@ndp/ports';
import { KERNEL_WASM_BASE64 } from './gen/kernel-wasm.js';
import type { ExecutorKind, GuestExecutor } from './guest-executor.js';
import { InlineExecutor } from './inline/inline-executor.js';
import type { PreparedModule } from './module/compile-module.js';
import { PreparedModules } from './module/prepared-modules.js';
import { NodeCompiledPlugin } from './node-compiled-plugin.js';
import { DEFAULT_ASYNCIFY_STACK_BYTES, type NodeEngineOptions } from './node-engine-options.js';
import { WorkerExecutor } from './worker/worker-executor.js';

export type { NodeEngineOptions } from './node-engine-options.js';
export type { ExecutorKind } from './guest-executor.js';

/**
 * The Node engine: guests run on V8's WebAssembly with our own Extism kernel and WASI and memory ceilings written
 * into each module, on one of two executors chosen per plugin: inline (on the calling thread, instrumented for
 * deadlines and yielding) or in a pool of worker threads (deadlines enforced by terminating the worker). The
 * engine prepares each module once for both and falls back to the worker executor for what inline cannot run.
 *
 * Guarantees: a guest that loops forever fails with GUEST_TIMEOUT at its deadline, on either executor; host
 * functions may be asynchronous. Not promised: that an instance keeps its memory across calls after its worker was
 * replaced (plugins are stateless by contract, docs/contract.md §6).
 */
export class NodeEngine implements PluginEngine {
  readonly name = 'node';
  readonly instantiateTimeoutMs: number;
  private readonly modules: PreparedModules;
  private readonly inline: InlineExecutor;
  private readonly worker: WorkerExecutor;
  private closed = false;

  constructor(private readonly options: NodeEngineOptions = {}) {
    this.instantiateTimeoutMs = options.instantiateTimeoutMs ?? 10_000;
    const kernel = new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
    const maxTableElements = positiveInteger(
      'maxTableElements',
      options.maxTableElements ?? DEFAULT_MAX_TABLE_ELEMENTS,
    );
    this.modules = new PreparedModules(options.moduleCache, maxTableElements);
    const workers = options.workers ?? availableParallelism();
    this.worker = new WorkerExecutor({
      kernel,
      workers,
      maxWorkersPerPlugin: positiveInteger(
        'maxWorkersPerPlugin',
        options.maxWorkersPerPlugin ?? Math.max(1, Math.floor(workers / 2)),
      ),
      spinMs: (options.spinWaitMicros ?? 0) / 1000,
    });
    this.inline = new InlineExecutor({
      kernel,
      moduleCache: this.modules.cache,
      maxTableElements,
      yieldSliceMs: options.yieldSliceMs ?? 5,
      asyncifyStackBytes: options.asyncifyStackBytes ?? DEFAULT_ASYNCIFY_STACK_BYTES,
      awaitInline: options.awaitInline ?? false,
      startBudgetMs: options.inlineStartBudgetMs ?? 50,
      instantiateTimeoutMs: this.instantiateTimeoutMs,
      assertOpen: () => this.assertOpen(),
    });
  }

  async compile(wasm: Uint8Array, options: CompileOptions): Promise<CompiledPlugin> {
    this.assertOpen();
    const prepared = await this.modules.get(wasm, options.memoryLimitBytes, options.pluginId);
    const plugin = new NodeCompiledPlugin(options.pluginId, prepared, wasm);
    await this.executorFor(options.pluginId).compiled(plugin);
    return plugin;
  }

  async instantiate(plugin: CompiledPlugin, options: InstanceOptions): Promise<PluginInstance> {
    this.assertOpen();
    if (!(plugin instanceof NodeCompiledPlugin)) {
      throw new NdpError('INTERNAL', `plugin "${plugin.pluginId}" was compiled by another engine`);
    }
    // One deadline for the whole instantiation, set now: waiting for the module and the transform count too.
    const deadline = performance.now() + (options.timeoutMs ?? this.instantiateTimeoutMs);
    const prepared = await this.preparedFor(plugin, options.memoryLimitBytes);
    const chosen = this.executorFor(options.pluginId);
    const instance = await chosen.instantiate(plugin, prepared, options, deadline);
    return instance ?? this.worker.instantiate(plugin, prepared, options, deadline);
  }

  async close(): Promise<void> {
    this.closed = true;
    // Nothing is written to the module cache once close resolves (a background transform may finish later).
    await this.modules.close();
    await this.inline.close();
    await this.worker.close();
  }

  /** The executor a plugin's instances use. */
  executorOf(pluginId: string): ExecutorKind {
    return this.options.executorFor?.(pluginId) ?? this.options.executor ?? 'inline';
  }

  /**
   * Resolves once instances of `plugin` are made inline (true), or will never be (false: the worker executor is
   * chosen for it, or the transform rejected it). Rejects with COMPILE_FAILED when the inline module could not be
   * made for another reason (new instances then keep running on the worker executor). For tests and benchmarks;
   * the engine never needs it.
   */
  async whenInline(plugin: CompiledPlugin, memoryLimitBytes?: number): Promise<boolean> {
    if (!(plugin instanceof NodeCompiledPlugin)) return false;
    if (this.executorOf(plugin.pluginId) !== 'inline') return false;
    const prepared = await this.preparedFor(plugin, memoryLimitBytes ?? plugin.prepared.memoryLimitBytes);
    return this.inline.whenInline(plugin, prepared);
  }

  private executorFor(pluginId: string): GuestExecutor {
    return this.executorOf(pluginId) === 'inline' ? this.inline : this.worker;
  }

  /** The plugin's module under another memory ceiling than it was compiled with is prepared (once) again. */
  private preparedFor(plugin: NodeCompiledPlugin, memoryLimitBytes: number): Promise<PreparedModule> {
    if (plugin.prepared.memoryLimitBytes === memoryLimitBytes) return Promise.resolve(plugin.prepared);
    return this.modules.get(plugin.bytes, memoryLimitBytes, plugin.pluginId);
  }

  private assertOpen(): void {
    if (this.closed) throw new NdpError('ENGINE_CLOSED', 'the node engine was closed');
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`node engine option ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
