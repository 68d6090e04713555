import { NdpError } from '@ndp/domain';
import type { ModuleCache } from '@ndp/ports';
import {
  moduleHash,
  prepareCached,
  prepareModule,
  type CachedAnalysis,
  type PreparedModule,
} from './compile-module.js';

/**
 * The engine's prepared modules, kept in memory by content hash and ceiling so equal bytes compile once, and in
 * the optional module cache between runs.
 *
 * Guarantees: one preparation per hash and ceiling at a time (a failed one is forgotten, so a later compile tries
 * again); failures reject with COMPILE_FAILED naming the plugin; once {@link close} resolves nothing more is
 * written to the module cache (writes under way are waited for, later ones skipped).
 */
export class PreparedModules {
  private readonly memo = new Map<string, Promise<PreparedModule>>();
  private readonly writes = new Set<Promise<void>>();
  private closed = false;
  /** The module cache as the engine's parts use it (guarded by {@link close}). */
  readonly cache: ModuleCache | undefined;

  constructor(
    cache: ModuleCache | undefined,
    private readonly maxTableElements: number,
  ) {
    this.cache = cache && this.guarded(cache);
  }

  /** `wasm` analysed, capped at `memoryLimitBytes` (and the table ceiling) and compiled. */
  get(wasm: Uint8Array, memoryLimitBytes: number, pluginId: string): Promise<PreparedModule> {
    const hash = moduleHash(wasm);
    const key = `${hash}:${memoryLimitBytes}`;
    const known = this.memo.get(key);
    if (known) return known;
    const p = this.compileFresh(wasm, hash, memoryLimitBytes, pluginId);
    this.memo.set(key, p);
    p.catch(() => this.memo.delete(key));
    return p;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.writes]);
  }

  private guarded(cache: ModuleCache): ModuleCache {
    return {
      get: (hash, variant) => cache.get(hash, variant),
      purge: (maxBytes) => cache.purge(maxBytes),
      put: async (hash, variant, entry) => {
        if (this.closed) return;
        const write = cache.put(hash, variant, entry);
        this.writes.add(write);
        try {
          await write;
        } finally {
          this.writes.delete(write);
        }
      },
    };
  }

  private async compileFresh(
    wasm: Uint8Array,
    hash: string,
    memoryLimitBytes: number,
    pluginId: string,
  ): Promise<PreparedModule> {
    const variant = `capped-${Math.floor(memoryLimitBytes / 65536)}p-${this.maxTableElements}t`;
    try {
      const hit = await this.cache?.get(hash, variant);
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
      if (this.cache) {
        const analysis: CachedAnalysis = { info: prepared.info, rewrittenHash: moduleHash(rewritten) };
        await this.cache.put(hash, variant, { bytes: rewritten, metadata: JSON.stringify(analysis) });
      }
      return prepared;
    } catch (e) {
      throw new NdpError(
        'COMPILE_FAILED',
        `plugin "${pluginId}": plugin.wasm cannot be compiled: ${(e as Error).message}`,
        { cause: e, details: { pluginId } },
      );
    }
  }
}
