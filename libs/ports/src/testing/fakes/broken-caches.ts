import type { Cache } from '../../cache.js';
import type { CacheValue } from '../../cache-value.js';
import { InMemoryCache } from './in-memory-cache.js';

/**
 * Deliberately faulty caches. Each one has exactly one defect that the cache contract suite must catch; the
 * specs beside them prove it does. Never use them for anything else.
 */
abstract class CacheDecorator implements Cache {
  protected readonly inner = new InMemoryCache();
  set(pluginId: string, key: string, value: CacheValue, ttlMs: number): Promise<void> {
    return this.inner.set(pluginId, key, value, ttlMs);
  }
  get(pluginId: string, key: string): Promise<CacheValue | undefined> {
    return this.inner.get(pluginId, key);
  }
  has(pluginId: string, key: string): Promise<boolean> {
    return this.inner.has(pluginId, key);
  }
  remove(pluginId: string, key: string): Promise<boolean> {
    return this.inner.remove(pluginId, key);
  }
  clear(pluginId: string): Promise<void> {
    return this.inner.clear(pluginId);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Defect: every read re-arms the ttl (sliding expiry). */
export class SlidingExpiryCache extends CacheDecorator {
  private readonly ttls = new Map<string, number>();
  override set(pluginId: string, key: string, value: CacheValue, ttlMs: number): Promise<void> {
    this.ttls.set(JSON.stringify([pluginId, key]), ttlMs);
    return super.set(pluginId, key, value, ttlMs);
  }
  override async get(pluginId: string, key: string): Promise<CacheValue | undefined> {
    const value = await super.get(pluginId, key);
    const ttl = this.ttls.get(JSON.stringify([pluginId, key]));
    if (value && ttl !== undefined) await super.set(pluginId, key, value, ttl);
    return value;
  }
  override async has(pluginId: string, key: string): Promise<boolean> {
    return (await this.get(pluginId, key)) !== undefined;
  }
}

/** Defect: ints pass through a JS number, so they lose precision above 2^53. */
export class IntAsNumberCache extends CacheDecorator {
  override set(pluginId: string, key: string, value: CacheValue, ttlMs: number): Promise<void> {
    const stored: CacheValue =
      value.type === 'int' ? { type: 'int', value: BigInt(Number(value.value)) } : value;
    return super.set(pluginId, key, stored, ttlMs);
  }
}

/** Defect: all plugins share one namespace. */
export class SharedNamespaceCache extends CacheDecorator {
  override set(_pluginId: string, key: string, value: CacheValue, ttlMs: number): Promise<void> {
    return super.set('shared', key, value, ttlMs);
  }
  override get(_pluginId: string, key: string): Promise<CacheValue | undefined> {
    return super.get('shared', key);
  }
  override has(_pluginId: string, key: string): Promise<boolean> {
    return super.has('shared', key);
  }
  override remove(_pluginId: string, key: string): Promise<boolean> {
    return super.remove('shared', key);
  }
  override clear(_pluginId: string): Promise<void> {
    return super.clear('shared');
  }
}

/** Defect: returns the stored array itself, so callers can change what is cached. */
export class AliasedBytesCache extends CacheDecorator {
  private readonly raw = new Map<string, Uint8Array>();
  override set(pluginId: string, key: string, value: CacheValue, ttlMs: number): Promise<void> {
    if (value.type === 'bytes') this.raw.set(JSON.stringify([pluginId, key]), value.value);
    return super.set(pluginId, key, value, ttlMs);
  }
  override async get(pluginId: string, key: string): Promise<CacheValue | undefined> {
    const value = await super.get(pluginId, key);
    const raw = this.raw.get(JSON.stringify([pluginId, key]));
    return value?.type === 'bytes' && raw ? { type: 'bytes', value: raw } : value;
  }
}
