import { capMemoryPages, capTableElements } from '@ndp/domain';
import type { ModuleCache } from '@ndp/ports';
import { moduleHash } from '../module/compile-module.js';
import { INLINE_ABI } from './inline-abi.js';
import type { TransformThread } from './transform-thread.js';

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
  readonly maxTableElements: number;
  readonly yielding: boolean;
  readonly moduleCache?: ModuleCache | undefined;
}

interface CachedInline {
  readonly rewrittenHash: string;
}

interface Memo {
  readonly made: Promise<Uint8Array>;
  /** Set once `made` resolved, so a caller can tell a finished transform from one still running. */
  done?: Uint8Array;
}

/** Transforms kept for the life of the process, by hash and variant: engines come and go, the bytes do not. */
const transforms = new Map<string, Memo>();
const MAX_TRANSFORMS = 64;

function transformOnce(thread: TransformThread, bytes: Uint8Array, hash: string, yielding: boolean): Memo {
  const key = `${hash}:${yielding ? 'yield' : 'plain'}`;
  const known = transforms.get(key);
  if (known) return known;
  if (transforms.size >= MAX_TRANSFORMS) transforms.delete(transforms.keys().next().value!);
  const memo: Memo = { made: thread.transform(bytes, yielding) };
  memo.made.then(
    (b) => (memo.done = b),
    () => transforms.delete(key),
  );
  transforms.set(key, memo);
  return memo;
}

/** How {@link prepareInlineModule} reaches the transform and reports progress. */
export interface InlinePreparation {
  /** Where the transform runs (never the calling thread). */
  readonly thread: TransformThread;
  /**
   * Called at most once, when neither the module cache nor this process has the transformed module and the
   * caller would wait for a transform (seconds for large modules) rather than for a cache read.
   */
  readonly onTransform?: () => void;
}

/**
 * Gives the inline variant of a module: from the on-disk module cache when it holds it (variant
 * `inline-v1[-yield]-<pages>p`, checked against the hash recorded beside it), else by transforming once per hash in
 * this process, on the transform thread, and storing the result. Rejects with `InlineTransformRejected` when the
 * module cannot run inline.
 */
export async function prepareInlineModule(
  source: InlineModuleSource,
  preparation: InlinePreparation,
): Promise<InlineModule> {
  const pages = Math.floor(source.memoryLimitBytes / 65536);
  const variant = INLINE_ABI.cacheVariant(source.yielding, pages, source.maxTableElements);
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
  const memo = transformOnce(preparation.thread, source.bytes, source.hash, source.yielding);
  if (!memo.done) preparation.onTransform?.();
  const transformed = memo.done ?? (await memo.made);
  const capped = capTableElements(capMemoryPages(transformed, pages), source.maxTableElements);
  const module = await WebAssembly.compile(capped as Uint8Array<ArrayBuffer>);
  if (source.moduleCache) {
    const meta: CachedInline = { rewrittenHash: moduleHash(capped) };
    await source.moduleCache.put(source.hash, variant, { bytes: capped, metadata: JSON.stringify(meta) });
  }
  return { module, yielding: source.yielding };
}
