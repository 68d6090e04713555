/** One cached module: the bytes an engine derived from a plugin module, and the engine's own notes on them. */
export interface ModuleCacheEntry {
  /** The analysed or rewritten module bytes. */
  readonly bytes: Uint8Array;
  /** Opaque to the cache (an engine typically stores JSON of its analysis). */
  readonly metadata: string;
}

/** What `purge` did. */
export interface ModuleCachePurge {
  readonly removedEntries: number;
  readonly freedBytes: number;
}

/**
 * The on-disk store of what is costly to recompute per module (`<CacheFolder>/plugins`), keyed by the SHA-256
 * of the original module and a `variant` naming the transformation (e.g. `memory-cap-16MiB`, `asyncify-v1`).
 *
 * Guarantees: an entry read back is byte-for-byte what was put; a torn or corrupt entry reads as absent, never
 * as wrong bytes; `put` of an existing key replaces it; `purge(maxBytes)` removes the least recently used
 * entries (a `get` counts as a use) until the total is at most `maxBytes`.
 * Does not guarantee: that an entry survives (any entry may be purged or lost), or sharing between engines that
 * choose different variants.
 *
 * @example
 * ```ts
 * const hit = await modules.get(hash, 'node-v1');
 * if (!hit) await modules.put(hash, 'node-v1', { bytes: rewritten, metadata: JSON.stringify(analysis) });
 * ```
 */
export interface ModuleCache {
  get(hash: string, variant: string): Promise<ModuleCacheEntry | undefined>;
  put(hash: string, variant: string, entry: ModuleCacheEntry): Promise<void>;
  purge(maxBytes: number): Promise<ModuleCachePurge>;
}
