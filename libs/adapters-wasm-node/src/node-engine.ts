import { availableParallelism } from 'node:os';
import { NdpError } from '@ndp/domain';
import {
  answerExtismHttp,
  EXTISM_HTTP_CALL,
  resolveGuestOutputLimits,
  DEFAULT_MAX_TABLE_ELEMENTS,
  type CompileOptions,
  type CompiledPlugin,
  type InstanceOptions,
  type ModuleCache,
  type PluginEngine,
  type PluginInstance,
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
import type { InlineModule } from './inline/inline-module.js';
import { InlineSlot } from './inline/inline-slot.js';
import { sharedTransformThread } from './inline/transform-thread.js';
import { DeadlineWatch } from './inline/deadline-watch.js';
import type { GuestExecutor } from './guest-executor.js';
import type { WorkerLogMessage } from './worker/messages.js';
import { WorkerPool } from './worker/worker-pool.js';
import { instantiateTimeout } from './instantiate-timeout.js';

/**
 * Room for a suspended inline call's frames (AssemblyScript ~8 B per frame, Go ~124 B per suspension, a C or Rust
 * frame its live locals). Its guest bytes are copied aside at every suspension, so it is not larger than needed:
 * 64 KiB cost ~1.8 µs per async host call here, 16 KiB ~0.4 µs.
 */
const DEFAULT_ASYNCIFY_STACK_BYTES = 16 * 1024;

/** Options of the Node engine. */
export interface NodeEngineOptions {
  /**
   * Number of worker threads that run guest code. Default: the number of cores. Calls of different instances run
   * in parallel across workers; one worker runs one call at a time, including while its guest waits on a host call.
   */
  readonly workers?: number;
  /**
   * Deadline for instantiating a guest (its start function and `_initialize` included) when the caller gives
   * none in `InstanceOptions.timeoutMs`. Default 10 s.
   */
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
  /**
   * Inline executor: bytes for a suspended call's saved frames. Default 16 KiB (about 2,000 AssemblyScript frames);
   * a call whose frames do not fit fails with GUEST_TRAP naming this option. Each suspension copies this many bytes.
   */
  readonly asyncifyStackBytes?: number;
  /**
   * Inline executor: make `compile` (and `instantiate` under another memory ceiling) wait until the module is
   * transformed, so every instance runs inline from the start. Default false: loading never waits for the
   * transform (it runs on a thread of its own, seconds for a large module); instances made before it is ready run
   * on the worker executor, later ones inline. Tests and benchmarks set it, or await {@link NodeEngine.whenInline}.
   */
  readonly awaitInline?: boolean;

  // Scheduling and deadlines
  /**
   * Inline executor: longest a guest's start function and `_initialize` may run on the calling thread, in ms.
   * Default 50. They cannot yield (the instance does not exist yet), so a module whose instantiation takes longer
   * is instantiated on the worker executor instead, this time and from then on, with what is left of the
   * instantiation's deadline: a start function that loops holds the event loop this long once, not for the whole
   * deadline.
   */
  readonly inlineStartBudgetMs?: number;
  /**
   * Ceiling on the elements of each table a module defines, written into the module as the table's maximum so
   * `table.grow` fails inside the guest (tables live outside linear memory, which the memory ceiling bounds).
   * Default {@link DEFAULT_MAX_TABLE_ELEMENTS} (100,000: under 1 MiB per table). A module whose table starts
   * larger does not compile (COMPILE_FAILED naming the numbers).
   */
  readonly maxTableElements?: number;
  /**
   * Worker executor: how many workers one plugin's calls (and instantiations) may hold at once. Default half of
   * {@link workers}, rounded down, at least 1: with 2 workers a plugin whose calls loop holds one and the other
   * plugins keep the other. Its further calls wait for its share, their deadline running. Values above
   * {@link workers} mean every worker.
   */
  readonly maxWorkersPerPlugin?: number;
}

export type { GuestExecutor } from './guest-executor.js';

/**
 * The Node engine: guests run in a pool of worker threads on V8's WebAssembly, with our own Extism kernel and
 * WASI, memory ceilings written into each module, and per-call deadlines enforced by terminating the worker.
 *
 * Guarantees: a guest that loops forever fails with GUEST_TIMEOUT at its deadline and only the calls queued on its
 * worker are delayed (they are moved to a fresh worker, never failed); host functions may be asynchronous.
 * Not promised: that an instance keeps its memory across calls after its worker was replaced (plugins are
 * stateless by contract, docs/contract.md §6).
 */
export class NodeEngine implements PluginEngine, InstanceRegistry {
  readonly name = 'node';
  private readonly kernel = new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
  private readonly pool: WorkerPool;
  private readonly modules = new Map<string, Promise<PreparedModule>>();
  private readonly moduleCache: ModuleCache | undefined;
  private readonly instances = new Map<number, NodeInstance>();
  private readonly inlineSlots = new Map<string, InlineSlot>();
  /** One deadline timer for every suspended inline call of this engine, instead of one per suspension. */
  private readonly deadlines = new DeadlineWatch();
  private readonly inlineInstances = new Set<InlineInstance>();
  /** Modules (hash and ceiling) whose start ran past the inline start budget: instantiated on workers. */
  private readonly slowStarts = new Set<string>();
  /** Plugins whose fallback to the worker executor was already logged (once per module and ceiling). */
  private readonly fallbackLogged = new Set<string>();
  private nextInstance = 1;
  private closed = false;
  private readonly cacheWrites = new Set<Promise<void>>();
  readonly instantiateTimeoutMs: number;
  private readonly maxTableElements: number;

  constructor(private readonly options: NodeEngineOptions = {}) {
    this.instantiateTimeoutMs = options.instantiateTimeoutMs ?? 10_000;
    this.maxTableElements = positiveInteger(
      'maxTableElements',
      options.maxTableElements ?? DEFAULT_MAX_TABLE_ELEMENTS,
    );
    this.moduleCache = options.moduleCache ? this.guardedCache(options.moduleCache) : undefined;
    const workers = options.workers ?? availableParallelism();
    const perPlugin = positiveInteger(
      'maxWorkersPerPlugin',
      options.maxWorkersPerPlugin ?? Math.max(1, Math.floor(workers / 2)),
    );
    this.pool = new WorkerPool(
      workers,
      this.kernel,
      {
        hostCall: (instance, name, request) => this.hostCall(instance, name, request),
        log: (message) => this.log(message),
      },
      (options.spinWaitMicros ?? 0) / 1000,
      Math.min(perPlugin, workers),
    );
  }

  async compile(wasm: Uint8Array, options: CompileOptions): Promise<CompiledPlugin> {
    this.assertOpen();
    const prepared = await this.prepare(wasm, options);
    // The transform is the costly part of loading a plugin: start it now, on its own thread. Only a cache read
    // is waited for, so a module transformed in an earlier run (or by this process) runs inline at once.
    if (this.executorOf(options.pluginId) === 'inline') {
      await this.awaitSlot(this.inlineSlot(wasm, prepared.hash, options.memoryLimitBytes, true));
    }
    return new NodeCompiledPlugin(options.pluginId, prepared, wasm);
  }

  async instantiate(plugin: CompiledPlugin, options: InstanceOptions): Promise<PluginInstance> {
    this.assertOpen();
    if (!(plugin instanceof NodeCompiledPlugin)) {
      throw new NdpError('INTERNAL', `plugin "${plugin.pluginId}" was compiled by another engine`);
    }
    // One deadline for the whole instantiation, set now: waiting for the module and the transform count too.
    const deadline = performance.now() + (options.timeoutMs ?? this.instantiateTimeoutMs);
    const prepared =
      plugin.prepared.memoryLimitBytes === options.memoryLimitBytes
        ? plugin.prepared
        : await this.prepareFromModule(plugin, options.memoryLimitBytes);
    if (this.executorOf(options.pluginId) === 'inline') {
      const slot = this.inlineSlot(plugin.bytes, prepared.hash, options.memoryLimitBytes);
      await this.awaitSlot(slot);
      this.assertOpen();
      const key = `${prepared.hash}:${options.memoryLimitBytes}`;
      let why: string | undefined;
      if (slot.module && !this.slowStarts.has(key)) {
        const instance = this.instantiateInline(slot.module, prepared, options, deadline);
        if (instance) return instance;
        this.slowStarts.add(key);
        why = `its start function or _initialize ran longer than ${this.inlineStartBudgetMs} ms`;
      } else if (!slot.module) {
        // Still transforming: this instance runs on the worker executor, instances made once it is ready inline.
        why = slot.rejection
          ? `the inline transform rejected it (${slot.rejection.message})`
          : slot.failure && `it cannot be prepared for inline execution (${slot.failure.message})`;
      }
      if (why && !this.fallbackLogged.has(key)) {
        this.fallbackLogged.add(key);
        options.logger.warn(`plugin "${options.pluginId}" runs on the worker executor: ${why}`);
      }
    }
    const instance = new NodeInstance(this.nextInstance++, prepared, options, this, this.pool);
    this.instances.set(instance.id, instance);
    try {
      await instance.materialize(Math.max(0, deadline - performance.now()));
    } catch (e) {
      this.instances.delete(instance.id);
      throw e;
    }
    return instance;
  }

  async close(): Promise<void> {
    this.closed = true;
    // Nothing is written to the module cache once close resolves (a background transform may finish later).
    await Promise.allSettled([...this.cacheWrites]);
    this.instances.clear();
    for (const slot of this.inlineSlots.values()) slot.release();
    this.deadlines.close();
    for (const instance of [...this.inlineInstances]) await instance.close();
    await this.pool.close();
  }

  /** The module cache as the engine uses it: writes are skipped once closed, and close waits for those under way. */
  private guardedCache(cache: ModuleCache): ModuleCache {
    return {
      get: (hash, variant) => cache.get(hash, variant),
      purge: (maxBytes) => cache.purge(maxBytes),
      put: async (hash, variant, entry) => {
        if (this.closed) return;
        const write = cache.put(hash, variant, entry);
        this.cacheWrites.add(write);
        try {
          await write;
        } finally {
          this.cacheWrites.delete(write);
        }
      },
    };
  }

  /** Called by an instance when it is closed or broken. */
  forget(instance: NodeInstance): void {
    this.instances.delete(instance.id);
  }

  /** The executor a plugin's instances use. */
  executorOf(pluginId: string): GuestExecutor {
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
    const limit = memoryLimitBytes ?? plugin.prepared.memoryLimitBytes;
    const prepared = await this.prepareFromModule(plugin, limit);
    const slot = this.inlineSlot(plugin.bytes, prepared.hash, limit);
    await slot.done;
    return slot.module !== undefined;
  }

  private get yieldSliceMs(): number {
    return this.options.yieldSliceMs ?? 5;
  }

  /** Under `awaitInline` the whole transform, else only the cache lookups (a rejection or failure is an answer). */
  private async awaitSlot(slot: InlineSlot): Promise<void> {
    if (this.options.awaitInline) await slot.done;
    else await slot.known;
  }

  /**
   * The inline variant of a module, made once per hash, ceiling and yielding. A failed one is tried again only on
   * a new `compile` (`retry`): instantiations must not start a transform each time one fails for good.
   */
  private inlineSlot(bytes: Uint8Array, hash: string, memoryLimitBytes: number, retry = false): InlineSlot {
    const yielding = this.yieldSliceMs > 0;
    const key = `${hash}:${memoryLimitBytes}:${yielding}`;
    const known = this.inlineSlots.get(key);
    if (known && !(retry && known.failure)) return known;
    const slot = new InlineSlot(
      {
        bytes,
        hash,
        memoryLimitBytes,
        maxTableElements: this.maxTableElements,
        yielding,
        moduleCache: this.moduleCache,
      },
      sharedTransformThread(),
    );
    if (this.closed) slot.release();
    this.inlineSlots.set(key, slot);
    return slot;
  }

  private get inlineStartBudgetMs(): number {
    return this.options.inlineStartBudgetMs ?? 50;
  }

  /**
   * Makes an inline instance, its start function and `_initialize` allowed at most the start budget on this
   * thread. Answers undefined when they ran past the budget with deadline to spare (the caller then instantiates
   * on the worker executor); past the deadline itself, GUEST_TIMEOUT.
   */
  private instantiateInline(
    inline: InlineModule,
    prepared: PreparedModule,
    options: InstanceOptions,
    deadline: number,
  ): PluginInstance | undefined {
    const remaining = deadline - performance.now();
    const budget = Math.min(remaining, this.inlineStartBudgetMs);
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
        limits: resolveGuestOutputLimits(options),
        log: (level, message) => {
          if (level !== 'off') options.logger[level](message);
        },
        hostCall: (name, request) => {
          if (name === EXTISM_HTTP_CALL) return answerExtismHttp(options.httpRequest, request);
          const fn = hostFunctions[name];
          if (!fn) throw new Error(`host function ${name} is not granted to plugin "${pluginId}"`);
          return fn(request);
        },
        yieldSliceMs: inline.yielding ? this.yieldSliceMs : 0,
        asyncifyStackBytes: this.options.asyncifyStackBytes ?? DEFAULT_ASYNCIFY_STACK_BYTES,
        deadlines: this.deadlines,
        instantiateTimeoutMs: Math.max(0, budget),
      });
    } catch (e) {
      const error = inlineError(e, pluginId, 'cannot be instantiated');
      if (error.code === 'GUEST_TIMEOUT') {
        if (budget < remaining) return undefined;
        throw instantiateTimeout(pluginId, options.timeoutMs ?? this.instantiateTimeoutMs, e);
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
    const variant = `capped-${Math.floor(memoryLimitBytes / 65536)}p-${this.maxTableElements}t`;
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
      const { rewritten, ...prepared } = await prepareModule(wasm, memoryLimitBytes, this.maxTableElements);
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

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`node engine option ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
