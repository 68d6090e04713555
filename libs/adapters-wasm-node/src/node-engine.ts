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
import { InlineGuest } from './inline/inline-guest.js';
import { InlineInstance, inlineError } from './inline/inline-instance.js';
import { prepareInlineModule, type InlineModule } from './inline/inline-module.js';
import { InlineTransformRejected } from './inline/inline-transform.js';
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
  /**
   * Which executor runs guests. Default `inline`: on the calling thread, with instrumented deadlines and asyncified
   * host calls (a warm call costs about a raw WebAssembly call). `worker` runs them in worker threads: a thread hop
   * per call and per host call, but CPU-heavy plugins then run in parallel and never hold the event loop. A module
   * the inline transform rejects runs on the worker executor whatever is chosen (with a warning in its log).
   */
  readonly executor?: GuestExecutor;
  /** Per-plugin choice of executor; `undefined` means {@link executor}. Read at compile and instantiation. */
  readonly executorFor?: (pluginId: string) => GuestExecutor | undefined;
  /**
   * Inline executor: longest stretch a guest computes before it yields to the event loop, in ms. Default 5, so no
   * plugin holds the event loop longer than that (a looping plugin holds it until its deadline otherwise).
   * 0 turns yielding off: tight guest loops then run 2-3x faster, at the price of blocking while they run.
   */
  readonly yieldSliceMs?: number;
  /** Inline executor: bytes for a suspended call's saved frames. Default 64 KiB; overflowing it traps the call. */
  readonly asyncifyStackBytes?: number;
}

/** Where guest code runs: on the calling thread (`inline`) or in worker threads (`worker`). */
export type GuestExecutor = 'inline' | 'worker';

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
  private readonly inlineModules = new Map<string, Promise<InlineModule | InlineTransformRejected>>();
  private readonly inlineInstances = new Set<InlineInstance>();
  /** Plugins whose fallback to the worker executor was already logged (once per module and ceiling). */
  private readonly fallbackLogged = new Set<string>();
  private nextInstance = 1;
  private closed = false;
  readonly instantiateTimeoutMs: number;

  constructor(private readonly options: NodeEngineOptions = {}) {
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
    // The transform is the costly part of loading a plugin: do it now, not on the first instantiation.
    if (this.executorOf(options.pluginId) === 'inline') {
      await this.inlineModule(wasm, prepared.hash, options.memoryLimitBytes);
    }
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
    if (this.executorOf(options.pluginId) === 'inline') {
      const inline = await this.inlineModule(plugin.bytes, prepared.hash, options.memoryLimitBytes);
      this.assertOpen();
      if (!(inline instanceof InlineTransformRejected))
        return this.instantiateInline(inline, prepared, options);
      const key = `${prepared.hash}:${options.memoryLimitBytes}`;
      if (!this.fallbackLogged.has(key)) {
        this.fallbackLogged.add(key);
        options.logger.warn(
          `plugin "${options.pluginId}" runs on the worker executor: the inline transform rejected it (${inline.message})`,
        );
      }
    }
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
    for (const instance of [...this.inlineInstances]) await instance.close();
    await this.pool.close();
  }

  /** Called by an instance when it is closed or broken. */
  forget(instance: NodeInstance): void {
    this.instances.delete(instance.id);
  }

  /** The executor a plugin's instances use. */
  executorOf(pluginId: string): GuestExecutor {
    return this.options.executorFor?.(pluginId) ?? this.options.executor ?? 'inline';
  }

  private get yieldSliceMs(): number {
    return this.options.yieldSliceMs ?? 5;
  }

  /** The inline variant of a module, transformed once per hash, ceiling and yielding; a rejection is an answer. */
  private inlineModule(
    bytes: Uint8Array,
    hash: string,
    memoryLimitBytes: number,
  ): Promise<InlineModule | InlineTransformRejected> {
    const yielding = this.yieldSliceMs > 0;
    const key = `${hash}:${memoryLimitBytes}:${yielding}`;
    const known = this.inlineModules.get(key);
    if (known) return known;
    const made = prepareInlineModule({
      bytes,
      hash,
      memoryLimitBytes,
      yielding,
      moduleCache: this.moduleCache,
    }).catch((e: unknown) => {
      if (e instanceof InlineTransformRejected) return e;
      this.inlineModules.delete(key);
      throw new NdpError(
        'COMPILE_FAILED',
        `plugin.wasm cannot be prepared for inline execution: ${String(e)}`,
        {
          cause: e,
        },
      );
    });
    this.inlineModules.set(key, made);
    return made;
  }

  private instantiateInline(
    inline: InlineModule,
    prepared: PreparedModule,
    options: InstanceOptions,
  ): PluginInstance {
    const pluginId = options.pluginId;
    const missing = prepared.info.imports.filter(
      (i) => i.module === 'extism:host/user' && i.kind === 'function' && !options.hostFunctions[i.name],
    );
    if (missing.length > 0) {
      throw new NdpError(
        'COMPILE_FAILED',
        `plugin "${pluginId}" imports host functions that were not provided: ${missing.map((i) => i.name).join(', ')}`,
        { details: { pluginId } },
      );
    }
    const hostFunctions = options.hostFunctions;
    let guest: InlineGuest;
    try {
      guest = new InlineGuest({
        guest: inline.module,
        kernel: this.kernel,
        imports: prepared.info.imports.filter((i) => i.kind === 'function'),
        config: { ...options.config },
        logLevel: options.logLevel,
        memoryLimitBytes: options.memoryLimitBytes,
        log: (level, message) => {
          if (level !== 'off') options.logger[level](message);
        },
        hostCall: (name, request) => {
          const fn = hostFunctions[name];
          if (!fn) throw new Error(`host function ${name} is not granted to plugin "${pluginId}"`);
          return fn(request);
        },
        yieldSliceMs: inline.yielding ? this.yieldSliceMs : 0,
        asyncifyStackBytes: this.options.asyncifyStackBytes ?? 64 * 1024,
        instantiateTimeoutMs: this.instantiateTimeoutMs,
      });
    } catch (e) {
      const error = inlineError(e, pluginId, 'cannot be instantiated');
      if (error.code === 'GUEST_TIMEOUT') {
        throw new NdpError('GUEST_TIMEOUT', `plugin "${pluginId}" did not finish instantiating in time`, {
          cause: e,
          details: { pluginId },
        });
      }
      throw error;
    }
    const instance: InlineInstance = new InlineInstance(guest, options, () =>
      this.inlineInstances.delete(instance),
    );
    this.inlineInstances.add(instance);
    return instance;
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
