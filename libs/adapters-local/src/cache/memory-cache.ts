import type { Cache, CacheValue, Clock } from '@ndp/ports';
import { entrySize } from './entry-size.js';

/** Options of {@link MemoryCache}. Every field has a default. */
export interface MemoryCacheOptions {
  /**
   * Most entries kept, all plugins together; the least recently used go first. Default 10,000: enough for
   * the plugins' session tokens and lookups, small enough that a plugin filling its cache cannot take the
   * host's memory.
   */
  readonly maxEntries?: number;
  /**
   * Most bytes kept (as estimated by `entrySize`), all plugins together. Default 64 MiB. A single value larger
   * than this is not stored at all (a `set` of it only removes the previous value of that key).
   */
  readonly maxBytes?: number;
  /**
   * How often expired entries are swept out, in ms; 0 turns the sweep off (expired entries are still never
   * returned, and go when read or evicted). Default 60,000. The timer is unref'd: it never keeps the process alive.
   */
  readonly sweepIntervalMs?: number;
  /** The time source for expiry. Default: `Date.now`. Tests inject a fake one. */
  readonly clock?: Pick<Clock, 'now'>;
}

/** The default of {@link MemoryCacheOptions.maxEntries}. */
const DEFAULT_MAX_ENTRIES = 10_000;
/** The default of {@link MemoryCacheOptions.maxBytes}: 64 MiB. */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** The default of {@link MemoryCacheOptions.sweepIntervalMs}: one minute. */
const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

interface Entry {
  readonly pluginId: string;
  readonly key: string;
  readonly value: CacheValue;
  readonly expiresAt: number;
  readonly size: number;
}

/**
 * The single-node {@link Cache}: a bounded in-memory LRU with a TTL fixed at set time.
 *
 * Guarantees (beyond the port's): at most `maxEntries` entries and `maxBytes` estimated bytes, across all
 * plugins; when a `set` goes over either bound, the least recently used entries (set or read by `get`; `has`
 * does not count as a use) are evicted, whichever plugin they belong to. Namespaces are kept structurally (one
 * map per plugin), so no key or plugin id can collide with another. Expired entries are never returned; they are
 * dropped when read and by a periodic sweep.
 * Reads and writes answer synchronously (a plugin's cache call then never suspends its guest) and report bad input
 * or use after `close` by throwing; `clear` and `close` resolve.
 * Does not guarantee: fairness between plugins (one busy plugin can evict the others' entries), or anything
 * after `close` (calls then throw).
 *
 * @example
 * ```ts
 * const cache = new MemoryCache({ maxEntries: 1_000, maxBytes: 8 << 20 });
 * cache.set('lastfm', 'token', { type: 'string', value: 't' }, 60_000);
 * ```
 */
export class MemoryCache implements Cache {
  private readonly namespaces = new Map<string, Map<string, Entry>>();
  // A Set iterates in insertion order, so re-inserting on use keeps the least recently used entry first.
  private readonly recency = new Set<Entry>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly sweepTimer: ReturnType<typeof setInterval> | undefined;
  private totalBytes = 0;
  private closed = false;

  constructor(options: MemoryCacheOptions = {}) {
    this.maxEntries = positive('maxEntries', options.maxEntries ?? DEFAULT_MAX_ENTRIES);
    this.maxBytes = positive('maxBytes', options.maxBytes ?? DEFAULT_MAX_BYTES);
    this.clock = options.clock ?? Date;
    const sweepMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    if (sweepMs > 0) {
      this.sweepTimer = setInterval(() => this.sweep(), sweepMs);
      this.sweepTimer.unref();
    }
  }

  /** The number of entries held now, expired ones not yet swept included. For metrics and tests. */
  get size(): number {
    return this.recency.size;
  }

  /** The estimated bytes held now (see `entrySize`). For metrics and tests. */
  get bytes(): number {
    return this.totalBytes;
  }

  set(pluginId: string, key: string, value: CacheValue, ttlMs: number): void {
    this.assertOpen();
    if (!(ttlMs > 0)) throw new RangeError(`cache ttlMs must be a positive number of ms, got ${ttlMs}`);
    this.delete(this.namespaces.get(pluginId)?.get(key));
    const stored = copyValue(value);
    const entry: Entry = {
      pluginId,
      key,
      value: stored,
      expiresAt: this.clock.now() + ttlMs,
      size: entrySize(key, stored),
    };
    if (entry.size > this.maxBytes) return;
    let namespace = this.namespaces.get(pluginId);
    if (!namespace) {
      namespace = new Map();
      this.namespaces.set(pluginId, namespace);
    }
    namespace.set(key, entry);
    this.recency.add(entry);
    this.totalBytes += entry.size;
    this.evictOverflow();
  }

  get(pluginId: string, key: string): CacheValue | undefined {
    this.assertOpen();
    const entry = this.live(pluginId, key);
    if (!entry) return undefined;
    this.recency.delete(entry);
    this.recency.add(entry);
    return copyValue(entry.value);
  }

  has(pluginId: string, key: string): boolean {
    this.assertOpen();
    return this.live(pluginId, key) !== undefined;
  }

  remove(pluginId: string, key: string): boolean {
    this.assertOpen();
    const entry = this.live(pluginId, key);
    this.delete(entry);
    return entry !== undefined;
  }

  async clear(pluginId: string): Promise<void> {
    this.assertOpen();
    const namespace = this.namespaces.get(pluginId);
    if (!namespace) return;
    for (const entry of [...namespace.values()]) this.delete(entry);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.namespaces.clear();
    this.recency.clear();
    this.totalBytes = 0;
  }

  /** Removes every expired entry now. The periodic sweep calls this; tests may too. */
  sweep(): void {
    const now = this.clock.now();
    for (const entry of [...this.recency]) if (entry.expiresAt <= now) this.delete(entry);
  }

  // The entry under the key if it has not expired; an expired one is dropped on the way.
  private live(pluginId: string, key: string): Entry | undefined {
    const entry = this.namespaces.get(pluginId)?.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.clock.now()) return entry;
    this.delete(entry);
    return undefined;
  }

  private delete(entry: Entry | undefined): void {
    if (!entry) return;
    const namespace = this.namespaces.get(entry.pluginId);
    if (namespace?.get(entry.key) !== entry) return;
    namespace.delete(entry.key);
    if (namespace.size === 0) this.namespaces.delete(entry.pluginId);
    this.recency.delete(entry);
    this.totalBytes -= entry.size;
  }

  private evictOverflow(): void {
    // Bounded: each pass removes one entry, and the set only shrinks here.
    while (this.recency.size > this.maxEntries || this.totalBytes > this.maxBytes) {
      const oldest = this.recency.values().next();
      if (oldest.done) return;
      this.delete(oldest.value);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('MemoryCache is closed');
  }
}

// Bytes are copied in and out so that neither the plugin's buffer nor a reader can change what is stored
// (`new Uint8Array(x)` copies even a Buffer, whose `slice` would be a view).
function copyValue(value: CacheValue): CacheValue {
  return value.type === 'bytes' ? { type: 'bytes', value: new Uint8Array(value.value) } : { ...value };
}

function positive(name: string, n: number): number {
  if (!Number.isFinite(n) || n <= 0)
    throw new RangeError(`MemoryCache ${name} must be a positive number, got ${n}`);
  return n;
}
