import { NdpError } from '@ndp/domain';
import type { PluginInstance } from '@ndp/ports';
import { resolvePoolOptions, type PoolOptions, type ResolvedPoolOptions } from './pool-options.js';

/**
 * Makes a fresh instance of the pool's plugin version. `timeoutMs`, when set, is what is left of the deadline of
 * the call the instance is made for: instantiation (a start function, `_initialize`) must finish within it.
 */
export type InstanceFactory = (options: { readonly timeoutMs?: number }) => Promise<PluginInstance>;

/** Options of one {@link InstancePool.acquire}. */
export interface AcquireOptions {
  /**
   * The deadline of the call that wants the instance (`Date.now()` ms). The wait ends at the earlier of it and
   * `acquireTimeoutMs`, and a new instance is created within what is left of it.
   */
  readonly deadline?: number;
}

/** Current sizes of a pool, for metrics and the plugin detail page. */
export interface PoolSizes {
  readonly idle: number;
  readonly inUse: number;
  readonly waiting: number;
}

/** The memory of a pool's live instances. */
export interface PoolMemory {
  readonly instances: number;
  readonly totalBytes: number;
  /** The largest instance's memory. */
  readonly maxBytes: number;
}

interface IdleInstance {
  readonly instance: PluginInstance;
  readonly returnedAt: number;
}

interface Waiter {
  readonly deadline: number | undefined;
  readonly resolve: (instance: PluginInstance) => void;
  readonly reject: (error: unknown) => void;
  timer?: ReturnType<typeof setTimeout>;
}

/** Hooks a pool owner can pass; both are optional and must not throw. */
export interface InstancePoolHooks {
  /** Called after every change of {@link PoolSizes} (to update gauges). */
  readonly onSizes?: (sizes: PoolSizes) => void;
  /** Called when closing an instance failed (closing is best effort). */
  readonly onCloseError?: (error: unknown) => void;
}

/**
 * The instances of one plugin version (docs/contract.md §6).
 *
 * Guarantees: at most `maxInUse` instances are checked out (instances being created count); at most `maxIdle`
 * are kept idle, and an idle one is closed `idleTtlMs` after its last return (by a janitor timer that never keeps
 * the process alive); waiters are served first come, first served and fail after `acquireTimeoutMs` with
 * `POOL_TIMEOUT` (`timeout waiting for available instance`), or earlier when the caller's deadline comes first, and
 * a new instance is made within what is left of that deadline; an instance returned `broken`, or holding more than
 * `maxRetainedMemoryBytes` of memory, is closed, never reused.
 * After `drain()` or `close()`, `acquire` fails with `POOL_CLOSED`.
 * Does not guarantee: which idle instance a caller gets (plugins must be stateless), or that an instance stays warm.
 *
 * @example
 * ```ts
 * const instance = await pool.acquire();
 * try { return await instance.call('echo', input, { timeoutMs }); } finally { pool.release(instance); }
 * ```
 */
export class InstancePool {
  private readonly options: ResolvedPoolOptions;
  private readonly idle: IdleInstance[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly drained: (() => void)[] = [];
  private inUse = 0;
  /** The instances checked out now (for {@link memory}); `inUse` also counts instances still being created. */
  private readonly out = new Set<PluginInstance>();
  private state: 'open' | 'draining' | 'closed' = 'open';
  private janitor: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly factory: InstanceFactory,
    options: PoolOptions = {},
    private readonly hooks: InstancePoolHooks = {},
  ) {
    this.options = resolvePoolOptions(options);
  }

  /** The limits this pool enforces, defaults applied. */
  get limits(): ResolvedPoolOptions {
    return this.options;
  }

  /** Current sizes. */
  sizes(): PoolSizes {
    return { idle: this.idle.length, inUse: this.inUse, waiting: this.waiters.length };
  }

  /** The linear memory of the pool's live instances (idle and checked out), for the admin page. */
  memory(): PoolMemory {
    let totalBytes = 0;
    let maxBytes = 0;
    let instances = 0;
    for (const instance of [...this.idle.map((e) => e.instance), ...this.out]) {
      const bytes = instance.memoryBytes();
      instances++;
      totalBytes += bytes;
      maxBytes = Math.max(maxBytes, bytes);
    }
    return { instances, totalBytes, maxBytes };
  }

