import type { Cache } from '../../cache.js';
import type { CacheValue } from '../../cache-value.js';

interface Entry {
  readonly value: CacheValue;
  readonly expiresAt: number;
}

function copyOf(value: CacheValue): CacheValue {
  return value.type === 'bytes' ? { type: 'bytes', value: value.value.slice() } : value;
}

/**
 * A small, honest {@link Cache} for tests of code that uses the port: a map per plugin, expiry checked on read.
 *
 * Guarantees: passes the cache contract suite. Does not: bound its size or evict (the production memory cache
 * in adapters-local does), or run timers (expired entries are dropped when touched).
 *
 * @example
 * ```ts
 * const cache = new InMemoryCache();
 * await cache.set('p', 'k', { type: 'int', value: 1n }, 1_000);
 * ```
 */
export class InMemoryCache implements Cache {
  // A map per plugin: the namespace is structural, so no key can reach another plugin's entries.
  private readonly plugins = new Map<string, Map<string, Entry>>();

  async set(pluginId: string, key: string, value: CacheValue, ttlMs: number): Promise<void> {
    let entries = this.plugins.get(pluginId);
    if (!entries) this.plugins.set(pluginId, (entries = new Map()));
    entries.set(key, { value: copyOf(value), expiresAt: Date.now() + ttlMs });
  }

  async get(pluginId: string, key: string): Promise<CacheValue | undefined> {
    const entry = this.live(pluginId, key);
    return entry && copyOf(entry.value);
  }

  async has(pluginId: string, key: string): Promise<boolean> {
    return this.live(pluginId, key) !== undefined;
  }

  async remove(pluginId: string, key: string): Promise<boolean> {
    const existed = this.live(pluginId, key) !== undefined;
    this.plugins.get(pluginId)?.delete(key);
    return existed;
  }

  async clear(pluginId: string): Promise<void> {
    this.plugins.delete(pluginId);
  }

  async close(): Promise<void> {
    this.plugins.clear();
  }

  private live(pluginId: string, key: string): Entry | undefined {
    const entries = this.plugins.get(pluginId);
    const entry = entries?.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      entries?.delete(key);
      return undefined;
    }
    return entry;
  }
}
