import { availableParallelism } from 'node:os';
import { NdpError } from '@ndp/domain';
import type {
  CompileOptions,
  CompiledPlugin,
  InstanceOptions,
  ModuleCache,
  PluginEngine,
  PluginInstance,
} from '@ndp/ports';
import { KERNEL_WASM_BASE64 } from './gen/kernel-wasm.js';
import {
  moduleHash,
  prepareCached,
  prepareModule,
  type CachedAnalysis,
  type PreparedModule,
} from './module/compile-module.js';
import { NodeCompiledPlugin } from './node-compiled-plugin.js';
import { NodeInstance, type InstanceRegistry } from './node-instance.js';
import type { WorkerLogMessage } from './worker/messages.js';
import { WorkerPool } from './worker/worker-pool.js';

/** Options of the Node engine. */
export interface NodeEngineOptions {
  /**
   * Number of worker threads that run guest code. Default: the number of cores. Calls of different instances run
   * in parallel across workers; one worker runs one call at a time, including while its guest waits on a host call.
   */
  readonly workers?: number;
  /** Deadline for instantiating a guest (its start function included). Default 10 s. */
  readonly instantiateTimeoutMs?: number;
  /**
   * Microseconds a worker polls for its next request, and the main thread for a lone call's answer, before
   * sleeping. Default 0. Polling cuts a warm call several-fold on a machine with spare cores, and costs throughput
   * where the cores are already busy (every poller takes a core), so it is opt-in.
   */
  readonly spinWaitMicros?: number;
  /**
   * Where analysed and memory-capped modules are kept between runs (`<CacheFolder>/plugins`). Optional: without it
   * every start analyses and rewrites again (cheap for small modules). Compiled machine code itself cannot be
   * persisted on Node 20; V8 recompiles the cached bytes in milliseconds.
   */
  readonly moduleCache?: ModuleCache;
}

/**
 * The Node engine: guests run in a pool of worker threads on V8's WebAssembly, with our own Extism kernel and
 * WASI, memory ceilings written into each module, and per-call deadlines enforced by terminating the worker.
 *
 * Guarantees: a guest that loops forever fails with GUEST_TIMEOUT at its deadline and only the calls queued on its
 * worker are delayed (they are moved to a fresh worker, never failed); host functions may be asynchronous.
 * Not promised: that an instance keeps its memory across calls after its worker was replaced (plugins are
 * stateless by contract, SPEC §6).
 */
export class NodeEngine implements PluginEngine, InstanceRegistry {
  readonly name = 'node';
  private readonly kernel = new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
  private readonly pool: WorkerPool;
  private readonly modules = new Map<string, Promise<PreparedModule>>();
  private readonly moduleCache: ModuleCache | undefined;
  private readonly instances = new Map<number, NodeInstance>();
  private nextInstance = 1;
  private closed = false;
  readonly instantiateTimeoutMs: number;

  constructor(options: NodeEngineOptions = {}) {
    this.instantiateTimeoutMs = options.instantiateTimeoutMs ?? 10_000;
    this.moduleCache = options.moduleCache;
    this.pool = new WorkerPool(
      options.workers ?? availableParallelism(),
      this.kernel,
      {
        hostCall: (instance, name, request) => this.hostCall(instance, name, request),
        log: (message) => this.log(message),
      },
      (options.spinWaitMicros ?? 0) / 1000,
    );
  }

  async compile(wasm: Uint8Array, options: CompileOptions): Promise<CompiledPlugin> {
    this.assertOpen();
    const prepared = await this.prepare(wasm, options);
    return new NodeCompiledPlugin(options.pluginId, prepared, wasm);
  }

  async instantiate(plugin: CompiledPlugin, options: InstanceOptions): Promise<PluginInstance> {
    this.assertOpen();
    if (!(plugin instanceof NodeCompiledPlugin)) {
      throw new NdpError('INTERNAL', `plugin "${plugin.pluginId}" was compiled by another engine`);
    }
    const prepared =
      plugin.prepared.memoryLimitBytes === options.memoryLimitBytes
        ? plugin.prepared
        : await this.prepareFromModule(plugin, options.memoryLimitBytes);
    const instance = new NodeInstance(this.nextInstance++, prepared, options, this, this.pool);
    this.instances.set(instance.id, instance);
    try {
      await instance.materialize();
    } catch (e) {
      this.instances.delete(instance.id);
      throw e;
    }
    return instance;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.instances.clear();
    await this.pool.close();
  }

  /** Called by an instance when it is closed or broken. */
  forget(instance: NodeInstance): void {
    this.instances.delete(instance.id);
  }

  private assertOpen(): void {
    if (this.closed) throw new NdpError('ENGINE_CLOSED', 'the node engine was closed');
  }

  private prepare(wasm: Uint8Array, options: CompileOptions): Promise<PreparedModule> {
    return this.prepareKeyed(wasm, options.memoryLimitBytes, options.pluginId);
  }

  private prepareFromModule(plugin: NodeCompiledPlugin, memoryLimitBytes: number): Promise<PreparedModule> {
    return this.prepareKeyed(plugin.bytes, memoryLimitBytes, plugin.pluginId);
  }

  /** Compiled modules are kept in memory by content hash and ceiling, so equal bytes compile once. */
  private prepareKeyed(
    wasm: Uint8Array,
    memoryLimitBytes: number,
    pluginId: string,
  ): Promise<PreparedModule> {
    const hash = moduleHash(wasm);
    const key = `${hash}:${memoryLimitBytes}`;
    const cached = this.modules.get(key);
    if (cached) return cached;
    const p = this.compileFresh(wasm, hash, memoryLimitBytes, pluginId);
    this.modules.set(key, p);
    p.catch(() => this.modules.delete(key));
    return p;
  }

  private async compileFresh(
    wasm: Uint8Array,
    hash: string,
    memoryLimitBytes: number,
    pluginId: string,
  ): Promise<PreparedModule> {
    const variant = `capped-${Math.floor(memoryLimitBytes / 65536)}p`;
    try {
      const hit = await this.moduleCache?.get(hash, variant);
      if (hit) {
        const prepared = await prepareCached(
          hash,
          hit.bytes,
          JSON.parse(hit.metadata) as CachedAnalysis,
          memoryLimitBytes,
        );
        if (prepared) return prepared;
      }
      const { rewritten, ...prepared } = await prepareModule(wasm, memoryLimitBytes);
      if (this.moduleCache) {
        const analysis: CachedAnalysis = { info: prepared.info, rewrittenHash: moduleHash(rewritten) };
        await this.moduleCache.put(hash, variant, { bytes: rewritten, metadata: JSON.stringify(analysis) });
      }
      return prepared;
    } catch (e) {
      throw new NdpError(
        'COMPILE_FAILED',
        `plugin "${pluginId}": plugin.wasm cannot be compiled: ${(e as Error).message}`,
        {
          cause: e,
          details: { pluginId },
        },
      );
    }
  }

  private async hostCall(instance: number, importName: string, request: Uint8Array): Promise<Uint8Array> {
    const owner = this.instances.get(instance);
    if (!owner) throw new Error(`instance ${instance} is gone`);
    return owner.hostCall(importName, request);
  }

  private log(message: WorkerLogMessage): void {
    this.instances.get(message.instance)?.log(message.level, message.message);
  }
}
