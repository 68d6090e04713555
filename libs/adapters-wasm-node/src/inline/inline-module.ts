import { capMemoryPages } from '@ndp/domain';
import type { ModuleCache } from '@ndp/ports';
import { moduleHash } from '../module/compile-module.js';
import { INLINE_ABI } from './inline-abi.js';
import { transformForInline } from './inline-transform.js';

/** A module ready for the inline executor: transformed, memory-capped and compiled. */
export interface InlineModule {
  readonly module: WebAssembly.Module;
  /** Whether its deadline check can suspend (cooperative yielding). */
  readonly yielding: boolean;
}

/** What {@link prepareInlineModule} works from. */
export interface InlineModuleSource {
  /** The original module bytes and their SHA-256. */
  readonly bytes: Uint8Array;
  readonly hash: string;
  readonly memoryLimitBytes: number;
  readonly yielding: boolean;
  readonly moduleCache?: ModuleCache | undefined;
}

interface CachedInline {
  readonly rewrittenHash: string;
}

/** Transforms kept for the life of the process, by hash and variant: engines come and go, the bytes do not. */
const transforms = new Map<string, Promise<Uint8Array>>();
const MAX_TRANSFORMS = 64;

function transformOnce(bytes: Uint8Array, hash: string, yielding: boolean): Promise<Uint8Array> {
  const key = `${hash}:${yielding ? 'yield' : 'plain'}`;
  const known = transforms.get(key);
  if (known) return known;
  if (transforms.size >= MAX_TRANSFORMS) transforms.delete(transforms.keys().next().value!);
  const made = transformForInline(bytes, { yielding });
  transforms.set(key, made);
  made.catch(() => transforms.delete(key));
  return made;
}

/**
 * Gives the inline variant of a module: from the on-disk module cache when it holds it (variant
 * `inline-v1[-yield]-<pages>p`, checked against the hash recorded beside it), else by transforming once per hash in
 * this process and storing the result. Rejects with `InlineTransformRejected` when the module cannot run inline.
 */
export async function prepareInlineModule(source: InlineModuleSource): Promise<InlineModule> {
  const pages = Math.floor(source.memoryLimitBytes / 65536);
  const variant = INLINE_ABI.cacheVariant(source.yielding, pages);
  const hit = await source.moduleCache?.get(source.hash, variant);
  if (hit) {
    const meta = JSON.parse(hit.metadata) as Partial<CachedInline>;
    if (meta.rewrittenHash === moduleHash(hit.bytes)) {
      return {
        module: await WebAssembly.compile(hit.bytes as Uint8Array<ArrayBuffer>),
        yielding: source.yielding,
      };
    }
  }
  const transformed = await transformOnce(source.bytes, source.hash, source.yielding);
  const capped = capMemoryPages(transformed, pages);
  const module = await WebAssembly.compile(capped as Uint8Array<ArrayBuffer>);
  if (source.moduleCache) {
    const meta: CachedInline = { rewrittenHash: moduleHash(capped) };
    await source.moduleCache.put(source.hash, variant, { bytes: capped, metadata: JSON.stringify(meta) });
  }
  return { module, yielding: source.yielding };
}
