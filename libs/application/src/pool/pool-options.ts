/**
 * Limits of one plugin version's instance pool (docs/contract.md §6). Every field is optional; the defaults are the contract's.
 */
export interface PoolOptions {
  /** Instances kept idle for reuse; more are closed on return. Default 8: warm instances without hoarding memory. */
  readonly maxIdle?: number;
  /** Instances checked out at once; further callers wait. Default 10: bounds memory and CPU per plugin. */
  readonly maxInUse?: number;
  /** How long a caller waits for a free slot before `POOL_TIMEOUT`. Default 5 s. */
  readonly acquireTimeoutMs?: number;
  /** An idle instance is closed this long after its last return. Default 60 s. */
  readonly idleTtlMs?: number;
  /**
   * An instance that ends a call holding more memory than this (bytes, its linear memory and Extism memory) is
   * closed on return instead of kept idle. Default 64 MiB, half the default memory ceiling: memory never shrinks,
   * so a call that grew an instance (a hostile plugin, or one huge request) would otherwise pin it in the pool.
   */
  readonly maxRetainedMemoryBytes?: number;
}

/** {@link PoolOptions} with every default applied. */
export type ResolvedPoolOptions = Required<PoolOptions>;

/** The defaults of docs/contract.md §6. */
export const DEFAULT_POOL_OPTIONS: ResolvedPoolOptions = Object.freeze({
  maxIdle: 8,
  maxInUse: 10,
  acquireTimeoutMs: 5_000,
  idleTtlMs: 60_000,
  maxRetainedMemoryBytes: 64 * 1024 * 1024,
});

/** Applies the defaults; rejects nonsense (a pool that can never hand out an instance) with a RangeError. */
export function resolvePoolOptions(options: PoolOptions = {}): ResolvedPoolOptions {
  const resolved = { ...DEFAULT_POOL_OPTIONS, ...stripUndefined(options) };
  if (!(resolved.maxInUse >= 1))
    throw new RangeError(`pool maxInUse must be at least 1, got ${resolved.maxInUse}`);
  if (!(resolved.maxIdle >= 0))
    throw new RangeError(`pool maxIdle must be at least 0, got ${resolved.maxIdle}`);
  if (!(resolved.acquireTimeoutMs >= 0)) throw new RangeError('pool acquireTimeoutMs must not be negative');
  if (!(resolved.idleTtlMs > 0)) throw new RangeError('pool idleTtlMs must be positive');
  if (!(resolved.maxRetainedMemoryBytes > 0))
    throw new RangeError(
      `pool maxRetainedMemoryBytes must be positive, got ${resolved.maxRetainedMemoryBytes}`,
    );
  return Object.freeze(resolved);
}

function stripUndefined(options: PoolOptions): PoolOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as PoolOptions;
}
