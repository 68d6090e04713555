import { createHash } from 'node:crypto';
import {
  capMemoryPages,
  capTableElements,
  readModuleInfo,
  WasmFormatError,
  type WasmModuleInfo,
} from '@ndp/domain';

/** A module ready to instantiate: analysed, memory-capped and compiled. */
export interface PreparedModule {
  /** SHA-256 (hex) of the original bytes. */
  readonly hash: string;
  readonly info: WasmModuleInfo;
  readonly module: WebAssembly.Module;
  /** Memory ceiling the module was capped at, in bytes. */
  readonly memoryLimitBytes: number;
}

/** What the on-disk cache keeps next to a rewritten module, to skip analysis and rewriting on a hit. */
export interface CachedAnalysis {
  readonly info: WasmModuleInfo;
  /** SHA-256 of the rewritten bytes, checked on read so a damaged cache file is never compiled. */
  readonly rewrittenHash: string;
}

/** Hex SHA-256 of a module's bytes: the key of every cache. */
export function moduleHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Analyses a module, rewrites its memory maximum and its tables' maximum to the ceilings and compiles it. Throws `Error`s whose message
 * says what is wrong with the bytes (the engine wraps them as COMPILE_FAILED).
 */
export async function prepareModule(
  bytes: Uint8Array,
  memoryLimitBytes: number,
  maxTableElements: number,
): Promise<PreparedModule & { readonly rewritten: Uint8Array }> {
  const hash = moduleHash(bytes);
  let info: WasmModuleInfo;
  let capped: Uint8Array;
  try {
    info = readModuleInfo(bytes);
    capped = capTableElements(capMemoryPages(bytes, Math.floor(memoryLimitBytes / 65536)), maxTableElements);
  } catch (e) {
    if (e instanceof WasmFormatError || e instanceof RangeError) throw new Error(e.message, { cause: e });
    throw e;
  }
  const module = await WebAssembly.compile(capped as Uint8Array<ArrayBuffer>);
  return { hash, info, module, memoryLimitBytes, rewritten: capped };
}

/** Compiles a module whose analysis and rewrite came from the on-disk cache; undefined if the entry is damaged. */
export async function prepareCached(
  hash: string,
  rewritten: Uint8Array,
  analysis: CachedAnalysis,
  memoryLimitBytes: number,
): Promise<PreparedModule | undefined> {
  if (moduleHash(rewritten) !== analysis.rewrittenHash) return undefined;
  const module = await WebAssembly.compile(rewritten as Uint8Array<ArrayBuffer>);
  return { hash, info: analysis.info, module, memoryLimitBytes };
}