  /**
   * Checks out an instance: an idle one when there is one, else a new one. Waits (in order of arrival) while
   * `maxInUse` are checked out, at most `acquireTimeoutMs` and never past `options.deadline`. Rejects with
   * `POOL_TIMEOUT` (`details.waitedMs` is the real wait), `POOL_CLOSED`, or the factory's error.
   */
  acquire(options: AcquireOptions = {}): Promise<PluginInstance> {
    if (this.state !== 'open') return Promise.reject(closedError());
    const { deadline } = options;
    if (this.waiters.length === 0 && this.inUse < this.options.maxInUse) {
      this.inUse++;
      return this.checkOut(deadline);
    }
    const since = Date.now();
    const waitMs = Math.min(
      this.options.acquireTimeoutMs,
      deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(0, deadline - since),
    );
    return new Promise<PluginInstance>((resolve, reject) => {
      const waiter: Waiter = { deadline, resolve, reject };
      waiter.timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        this.report();
        reject(
          new NdpError('POOL_TIMEOUT', 'timeout waiting for available instance', {
            details: {
              waitedMs: Date.now() - since,
              acquireTimeoutMs: this.options.acquireTimeoutMs,
              maxInUse: this.options.maxInUse,
            },
          }),
        );
      }, waitMs);
      this.waiters.push(waiter);
      this.report();
    });
  }

  /**
   * Returns a checked-out instance. A broken instance, one beyond `maxIdle`, or one that grew its memory above
   * `maxRetainedMemoryBytes` is closed instead of kept.
   */
  release(instance: PluginInstance): void {
    this.inUse = Math.max(0, this.inUse - 1);
    this.out.delete(instance);
    if (
      instance.broken ||
      this.state === 'closed' ||
      this.idle.length >= this.options.maxIdle ||
      instance.memoryBytes() > this.options.maxRetainedMemoryBytes
    ) {
      this.dispose(instance);
    } else {
      this.idle.push({ instance, returnedAt: Date.now() });
      this.startJanitor();
    }
    this.pump();
    this.settleIfDrained();
    this.report();
  }

  /**
   * Stops handing out instances to new callers, lets queued and checked-out calls finish, then closes every
   * instance. Resolves when the last one is back (used when a plugin version is replaced or removed).
   */
  drain(): Promise<void> {
    if (this.state === 'open') this.state = 'draining';
    return new Promise<void>((resolve) => {
      this.drained.push(resolve);
      this.settleIfDrained();
    });
  }

  /** Closes idle instances now, fails waiters with `POOL_CLOSED`; instances still out are closed on return. */
  async close(): Promise<void> {
    this.state = 'closed';
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(closedError());
    }
    await this.closeIdle(() => true);
    this.stopJanitor();
    this.settleIfDrained();
    this.report();
  }

  private async checkOut(deadline: number | undefined): Promise<PluginInstance> {
    const reused = this.idle.pop();
    this.report();
    if (reused) {
      this.out.add(reused.instance);
      return reused.instance;
    }
    try {
      const made = await this.factory(
        deadline === undefined ? {} : { timeoutMs: Math.max(1, deadline - Date.now()) },
      );
      this.out.add(made);
      return made;
    } catch (error) {
      this.inUse--;
      this.pump();
      this.settleIfDrained();
      this.report();
      throw error;
    }
  }

  private pump(): void {
    while (this.waiters.length > 0 && this.inUse < this.options.maxInUse && this.state !== 'closed') {
      const waiter = this.waiters.shift()!;
      clearTimeout(waiter.timer);
      this.inUse++;
      this.checkOut(waiter.deadline).then(waiter.resolve, waiter.reject);
    }
  }

  private settleIfDrained(): void {
    if (this.state === 'open' || this.inUse > 0 || this.waiters.length > 0) return;
    this.state = 'closed';
    void this.closeIdle(() => true).then(() => {
      this.stopJanitor();
      for (const resolve of this.drained.splice(0)) resolve();
    });
  }

  private async closeIdle(shouldClose: (entry: IdleInstance) => boolean): Promise<void> {
    const closing: IdleInstance[] = [];
    for (let i = this.idle.length - 1; i >= 0; i--) {
      if (shouldClose(this.idle[i]!)) closing.push(...this.idle.splice(i, 1));
    }
    if (this.idle.length === 0) this.stopJanitor();
    await Promise.all(closing.map((entry) => this.dispose(entry.instance)));
  }

  private dispose(instance: PluginInstance): Promise<void> {
    return instance.close().catch((error: unknown) => this.hooks.onCloseError?.(error));
  }

  private startJanitor(): void {
    if (this.janitor) return;
    // A third of the TTL, as an idle instance then lives at most 4/3 of it; unref'd so a pool never keeps a
    // process alive.
    const period = Math.max(10, Math.floor(this.options.idleTtlMs / 3));
    this.janitor = setInterval(() => {
      const cutoff = Date.now() - this.options.idleTtlMs;
      void this.closeIdle((entry) => entry.returnedAt <= cutoff).then(() => this.report());
    }, period);
    this.janitor.unref?.();
  }

  private stopJanitor(): void {
    if (this.janitor) clearInterval(this.janitor);
    this.janitor = undefined;
  }

  private report(): void {
    this.hooks.onSizes?.(this.sizes());
  }
}

function closedError(): NdpError<'POOL_CLOSED'> {
  return new NdpError(
    'POOL_CLOSED',
    'the plugin instance pool is closed (plugin removed, refreshed or host stopping)',
  );
}
