import { requireHostFunctions } from '@ndp/engine-kit';
import {
  answerExtismHttp,
  EXTISM_HTTP_CALL,
  resolveGuestOutputLimits,
  type InstanceOptions,
  type ModuleCache,
  type PluginInstance,
} from '@ndp/ports';
import type { GuestExecutor } from '../guest-executor.js';
import type { PreparedModule } from '../module/compile-module.js';
import type { NodeCompiledPlugin } from '../node-compiled-plugin.js';
import { instantiateTimeout } from '../instantiate-timeout.js';
import { DeadlineWatch } from './deadline-watch.js';
import { InlineGuest } from './inline-guest.js';
import { InlineInstance, inlineError } from './inline-instance.js';
import type { InlineModule } from './inline-module.js';
import { InlineSlot } from './inline-slot.js';
import { sharedTransformThread } from './transform-thread.js';

/** What the inline executor takes from the engine's options (documented on `NodeEngineOptions`). */
export interface InlineExecutorSettings {
  readonly kernel: WebAssembly.Module;
  readonly moduleCache: ModuleCache | undefined;
  readonly maxTableElements: number;
  readonly yieldSliceMs: number;
  readonly asyncifyStackBytes: number;
  readonly awaitInline: boolean;
  readonly startBudgetMs: number;
  readonly instantiateTimeoutMs: number;
  /** Throws ENGINE_CLOSED once the engine is closed (checked again after every wait). */
  assertOpen(): void;
}

/**
 * The inline executor: guests run on the calling thread, instrumented for deadlines and yielding, with their host
 * calls asyncified. A module is transformed for it once per hash, ceiling and yielding, on a thread of its own.
 *
 * Guarantees: an instantiation never waits for a transform unless `awaitInline` is set (only for the cache
 * lookups); while a module is transforming, or when the transform rejected it, or when its start function ran past
 * the start budget, {@link instantiate} answers undefined and the engine runs the instance on the worker executor
 * (logged once per module and ceiling, with the reason). Past the instantiation's own deadline: GUEST_TIMEOUT.
 */
export class InlineExecutor implements GuestExecutor {
  readonly kind = 'inline';
  private readonly slots = new Map<string, InlineSlot>();
  /** One deadline timer for every suspended inline call, instead of one per suspension. */
  private readonly deadlines = new DeadlineWatch();
  private readonly instances = new Set<InlineInstance>();
  /** Modules (hash and ceiling) whose start ran past the start budget: instantiated on workers. */
  private readonly slowStarts = new Set<string>();
  /** Modules (hash and ceiling) whose fallback to the worker executor was already logged. */
  private readonly fallbackLogged = new Set<string>();
  private closed = false;

  constructor(private readonly settings: InlineExecutorSettings) {}

  /** The transform is the costly part of loading a plugin: it starts now; only a cache read is waited for. */
  async compiled(plugin: NodeCompiledPlugin): Promise<void> {
    const { prepared } = plugin;
    await this.awaitSlot(this.slot(plugin.bytes, prepared.hash, prepared.memoryLimitBytes, true));
  }

  async instantiate(
    plugin: NodeCompiledPlugin,
    prepared: PreparedModule,
    options: InstanceOptions,
    deadline: number,
  ): Promise<PluginInstance | undefined> {
    const slot = this.slot(plugin.bytes, prepared.hash, options.memoryLimitBytes);
    await this.awaitSlot(slot);
    this.settings.assertOpen();
    const key = `${prepared.hash}:${options.memoryLimitBytes}`;
    let why: string | undefined;
    if (slot.module && !this.slowStarts.has(key)) {
      const instance = this.instantiateOnThisThread(slot.module, prepared, options, deadline);
      if (instance) return instance;
      this.slowStarts.add(key);
      why = `its start function or _initialize ran longer than ${this.settings.startBudgetMs} ms`;
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
    return undefined;
  }

  /** Resolves with whether instances of `prepared` are made inline once its transform settled (see the engine). */
  async whenInline(plugin: NodeCompiledPlugin, prepared: PreparedModule): Promise<boolean> {
    const slot = this.slot(plugin.bytes, prepared.hash, prepared.memoryLimitBytes);
    await slot.done;
    return slot.module !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots.values()) slot.release();
    this.deadlines.close();
    for (const instance of [...this.instances]) await instance.close();
  }

  /** Under `awaitInline` the whole transform, else only the cache lookups (a rejection or failure is an answer). */
  private async awaitSlot(slot: InlineSlot): Promise<void> {
    if (this.settings.awaitInline) await slot.done;
    else await slot.known;
  }

  /**
   * The inline variant of a module, made once per hash, ceiling and yielding. A failed one is tried again only on
   * a new `compile` (`retry`): instantiations must not start a transform each time one fails for good.
   */
  private slot(bytes: Uint8Array, hash: string, memoryLimitBytes: number, retry = false): InlineSlot {
    const yielding = this.settings.yieldSliceMs > 0;
    const key = `${hash}:${memoryLimitBytes}:${yielding}`;
    const known = this.slots.get(key);
    if (known && !(retry && known.failure)) return known;
    const slot = new InlineSlot(
      {
        bytes,
        hash,
        memoryLimitBytes,
        maxTableElements: this.settings.maxTableElements,
        yielding,
        moduleCache: this.settings.moduleCache,
      },
      sharedTransformThread(),
    );
    if (this.closed) slot.release();
    this.slots.set(key, slot);
    return slot;
  }

  /**
   * Makes an inline instance, its start function and `_initialize` allowed at most the start budget on this
   * thread. Answers undefined when they ran past the budget with deadline to spare (the caller then instantiates
   * on the worker executor); past the deadline itself, GUEST_TIMEOUT.
   */
  private instantiateOnThisThread(
    inline: InlineModule,
    prepared: PreparedModule,
    options: InstanceOptions,
    deadline: number,
  ): PluginInstance | undefined {
    const remaining = deadline - performance.now();
    const budget = Math.min(remaining, this.settings.startBudgetMs);
    const pluginId = options.pluginId;
    requireHostFunctions(pluginId, prepared.info.imports, options.hostFunctions);
    const hostFunctions = options.hostFunctions;
    let guest: InlineGuest;
    try {
      guest = new InlineGuest({
        guest: inline.module,
        kernel: this.settings.kernel,
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
        yieldSliceMs: inline.yielding ? this.settings.yieldSliceMs : 0,
        asyncifyStackBytes: this.settings.asyncifyStackBytes,
        deadlines: this.deadlines,
        instantiateTimeoutMs: Math.max(0, budget),
      });
    } catch (e) {
      const error = inlineError(e, pluginId, 'cannot be instantiated');
      if (error.code === 'GUEST_TIMEOUT') {
        if (budget < remaining) return undefined;
        throw instantiateTimeout(pluginId, options.timeoutMs ?? this.settings.instantiateTimeoutMs, e);
      }
      throw error;
    }
    const instance: InlineInstance = new InlineInstance(guest, options, () =>
      this.instances.delete(instance),
    );
    this.instances.add(instance);
    return instance;
  }
}
